// String filters, Python %-formatting, str.format() and tojson.
#include "template/filter_support.h"
#include "template/py_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace trellis::tmpl {

namespace filters {

std::int64_t intArg(Renderer &r, const CallArgs &args, size_t pos, const char *name,
                    std::int64_t dflt, const Expr &at) {
    const Value *v = args.get(pos, name);
    if (!v || v->isNone())
        return dflt;
    if (v->isInt() || v->isBool())
        return v->asInt();
    if (v->isFloat() && std::isfinite(v->asFloat()) && std::fabs(v->asFloat()) < 9e18)
        return std::int64_t(v->asFloat());
    r.requireDefined(*v, at);
    r.fail(std::string("argument '") + name + "' must be an integer", at);
}

bool boolArg(const CallArgs &args, size_t pos, const char *name, bool dflt) {
    const Value *v = args.get(pos, name);
    return v ? v->truthy() : dflt;
}

std::string strArg(Renderer &r, const CallArgs &args, size_t pos, const char *name,
                   const std::string &dflt, const Expr &at) {
    const Value *v = args.get(pos, name);
    if (!v)
        return dflt;
    return text(r, *v, at);
}

std::string text(Renderer &r, const Value &v, const Expr &at) {
    if (v.isString())
        return v.asString();
    if (v.isUndefined() && r.strict())
        r.requireDefined(v, at);
    return v.str();
}

Value attrPath(Renderer &r, const Value &item, std::string_view path, const Expr &at) {
    // One plain key of a dict (sort/select/map by attribute): the member, nothing else built.
    if (item.isDict() && !path.empty() && path.find('.') == std::string_view::npos
        && !std::all_of(path.begin(), path.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (const Value *member = item.asDict().find(path))
            return *member;
    }
    Value cur = item;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t dot = path.find('.', start);
        const std::string_view part = path.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        const bool digits = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
            return c >= '0' && c <= '9';
        });
        const Value *member = !digits && cur.isDict() ? cur.asDict().find(part) : nullptr;
        if (member) {
            // The common case (sort/select/map by attribute of a dict) builds no key value.
            Value next = *member;
            cur = std::move(next);
        } else if (digits && part.size() < 18) {
            std::int64_t n = 0;
            std::from_chars(part.data(), part.data() + part.size(), n);
            cur = r.getItem(cur, Value(n), at);
        } else {
            cur = r.getItem(cur, Value(part), at);
        }
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return cur;
}

std::string htmlEscape(const std::string &s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (const char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

namespace {

void jsonString(std::string &out, const std::string &s) {
    // json.dumps(ensure_ascii=True) followed by Jinja2's HTML-safe replacements.
    static const char hex[] = "0123456789abcdef";
    auto u = [&](char32_t c) {
        out += "\\u";
        for (int i = 3; i >= 0; --i)
            out.push_back(hex[(c >> (i * 4)) & 0xF]);
    };
    auto escape = [&](char32_t c) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '<':
        case '>':
        case '&':
        case '\'':
            u(c);
            break;
        default:
            if (c < 0x20 || c >= 0x7F) {
                if (c >= 0x10000) {
                    const char32_t v = c - 0x10000;
                    u(0xD800 + (v >> 10));
                    u(0xDC00 + (v & 0x3FF));
                } else {
                    u(c);
                }
            } else {
                out.push_back(char(c));
            }
        }
    };
    // Runs of characters that need no escaping are copied in one append; one table lookup per
    // byte finds the end of a run (non-ASCII bytes end it too: they are escaped as \uXXXX).
    static constexpr auto kPlain = [] {
        std::array<bool, 256> t{};
        for (int c = 0x20; c < 0x7F; ++c)
            t[size_t(c)] = true;
        for (const char c : {'"', '\\', '<', '>', '&', '\''})
            t[static_cast<unsigned char>(c)] = false;
        return t;
    }();
    out.push_back('"');
    size_t i = 0;
    while (i < s.size()) {
        size_t j = i;
        while (j < s.size() && kPlain[static_cast<unsigned char>(s[j])])
            ++j;
        out.append(s, i, j - i);
        if (j >= s.size())
            break;
        escape(py::decodeOne(s, j));
        i = j;
    }
    out.push_back('"');
}

void jsonValue(Renderer &r, std::string &out, const Value &v, int indent, int level,
               const Expr &at) {
    if (level > 200)
        r.fail("tojson: value nested too deeply", at);
    auto newline = [&](int lvl) {
        if (indent >= 0) {
            out.push_back('\n');
            out.append(size_t(indent * lvl), ' ');
        }
    };
    switch (v.type()) {
    case Value::Type::None:
        out += "null";
        return;
    case Value::Type::Bool:
        out += v.asBool() ? "true" : "false";
        return;
    case Value::Type::Int:
        out += std::to_string(v.asInt());
        return;
    case Value::Type::Float: {
        const double d = v.asFloat();
        if (std::isnan(d))
            out += "NaN";
        else if (std::isinf(d))
            out += d < 0 ? "-Infinity" : "Infinity";
        else
            py::appendFloat(out, d);
        return;
    }
    case Value::Type::String:
        jsonString(out, v.asString());
        return;
    case Value::Type::List:
    case Value::Type::Tuple: {
        const auto &items = v.asList();
        if (items.empty()) {
            out += "[]";
            return;
        }
        out.push_back('[');
        for (size_t i = 0; i < items.size(); ++i) {
            if (i)
                out += indent >= 0 ? "," : ", ";
            newline(level + 1);
            jsonValue(r, out, items[i], indent, level + 1, at);
        }
        newline(level);
        out.push_back(']');
        return;
    }
    case Value::Type::Dict: {
        // Jinja2's default policy: json.dumps(sort_keys=True).
        std::vector<const std::pair<Value, Value> *> items;
        for (const auto &item : v.asDict().items) {
            if (!item.first.isString() && !item.first.isNumber() && !item.first.isNone())
                r.fail("keys must be str, int, float, bool or None", at);
            items.push_back(&item);
        }
        if (items.empty()) {
            out += "{}";
            return;
        }
        std::stable_sort(items.begin(), items.end(), [&](const auto *a, const auto *b) {
            bool ok = true;
            const int c = compareValues(a->first, b->first, ok);
            if (!ok)
                r.fail("'<' not supported between dict keys of different types", at);
            return c < 0;
        });
        out.push_back('{');
        for (size_t i = 0; i < items.size(); ++i) {
            if (i)
                out += indent >= 0 ? "," : ", ";
            newline(level + 1);
            const Value &key = items[i]->first;
            if (key.isString())
                jsonString(out, key.asString());
            else if (key.isBool())
                out += key.asBool() ? "\"true\"" : "\"false\"";
            else if (key.isNone())
                out += "\"null\"";
            else
                jsonString(out, key.str());
            out += ": ";
            jsonValue(r, out, items[i]->second, indent, level + 1, at);
        }
        newline(level);
        out.push_back('}');
        return;
    }
    default:
        r.requireDefined(v, at);
        r.fail("Object of type " + v.typeName() + " is not JSON serializable", at);
    }
}

} // namespace

void appendJson(Renderer &r, std::string &out, const Value &v, int indent, const Expr &at) {
    jsonValue(r, out, v, indent, 0, at);
    r.checkSize(out.size(), at);
}

std::string toJson(Renderer &r, const Value &v, int indent, const Expr &at) {
    std::string out;
    appendJson(r, out, v, indent, at);
    return out;
}

} // namespace filters

std::vector<std::string> pySplit(const std::string &s, const Value *sep, std::int64_t maxsplit) {
    std::vector<std::string> parts;
    if (sep && sep->isString() && !sep->asString().empty()) {
        const std::string &d = sep->asString();
        size_t start = 0;
        while (maxsplit < 0 || std::int64_t(parts.size()) < maxsplit) {
            const size_t p = s.find(d, start);
            if (p == std::string::npos)
                break;
            parts.push_back(s.substr(start, p - start));
            start = p + d.size();
        }
        parts.push_back(s.substr(start));
        return parts;
    }
    // Whitespace split: runs of whitespace, no empty strings.
    const std::u32string u = py::toUtf32(s);
    size_t i = 0;
    while (i < u.size()) {
        while (i < u.size() && py::isSpace(u[i]))
            ++i;
        if (i >= u.size())
            break;
        if (maxsplit >= 0 && std::int64_t(parts.size()) >= maxsplit) {
            size_t e = u.size();
            while (e > i && py::isSpace(u[e - 1]))
                --e;
            parts.push_back(py::toUtf8(u.substr(i, e - i)));
            break;
        }
        size_t j = i;
        while (j < u.size() && !py::isSpace(u[j]))
            ++j;
        parts.push_back(py::toUtf8(u.substr(i, j - i)));
        i = j;
    }
    return parts;
}

namespace {

// '%.Nf' for N <= 3 and |x| < 2^52 in integer arithmetic: x = m * 2^e exactly, so
// x * 10^N = (m * 10^N) / 2^-e with m * 10^N < 2^63, rounded half to even on the exact
// remainder, which is what printf (and to_chars) do. False when out of that range.
bool appendFixedExact(std::string &out, double x, int precision) {
    if (!std::isfinite(x) || std::fabs(x) >= 4503599627370496.0) // 2^52
        return false;
    std::uint64_t bits = 0;
    std::memcpy(&bits, &x, sizeof bits);
    const int biased = int((bits >> 52) & 0x7FF);
    std::uint64_t m = bits & ((std::uint64_t(1) << 52) - 1);
    if (biased != 0)
        m |= std::uint64_t(1) << 52; // normal: the implicit leading bit
    // |x| = m / 2^shift exactly (subnormals: biased 0, exponent -1074); shift >= 1 here.
    const int shift = biased != 0 ? 1075 - biased : 1074;
    static const std::uint64_t kPow10[] = {1, 10, 100, 1000};
    const std::uint64_t scaled = m * kPow10[precision]; // < 2^63
    std::uint64_t q = 0;
    if (shift < 64) {
        q = scaled >> shift;
        const std::uint64_t rem = scaled & ((std::uint64_t(1) << shift) - 1);
        const std::uint64_t half = std::uint64_t(1) << (shift - 1);
        if (rem > half || (rem == half && (q & 1)))
            ++q;
    } // else: scaled < 2^63 <= 2^(shift-1), below one half: rounds to 0
    if (std::signbit(x))
        out += '-';
    const std::uint64_t unit = kPow10[precision];
    char digits[32];
    auto res = std::to_chars(digits, digits + sizeof digits, q / unit);
    out.append(digits, res.ptr);
    if (precision > 0) {
        out += '.';
        std::uint64_t f = q % unit;
        char fd[3];
        for (int k = precision - 1; k >= 0; --k) {
            fd[k] = char('0' + f % 10);
            f /= 10;
        }
        out.append(fd, size_t(precision));
    }
    return true;
}

// One %-conversion: flags, width, precision already parsed.
std::string formatOne(Renderer &r, char conv, const std::string &flags, int width, int precision,
                      const Value &v, const Expr &at) {
    std::string body;
    switch (conv) {
    case 's':
        body = filters::text(r, v, at);
        if (precision >= 0)
            body = py::toUtf8(py::toUtf32(body).substr(0, size_t(precision)));
        break;
    case 'r':
        v.appendRepr(body);
        break;
    case 'd':
    case 'i':
    case 'x':
    case 'X':
    case 'o':
    case 'c': {
        if (!v.isNumber()) {
            r.requireDefined(v, at);
            r.fail(std::string("%") + conv + " format: a real number is required, not "
                       + v.typeName(),
                   at);
        }
        if (v.isFloat() && !std::isfinite(v.asFloat()))
            r.fail("cannot convert float infinity or NaN to integer", at);
        if (v.isFloat() && (conv == 'x' || conv == 'X' || conv == 'o' || conv == 'c'))
            r.fail("%x format: an integer is required, not float", at);
        const long long n = v.isFloat() ? (long long)std::trunc(v.asFloat()) : v.asInt();
        if (conv == 'c') {
            if (n < 0 || n > 0x10FFFF)
                r.fail("%c arg not in range(0x110000)", at);
            py::appendUtf8(body, char32_t(n));
            break;
        }
        char buf[64];
        const char *fmt = conv == 'x'   ? "%llx"
                          : conv == 'X' ? "%llX"
                          : conv == 'o' ? "%llo"
                                        : "%lld";
        std::snprintf(buf, sizeof buf, fmt, n < 0 ? -n : n);
        std::string digits = buf;
        if (precision >= 0 && int(digits.size()) < precision)
            digits.insert(0, size_t(precision) - digits.size(), '0');
        if (flags.find('#') != std::string::npos && conv != 'd' && conv != 'i')
            digits.insert(0, conv == 'x' ? "0x" : conv == 'X' ? "0X" : "0o");
        const std::string sign = n < 0                                  ? "-"
                                 : flags.find('+') != std::string::npos ? "+"
                                 : flags.find(' ') != std::string::npos ? " "
                                                                        : "";
        if (flags.find('0') != std::string::npos && flags.find('-') == std::string::npos
            && int(sign.size() + digits.size()) < width)
            digits.insert(0, size_t(width) - sign.size() - digits.size(), '0');
        body = sign + digits;
        break;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
        if (!v.isNumber()) {
            r.requireDefined(v, at);
            r.fail(std::string("must be real number, not ") + v.typeName(), at);
        }
        if (conv == 'f' && flags.empty() && precision >= 0 && precision <= 3
            && appendFixedExact(body, v.asFloat(), precision))
            break;
        if (conv == 'f' && flags.empty() && std::isfinite(v.asFloat())) {
            // '%.2f' (scores, prices) without snprintf: to_chars rounds exactly like printf.
            char buf[512];
            const auto res =
                std::to_chars(buf, buf + sizeof buf, v.asFloat(), std::chars_format::fixed,
                              precision < 0 ? 6 : std::min(precision, 100));
            body.assign(buf, res.ptr);
            break;
        }
        std::string fmt = "%";
        for (const char f : flags) {
            if (f != '-')
                fmt.push_back(f);
        }
        if (width > 0 && flags.find('0') != std::string::npos
            && flags.find('-') == std::string::npos)
            fmt += std::to_string(width);
        fmt += "." + std::to_string(precision < 0 ? 6 : std::min(precision, 100));
        fmt.push_back(conv);
        char buf[512];
        std::snprintf(buf, sizeof buf, fmt.c_str(), v.asFloat());
        body = buf;
        break;
    }
    default:
        r.fail(std::string("unsupported format character '") + conv + "'", at);
    }
    const std::int64_t len = width > 0 ? py::length(body) : 0;
    if (width > len) {
        if (flags.find('-') != std::string::npos)
            body.append(size_t(width - len), ' ');
        else
            body.insert(0, size_t(width - len), ' ');
    }
    return body;
}

} // namespace

void appendPercentFormat(Renderer &r, std::string_view fmt, const Value &args, const Expr &at,
                         std::string &out) {
    // The conversions' arguments, read in place: a tuple's items, or `args` itself.
    const bool mapping = args.isDict();
    const Value *argv = nullptr;
    size_t argc = 0;
    if (args.isTuple()) {
        argv = args.asList().data();
        argc = args.asList().size();
    } else if (!mapping) {
        argv = &args;
        argc = 1;
    }
    struct Args {
        const Value *items;
        size_t n;
        size_t size() const { return n; }
        bool empty() const { return n == 0; }
        const Value &operator[](size_t i) const { return items[i]; }
    } positional{argv, argc};
    size_t next = 0;
    for (size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] != '%') {
            out.push_back(fmt[i]);
            continue;
        }
        if (++i >= fmt.size())
            r.fail("incomplete format", at);
        const Value *mapped = nullptr;
        if (fmt[i] == '(') {
            const size_t close = fmt.find(')', i);
            if (close == std::string::npos)
                r.fail("incomplete format key", at);
            if (!mapping)
                r.fail("format requires a mapping", at);
            mapped = args.asDict().find(fmt.substr(i + 1, close - i - 1));
            if (!mapped)
                r.fail("KeyError: '" + std::string(fmt.substr(i + 1, close - i - 1)) + "'", at);
            i = close + 1;
        }
        std::string flags;
        while (i < fmt.size() && std::string_view("-+ #0").find(fmt[i]) != std::string_view::npos)
            flags.push_back(fmt[i++]);
        int width = 0;
        while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9' && width < 100000)
            width = width * 10 + (fmt[i++] - '0');
        int precision = -1;
        if (i < fmt.size() && fmt[i] == '.') {
            ++i;
            precision = 0;
            while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9' && precision < 100000)
                precision = precision * 10 + (fmt[i++] - '0');
        }
        if (i >= fmt.size())
            r.fail("incomplete format", at);
        const char conv = fmt[i];
        if (conv == '%') {
            out.push_back('%');
            continue;
        }
        r.checkSize(size_t(width) + out.size(), at);
        if (mapped) {
            out += formatOne(r, conv, flags, width, precision, *mapped, at);
            continue;
        }
        if (mapping && positional.empty()) {
            out += formatOne(r, conv, flags, width, precision, args, at);
            continue;
        }
        if (next >= positional.size())
            r.fail("not enough arguments for format string", at);
        out += formatOne(r, conv, flags, width, precision, positional[next++], at);
    }
    if (!mapping && next < positional.size())
        r.fail("not all arguments converted during string formatting", at);
}

std::string percentFormat(Renderer &r, const std::string &fmt, const Value &args, const Expr &at) {
    std::string out;
    appendPercentFormat(r, fmt, args, at, out);
    return out;
}

Value callFormatMethod(Renderer &r, const std::string &fmt, const CallArgs &args, const Expr &at) {
    // str.format() with plain fields: {}, {0}, {name}, {name.attr}; {{ and }} escape braces.
    std::string out;
    size_t autoIndex = 0;
    for (size_t i = 0; i < fmt.size(); ++i) {
        const char c = fmt[i];
        if (c == '}') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
                out.push_back('}');
                ++i;
                continue;
            }
            r.fail("Single '}' encountered in format string", at);
        }
        if (c != '{') {
            out.push_back(c);
            continue;
        }
        if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
            out.push_back('{');
            ++i;
            continue;
        }
        const size_t close = fmt.find('}', i);
        if (close == std::string::npos)
            r.fail("Single '{' encountered in format string", at);
        std::string field = fmt.substr(i + 1, close - i - 1);
        i = close;
        if (field.find(':') != std::string::npos || field.find('!') != std::string::npos)
            r.fail("format specs in str.format() are not supported; use the format filter", at);
        std::string rest;
        const size_t dot = field.find_first_of(".[");
        if (dot != std::string::npos) {
            rest = field.substr(dot);
            field = field.substr(0, dot);
        }
        Value v;
        if (field.empty()) {
            if (autoIndex >= args.positional.size())
                r.fail("Replacement index " + std::to_string(autoIndex) + " out of range", at);
            v = args.positional[autoIndex++];
        } else if (std::all_of(field.begin(), field.end(),
                               [](char ch) { return ch >= '0' && ch <= '9'; })) {
            const size_t idx = field.size() < 9 ? size_t(std::stoul(field)) : SIZE_MAX;
            if (idx >= args.positional.size())
                r.fail("Replacement index " + field + " out of range", at);
            v = args.positional[idx];
        } else {
            const Value *kw = args.get(SIZE_MAX, field);
            if (!kw)
                r.fail("KeyError: '" + field + "'", at);
            v = *kw;
        }
        if (!rest.empty() && rest[0] == '.')
            v = filters::attrPath(r, v, rest.substr(1), at);
        else if (!rest.empty())
            r.fail("indexing in str.format() fields is not supported", at);
        out += filters::text(r, v, at);
    }
    return Value(std::move(out));
}

} // namespace trellis::tmpl
