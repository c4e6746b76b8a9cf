// Python's printf-style formatting (`str % args`, the format filter): conversions, flags,
// width and precision as CPython's PyUnicode_Format handles them for the types templates use.
#include "template/filter_support.h"
#include "template/number_format.h"
#include "template/py_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace trellis::tmpl {

namespace {

// One %-conversion: flags, width, precision already parsed.
// `escape`: the format string is Markup, whose `%` escapes %s and %r arguments (markupsafe's
// _MarkupEscapeHelper) before width and precision apply.
std::string formatOne(Renderer &r, char conv, const std::string &flags, int width, int precision,
                      const Value &v, const Expr &at, bool escape) {
    std::string body;
    switch (conv) {
    case 's':
        body = filters::text(r, v, at);
        if (escape && !v.isMarkup()) [[unlikely]]
            body = filters::htmlEscape(body);
        if (precision >= 0)
            body = py::toUtf8(py::toUtf32(body).substr(0, size_t(precision)));
        break;
    case 'r':
        v.appendRepr(body);
        if (escape) [[unlikely]]
            body = filters::htmlEscape(body);
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
                         std::string &out, bool escapeArgs) {
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
            out += formatOne(r, conv, flags, width, precision, *mapped, at, escapeArgs);
            continue;
        }
        if (mapping && positional.empty()) {
            out += formatOne(r, conv, flags, width, precision, args, at, escapeArgs);
            continue;
        }
        if (next >= positional.size())
            r.fail("not enough arguments for format string", at);
        out += formatOne(r, conv, flags, width, precision, positional[next++], at, escapeArgs);
    }
    if (!mapping && next < positional.size())
        r.fail("not all arguments converted during string formatting", at);
}

Value percentFormat(Renderer &r, const Value &fmt, std::string_view text, const Value &args,
                    const Expr &at) {
    std::string out;
    appendPercentFormat(r, text, args, at, out, fmt.isMarkup());
    return fmt.isMarkup() ? Value::markup(std::move(out)) : Value(std::move(out));
}

} // namespace trellis::tmpl
