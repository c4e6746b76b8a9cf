// Filters on strings and numbers.
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "template/filter_support.h"
#include "template/number_format.h"
#include "template/py_text.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace trellis::tmpl {

namespace filters {

Value fLower(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    return Value(py::lower(text(r, v, at)));
}
Value fUpper(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    return Value(py::upper(text(r, v, at)));
}

Value fCapitalize(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    const std::u32string u = py::toUtf32(text(r, v, at));
    if (u.empty())
        return Value(std::string());
    return Value(py::upper(py::toUtf8(u.substr(0, 1))) + py::lower(py::toUtf8(u.substr(1))));
}

Value fTitle(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    // Jinja2: split on runs of [-\s({\[<], capitalize every piece.
    const std::u32string u = py::toUtf32(text(r, v, at));
    auto isSep = [](char32_t c) {
        return py::isSpace(c) || c == '-' || c == '(' || c == '{' || c == '[' || c == '<';
    };
    std::string out;
    size_t i = 0;
    while (i < u.size()) {
        size_t j = i;
        const bool sep = isSep(u[i]);
        while (j < u.size() && isSep(u[j]) == sep)
            ++j;
        const std::u32string piece = u.substr(i, j - i);
        if (sep)
            out += py::toUtf8(piece);
        else
            out +=
                py::upper(py::toUtf8(piece.substr(0, 1))) + py::lower(py::toUtf8(piece.substr(1)));
        i = j;
    }
    return Value(std::move(out));
}

void appendTrim(Renderer &r, const Value &v, const CallArgs &args, const Expr &at,
                std::string &out) {
    const Value *chars = optArg(args, 0, "chars");
    const std::string converted = v.isString() ? std::string() : text(r, v, at);
    const std::string &s = v.isString() ? v.asString() : converted;
    if (chars && chars->isString())
        out += py::stripChars(s, chars->asString(), true, true);
    else if (py::stripIsNoop(s, true, true))
        out += s;
    else
        out += py::strip(s, true, true);
}

Value fTrim(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const Value *chars = optArg(args, 0, "chars");
    if (v.isString() && !v.isMarkup() && !(chars && chars->isString())
        && py::stripIsNoop(v.asString(), true, true))
        return v; // nothing to strip: share the string instead of copying it
    std::string out;
    appendTrim(r, v, args, at, out);
    return Value(std::move(out));
}

Value fCenter(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const std::string s = text(r, v, at);
    const std::int64_t width = intArg(r, args, 0, "width", 80, at);
    const std::int64_t len = py::length(s);
    if (width <= len)
        return Value(s);
    r.checkSize(size_t(width), at);
    const std::int64_t marg = width - len;
    const std::int64_t left = marg / 2 + (marg & width & 1);
    return Value(std::string(size_t(left), ' ') + s + std::string(size_t(marg - left), ' '));
}

Value fReplace(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const std::string s = text(r, v, at);
    const std::string oldS = strArg(r, args, 0, "old", "", at);
    const std::string newS = strArg(r, args, 1, "new", "", at);
    if (!optArg(args, 0, "old") || !optArg(args, 1, "new"))
        r.fail("replace() missing required arguments 'old' and 'new'", at);
    std::int64_t count = intArg(r, args, 2, "count", -1, at);
    std::string out;
    if (oldS.empty()) {
        const std::u32string u = py::toUtf32(s);
        for (size_t i = 0; i <= u.size(); ++i) {
            if (count != 0) {
                out += newS;
                --count;
            }
            if (i < u.size())
                py::appendUtf8(out, u[i]);
            r.checkSize(out.size(), at);
        }
        return Value(std::move(out));
    }
    size_t start = 0;
    while (count != 0) {
        const size_t p = s.find(oldS, start);
        if (p == std::string::npos)
            break;
        out.append(s, start, p - start);
        out += newS;
        start = p + oldS.size();
        --count;
        r.checkSize(out.size(), at);
    }
    out.append(s, start, std::string::npos);
    return Value(std::move(out));
}

void appendIndent(Renderer &r, const Value &v, const CallArgs &args, const Expr &at,
                  std::string &rv) {
    r.requireDefined(v, at);
    const std::string converted = v.isString() ? std::string() : text(r, v, at);
    const std::string &s = v.isString() ? v.asString() : converted;
    const Value *w = optArg(args, 0, "width");
    std::string indention;
    if (w && w->isString())
        indention = w->asString();
    else
        indention = std::string(
            size_t(std::clamp<std::int64_t>(intArg(r, args, 0, "width", 4, at), 0, 1 << 20)), ' ');
    const bool first = boolArg(args, 1, "first", false);
    const bool blank = boolArg(args, 2, "blank", false);
    // Jinja2 runs splitlines() on s + "\n": every segment between line breaks, the last one
    // included even when empty. Built in one pass.
    rv.reserve(rv.size() + s.size() + s.size() / 8 * indention.size() + indention.size());
    if (first)
        rv += indention;
    // Python's str.splitlines() breaks at \n \r \v \f \x1c \x1d \x1e and, beyond ASCII, at
    // U+0085, U+2028 and U+2029 (UTF-8 C2 85, E2 80 A8, E2 80 A9). Returns the break's length
    // in bytes at `i`, 0 when there is none.
    auto breakAt = [&s](size_t i) -> size_t {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20)
            return (c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1e))
                       ? ((c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1)
                       : 0;
        if (c == 0xC2)
            return (i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x85) ? 2 : 0;
        if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
            const auto c2 = static_cast<unsigned char>(s[i + 2]);
            return (c2 == 0xA8 || c2 == 0xA9) ? 3 : 0;
        }
        return 0;
    };
    size_t pos = 0;
    bool firstLine = true;
    while (true) {
        size_t i = pos;
        size_t breakLen = 0;
        while (i < s.size()) {
            // Every break starts with a byte below 0x20 or above 0x7f, i.e. below 0x20 as a
            // signed byte: 16 bytes at a time with SSE2 (always there on x86-64), then eight
            // at a time with the classic "has byte less than n" bit trick.
#if defined(__SSE2__)
            while (i + 16 <= s.size()) {
                const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s.data() + i));
                const int mask = _mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8(0x20)));
                if (mask != 0) {
                    i += size_t(__builtin_ctz(unsigned(mask)));
                    break;
                }
                i += 16;
            }
#endif
            while (i + 8 <= s.size()) {
                std::uint64_t x;
                std::memcpy(&x, s.data() + i, 8);
                constexpr std::uint64_t ones = 0x0101010101010101ULL;
                if ((((x - ones * 0x20) & ~x) | x) & (ones * 0x80))
                    break;
                i += 8;
            }
            if (i >= s.size())
                break;
            const auto c = static_cast<unsigned char>(s[i]);
            if ((c < 0x20 || c >= 0x80) && (breakLen = breakAt(i)) != 0)
                break;
            ++i;
        }
        const std::string_view line(s.data() + pos, i - pos);
        if (!firstLine) {
            rv += '\n';
            if (blank || !line.empty())
                rv += indention;
        }
        rv += line;
        firstLine = false;
        if (i >= s.size())
            break;
        pos = i + breakLen;
        r.checkSize(rv.size(), at);
    }
    r.checkSize(rv.size(), at);
}

Value fIndent(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    std::string rv;
    appendIndent(r, v, args, at, rv);
    return Value(std::move(rv));
}

Value fTruncate(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const std::u32string s = py::toUtf32(text(r, v, at));
    const std::int64_t length = intArg(r, args, 0, "length", 255, at);
    const bool killwords = boolArg(args, 1, "killwords", false);
    const std::u32string end = py::toUtf32(strArg(r, args, 2, "end", "...", at));
    const std::int64_t leeway = intArg(r, args, 3, "leeway", 5, at);
    if (length < std::int64_t(end.size()))
        r.fail("expected length >= " + std::to_string(end.size()) + ", got "
                   + std::to_string(length),
               at);
    if (leeway < 0)
        r.fail("expected leeway >= 0, got " + std::to_string(leeway), at);
    if (std::int64_t(s.size()) <= length + leeway)
        return Value(py::toUtf8(s));
    std::u32string head = s.substr(0, size_t(length) - end.size());
    if (!killwords) {
        const size_t sp = head.rfind(U' ');
        if (sp != std::u32string::npos)
            head = head.substr(0, sp);
    }
    return Value(py::toUtf8(head + end));
}

Value fWordcount(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    std::int64_t n = 0;
    bool inWord = false;
    for (const char32_t c : py::toUtf32(text(r, v, at))) {
        const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                          || c == '_'
                          || (c >= 0xAA && !py::isSpace(c) && !(c >= 0x2000 && c <= 0x206F)
                              && c != 0xD7 && c != 0xF7 && !(c >= 0x3000 && c <= 0x303F));
        if (word && !inWord)
            ++n;
        inWord = word;
    }
    return Value(n);
}

Value fEscape(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    if (v.isMarkup())
        return v;
    return Value::markup(htmlEscape(text(r, v, at)));
}

Value fForceEscape(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    return Value::markup(htmlEscape(text(r, v, at)));
}

Value fSafe(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    return Value::markup(text(r, v, at));
}

Value fString(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    if (v.isString())
        return v;
    return Value(text(r, v, at));
}

Value fFormat(Renderer &r, const Value &v, const CallArgs &args, const Expr &at);

// format's appending form (output and '+' chains): the same text as fFormat's value.
void appendFormat(Renderer &r, const Value &v, const CallArgs &args, const Expr &at,
                  std::string &out) {
    const bool single = args.kwargs.empty() && args.positional.size() == 1
                        && !args.positional[0].isTuple() && !args.positional[0].isDict();
    if (!single || !v.isString() || v.isMarkup()) {
        fFormat(r, v, args, at).appendStr(out);
        return;
    }
    appendPercentFormat(r, v.asString(), args.positional[0], at, out);
}

Value fFormat(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    if (!args.positional.empty() && !args.kwargs.empty())
        r.fail("can't handle positional and keyword arguments at the same time", at);
    if (!args.kwargs.empty()) {
        auto dict = std::make_shared<DictObject>();
        for (const auto &[k, val] : args.kwargs)
            dict->set(Value(std::string(k)), val);
        return percentFormat(r, v, v.isString() ? v.asString() : text(r, v, at), Value::dict(dict),
                             at);
    }
    // One argument that `%` would not unpack (not a tuple, not a mapping) is passed as it is:
    // the same result as the one-element tuple Jinja2 builds, without building it.
    const bool single = args.positional.size() == 1 && !args.positional[0].isTuple()
                        && !args.positional[0].isDict();
    const Value packed = single ? Value() : Value::tuple(args.positional);
    const Value &operand = single ? args.positional[0] : packed;
    if (v.isString())
        return percentFormat(r, v, v.asString(), operand, at);
    return percentFormat(r, v, text(r, v, at), operand, at);
}

Value fAbs(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    if (v.isFloat())
        return Value(std::fabs(v.asFloat()));
    if (v.isInt() || v.isBool()) {
        if (v.asInt() == INT64_MIN)
            r.fail("integer overflow", at);
        return Value(v.asInt() < 0 ? -v.asInt() : v.asInt());
    }
    r.requireDefined(v, at);
    r.fail("bad operand type for abs(): '" + v.typeName() + "'", at);
}

// Python float(str): also used by filesizeformat (filters_web.cpp).
bool parsePyFloat(const std::string &raw, double &out) {
    const std::string s = py::strip(raw, true, true);
    if (s.empty() || s.find('_') == 0 || s.find("__") != std::string::npos)
        return false;
    std::string clean;
    for (const char c : s) {
        if (c != '_')
            clean.push_back(c);
    }
    const std::string lo = py::lower(clean);
    const std::string body = (lo[0] == '+' || lo[0] == '-') ? lo.substr(1) : lo;
    if (body == "inf" || body == "infinity" || body == "nan") {
        out = body == "nan" ? NAN : (lo[0] == '-' ? -INFINITY : INFINITY);
        return true;
    }
    for (const char c : body) {
        if (!((c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '+' || c == '-'))
            return false;
    }
    char *end = nullptr;
    out = std::strtod(clean.c_str(), &end);
    return end && *end == '\0';
}

namespace {

bool parsePyInt(const std::string &raw, int base, std::int64_t &out) {
    std::string s = py::strip(raw, true, true);
    bool neg = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        s = s.substr(1);
    }
    if (s.size() > 2 && s[0] == '0') {
        const char k = char(s[1] | 0x20);
        if ((k == 'x' && base == 16) || (k == 'o' && base == 8) || (k == 'b' && base == 2))
            s = s.substr(2);
    }
    if (s.empty() || s.front() == '_' || s.back() == '_' || s.find("__") != std::string::npos)
        return false;
    std::int64_t v = 0;
    for (const char c : s) {
        if (c == '_')
            continue;
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            d = (c | 0x20) - 'a' + 10;
        if (d < 0 || d >= base)
            return false;
        if (__builtin_mul_overflow(v, base, &v) || __builtin_add_overflow(v, d, &v))
            return false;
    }
    out = neg ? -v : v;
    return true;
}

} // namespace

Value fInt(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const Value *dflt = optArg(args, 0, "default");
    const std::int64_t base = intArg(r, args, 1, "base", 10, at);
    const Value fallback = dflt ? *dflt : Value(0);
    r.requireDefined(v, at);
    if (v.isInt() || v.isBool())
        return Value(v.asInt());
    if (v.isFloat()) {
        if (!std::isfinite(v.asFloat()) || std::fabs(v.asFloat()) >= 9.2e18)
            return fallback;
        return Value(std::int64_t(v.asFloat()));
    }
    if (v.isString()) {
        std::int64_t i = 0;
        if (base >= 2 && base <= 36 && parsePyInt(v.asString(), int(base), i))
            return Value(i);
        double d = 0;
        if (parsePyFloat(v.asString(), d) && std::isfinite(d) && std::fabs(d) < 9.2e18)
            return Value(std::int64_t(d));
    }
    return fallback;
}

Value fFloat(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    r.requireDefined(v, at);
    const Value *dflt = optArg(args, 0, "default");
    if (v.isNumber())
        return Value(v.asFloat());
    double d = 0;
    if (v.isString() && parsePyFloat(v.asString(), d))
        return Value(d);
    return dflt ? *dflt : Value(0.0);
}

Value fRound(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const std::int64_t precision = intArg(r, args, 0, "precision", 0, at);
    const std::string method = strArg(r, args, 1, "method", "common", at);
    if (method != "common" && method != "ceil" && method != "floor")
        r.fail("method must be common, ceil or floor", at);
    if (!v.isNumber()) {
        r.requireDefined(v, at);
        r.fail("type " + v.typeName() + " doesn't define __round__ method", at);
    }
    if (method == "common") {
        if (!v.isFloat())
            return Value(v.asInt()); // round(int, n) stays an int
        const double x = v.asFloat();
        if (!std::isfinite(x))
            return v;
        if (precision > 22 || precision < -22)
            return Value(precision > 0 ? x : 0.0 * x);
        if (precision <= 0) {
            const double p = std::pow(10.0, double(-precision));
            return Value(std::nearbyint(x / p) * p);
        }
        // Correctly rounded decimal conversion, as CPython's round() does.
        char buf[512];
        std::snprintf(buf, sizeof buf, "%.*f", int(precision), x);
        return Value(std::strtod(buf, nullptr));
    }
    const double p = std::pow(10.0, double(precision));
    const double x = v.asFloat() * p;
    return Value((method == "ceil" ? std::ceil(x) : std::floor(x)) / p);
}

namespace {

int jsonIndent(Renderer &r, const CallArgs &args, const Expr &at) {
    const Value *indent = optArg(args, 0, "indent");
    if (!indent || indent->isNone())
        return -1;
    if (!indent->isInt())
        r.fail("indent must be an integer", at);
    return int(std::clamp<std::int64_t>(indent->asInt(), 0, 64));
}

} // namespace

void appendToJson(Renderer &r, const Value &v, const CallArgs &args, const Expr &at,
                  std::string &out) {
    appendJson(r, out, v, jsonIndent(r, args, at), at);
}

Value fToJson(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    return Value::markup(toJson(r, v, jsonIndent(r, args, at), at));
}

} // namespace filters
} // namespace trellis::tmpl
