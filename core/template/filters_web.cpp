// Jinja2 3.1's filesizeformat, urlencode, xmlattr and striptags (markupsafe 3.0 semantics).
#include "template/filter_support.h"
#include "template/py_text.h"

#include <charconv>
#include <cmath>

namespace trellis::tmpl::filters {

bool parsePyFloat(const std::string &raw, double &out);

namespace {

// urllib.parse.quote_from_bytes: letters, digits and "_.-~" (and "/" unless for a query
// string) stay, every other byte is %XX; a query string also turns spaces into '+'.
void urlQuote(std::string &out, const std::string &s, bool forQuery) {
    static const char kHex[] = "0123456789ABCDEF";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                          || c == '_' || c == '.' || c == '-' || c == '~'
                          || (c == '/' && !forQuery);
        if (safe) {
            out.push_back(ch);
        } else if (c == ' ' && forQuery) {
            out.push_back('+');
        } else {
            out.push_back('%');
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
}

// html.unescape for numeric references and the common named ones, each ending in ';'.
std::string unescapeHtml(const std::string &s) {
    static const std::pair<std::string_view, char32_t> kNamed[] = {
        {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
        {"apos", '\''},     {"nbsp", 0xA0},    {"copy", 0xA9},    {"reg", 0xAE},
        {"laquo", 0xAB},    {"raquo", 0xBB},   {"ndash", 0x2013}, {"mdash", 0x2014},
        {"hellip", 0x2026}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"ldquo", 0x201C},
        {"rdquo", 0x201D},  {"bull", 0x2022},  {"middot", 0xB7},  {"trade", 0x2122},
        {"euro", 0x20AC},   {"deg", 0xB0},     {"times", 0xD7},
    };
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const size_t semi = s[i] == '&' ? s.find(';', i + 1) : std::string::npos;
        if (semi == std::string::npos || semi - i > 12) {
            out.push_back(s[i]);
            continue;
        }
        const std::string_view name(s.data() + i + 1, semi - i - 1);
        char32_t code = 0;
        if (name.size() > 1 && name[0] == '#') {
            const bool hex = name[1] == 'x' || name[1] == 'X';
            const std::string_view digits = name.substr(hex ? 2 : 1);
            std::uint32_t n = 0;
            const auto res =
                std::from_chars(digits.data(), digits.data() + digits.size(), n, hex ? 16 : 10);
            if (!digits.empty() && res.ec == std::errc() && res.ptr == digits.data() + digits.size()
                && n > 0 && n <= 0x10FFFF && !(n >= 0xD800 && n <= 0xDFFF)
                && !(n >= 0x80 && n <= 0x9F))
                code = n;
        } else {
            for (const auto &[entity, c] : kNamed) {
                if (entity == name)
                    code = c;
            }
        }
        if (code == 0) {
            out.push_back(s[i]);
            continue;
        }
        py::appendUtf8(out, code);
        i = semi;
    }
    return out;
}

// Markup.striptags()'s loop "remove the first `open` up to the next `close` at or after it,
// from the start again, until none is left or one is not closed", in one linear pass: a new
// opening can only form where the kept text meets the rest, so it is checked as text is kept.
std::string removeDelimited(const std::string &s, std::string_view open, std::string_view close) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        out.push_back(s[i++]);
        if (out.size() < open.size()
            || std::string_view(out).substr(out.size() - open.size()) != open)
            continue;
        // The closing mark is searched from the opening's start, so the two may overlap
        // ("<!-->"): look in the opening's tail joined to the rest.
        const std::string tail = std::string(open.substr(1)) + s.substr(i, close.size());
        size_t end = std::string::npos;
        for (size_t k = 0; k < open.size() - 1 && end == std::string::npos; ++k) {
            if (tail.compare(k, close.size(), close) == 0)
                end = i + k + close.size() - (open.size() - 1);
        }
        if (end == std::string::npos) {
            const size_t found = s.find(close, i);
            if (found != std::string::npos)
                end = found + close.size();
        }
        if (end == std::string::npos) {
            out.append(s, i, std::string::npos);
            break;
        }
        out.resize(out.size() - open.size());
        i = end;
    }
    return out;
}

} // namespace

Value fFilesizeformat(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    r.requireDefined(v, at);
    double bytes = 0;
    if (v.isNumber())
        bytes = v.asFloat();
    else if (!v.isString() || !parsePyFloat(v.asString(), bytes))
        r.fail("could not convert " + v.typeName() + " to float", at);
    const bool binary = boolArg(args, 0, "binary", false);
    const double base = binary ? 1024 : 1000;
    if (bytes == 1)
        return Value(std::string("1 Byte"));
    if (bytes < base) {
        if (!std::isfinite(bytes))
            r.fail("cannot convert float infinity or NaN to integer", at);
        return Value(std::to_string((long long)std::trunc(bytes)) + " Bytes");
    }
    static const char *const kDecimal[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    static const char *const kBinary[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
    // base ** (i + 2) as float(int) gives it: literals are rounded the same way.
    static const double kPow1000[] = {1e6, 1e9, 1e12, 1e15, 1e18, 1e21, 1e24, 1e27};
    size_t i = 0;
    double unit = 0;
    for (; i < 8; ++i) {
        unit = binary ? std::ldexp(1.0, 10 * int(i + 2)) : kPow1000[i];
        if (bytes < unit)
            break;
    }
    i = std::min<size_t>(i, 7);
    char buf[400];
    const auto res =
        std::to_chars(buf, buf + sizeof buf, base * bytes / unit, std::chars_format::fixed, 1);
    return Value(std::string(buf, res.ptr) + " " + (binary ? kBinary[i] : kDecimal[i]));
}

Value fUrlencode(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    std::string out;
    if (!v.isDict() && !v.isSequence()) {
        urlQuote(out, text(r, v, at), false);
        return Value(std::move(out));
    }
    auto pair = [&](const Value &k, const Value &val) {
        if (!out.empty())
            out.push_back('&');
        urlQuote(out, text(r, k, at), true);
        out.push_back('=');
        urlQuote(out, text(r, val, at), true);
    };
    if (v.isDict()) {
        for (const auto &[k, val] : v.asDict().items)
            pair(k, val);
        return Value(std::move(out));
    }
    for (const Value &item : v.asList()) {
        const std::vector<Value> kv = r.iterate(item, at);
        if (kv.size() != 2)
            r.fail("urlencode: expected (key, value) pairs", at);
        pair(kv[0], kv[1]);
    }
    return Value(std::move(out));
}

Value fXmlattr(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    r.requireDefined(v, at);
    if (!v.isDict())
        r.fail("'" + v.typeName() + "' has no attribute 'items'", at);
    std::string out;
    for (const auto &[k, val] : v.asDict().items) {
        if (val.isNone() || val.isUndefined())
            continue;
        const std::string key = text(r, k, at);
        if (key.find_first_of(" \t\n\r\f\v/>=") != std::string::npos) {
            std::string repr;
            k.appendRepr(repr);
            r.fail("Invalid character in attribute name: " + repr, at);
        }
        if (!out.empty())
            out.push_back(' ');
        out += k.isMarkup() ? key : htmlEscape(key);
        out += "=\"";
        out += val.isMarkup() ? val.asString() : htmlEscape(text(r, val, at));
        out.push_back('"');
    }
    if (boolArg(args, 0, "autospace", true) && !out.empty())
        out.insert(0, 1, ' ');
    return Value(std::move(out));
}

Value fStriptags(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    const std::string s = removeDelimited(removeDelimited(text(r, v, at), "<!--", "-->"), "<", ">");
    // " ".join(s.split()): runs of Unicode whitespace become one space, ends trimmed.
    std::string joined;
    bool pendingSpace = false;
    for (size_t i = 0; i < s.size();) {
        const size_t begin = i;
        const char32_t c = py::decodeOne(s, i);
        if (py::isSpace(c)) {
            pendingSpace = !joined.empty();
            continue;
        }
        if (pendingSpace)
            joined.push_back(' ');
        pendingSpace = false;
        joined.append(s, begin, i - begin);
    }
    return Value(unescapeHtml(joined));
}

} // namespace trellis::tmpl::filters
