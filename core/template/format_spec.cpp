// Python's format-spec mini-language ("{:>10.2f}" in str.format()) for int, float and str, as
// CPython's Objects/stringlib/unicode_format.h and Python/formatter_unicode.c implement it.
#include "template/filter_support.h"
#include "template/number_format.h"
#include "template/py_text.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace trellis::tmpl {

namespace {

struct Spec {
    std::string fill = " ";
    char align = 0; // '<', '>', '^', '=' or 0 (the type's default)
    char sign = 0;  // '+', '-', ' ' or 0
    bool noNegZero = false;
    bool alternate = false;
    int width = -1;
    char grouping = 0; // ',', '_' or 0
    int precision = -1;
    char type = 0;
};

bool isAlign(char c) {
    return c == '<' || c == '>' || c == '^' || c == '=';
}

// [[fill]align][sign][z][#][0][width][grouping][.precision][type]
Spec parseSpec(Renderer &r, std::string_view s, bool numeric, const Expr &at) {
    Spec spec;
    const std::string quoted = "'" + std::string(s) + "'";
    auto invalid = [&]() -> void {
        r.fail("Invalid format specifier " + quoted, at);
    };
    size_t i = 0;
    size_t firstLen = 0; // byte length of the first code point, a possible fill
    if (!s.empty()) {
        size_t k = 0;
        py::decodeOne(s, k);
        firstLen = k;
    }
    bool fillGiven = false;
    if (firstLen > 0 && firstLen < s.size() && isAlign(s[firstLen])) {
        spec.fill = std::string(s.substr(0, firstLen));
        spec.align = s[firstLen];
        fillGiven = true;
        i = firstLen + 1;
    } else if (!s.empty() && isAlign(s[0])) {
        spec.align = s[0];
        i = 1;
    }
    if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' '))
        spec.sign = s[i++];
    if (i < s.size() && s[i] == 'z') {
        spec.noNegZero = true;
        ++i;
    }
    if (i < s.size() && s[i] == '#') {
        spec.alternate = true;
        ++i;
    }
    if (!fillGiven && i < s.size() && s[i] == '0') {
        // The '0' flag: zero fill, sign-aware ('=') for numbers unless an alignment was given.
        spec.fill = "0";
        if (!spec.align && numeric)
            spec.align = '=';
        ++i;
    }
    auto digits = [&](int &target) {
        const size_t start = i;
        long long n = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            n = n * 10 + (s[i++] - '0');
            if (n > 100000000)
                r.fail("Too many decimal digits in format string " + quoted, at);
        }
        if (i > start)
            target = int(n);
        return i > start;
    };
    digits(spec.width);
    if (i < s.size() && (s[i] == ',' || s[i] == '_'))
        spec.grouping = s[i++];
    if (i < s.size() && (s[i] == ',' || s[i] == '_'))
        r.fail("Cannot specify both ',' and '_' in format spec " + quoted, at);
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (!digits(spec.precision))
            r.fail("Format specifier missing precision in " + quoted, at);
    }
    if (s.size() - i > 1)
        invalid();
    if (i < s.size())
        spec.type = s[i];
    return spec;
}

std::string quote(char type) {
    return std::string("'") + type + "'";
}

// Groups the leading digit run of `num` by `group` digits with `sep`, first padding it with
// zeros until the whole (with `fixed` other characters) fills `minWidth`, as CPython's
// zero padding ('0' flag) through the separators does.
std::string groupDigits(const std::string &digits, char sep, int group, size_t minWidth) {
    std::string padded = digits;
    for (;;) {
        std::string out;
        const size_t n = padded.size();
        for (size_t k = 0; k < n; ++k) {
            if (k > 0 && (n - k) % size_t(group) == 0)
                out.push_back(sep);
            out.push_back(padded[k]);
        }
        if (out.size() >= minWidth)
            return out;
        padded.insert(0, 1, '0');
    }
}

// Pads and assembles sign + prefix + digits + rest (rest: fraction, exponent, '%').
void assemble(Renderer &r, const Spec &spec, char defaultAlign, std::string sign,
              std::string prefix, std::string digits, const std::string &rest, int groupSize,
              const Expr &at, std::string &out) {
    const char align = spec.align ? spec.align : defaultAlign;
    const size_t width = spec.width > 0 ? size_t(spec.width) : 0;
    r.checkSize(out.size() + width, at);
    const bool zeroPad = align == '=' && spec.fill == "0";
    const size_t others = sign.size() + prefix.size() + rest.size();
    if (spec.grouping) {
        digits = groupDigits(digits, spec.grouping, groupSize,
                             zeroPad && width > others ? width - others : 0);
    }
    const std::string body = digits + rest;
    const size_t len = sign.size() + prefix.size() + size_t(py::length(body));
    const size_t pad = width > len ? width - len : 0;
    auto fill = [&](size_t n) {
        for (size_t k = 0; k < n; ++k)
            out += spec.fill;
    };
    if (align == '=') {
        out += sign;
        out += prefix;
        fill(pad);
        out += body;
        return;
    }
    const size_t left = align == '>' ? pad : align == '^' ? pad / 2 : 0;
    fill(left);
    out += sign;
    out += prefix;
    out += body;
    fill(pad - left);
}

void formatString(Renderer &r, const std::string &text, const Spec &spec, std::string_view raw,
                  const Expr &at, std::string &out) {
    if (spec.type && spec.type != 's')
        r.fail("Unknown format code " + quote(spec.type) + " for object of type 'str'", at);
    if (spec.sign)
        r.fail("Sign not allowed in string format specifier '" + std::string(raw) + "'", at);
    if (spec.alternate)
        r.fail("Alternate form (#) not allowed in string format specifier '" + std::string(raw)
                   + "'",
               at);
    if (spec.noNegZero)
        r.fail("Negative zero coercion (z) not allowed in format specifier '" + std::string(raw)
                   + "'",
               at);
    if (spec.align == '=')
        r.fail("'=' alignment not allowed in string format specifier '" + std::string(raw) + "'",
               at);
    if (spec.grouping)
        r.fail(std::string("Cannot specify '") + spec.grouping + "' with 's'.", at);
    std::string body = text;
    if (spec.precision >= 0 && py::length(body) > spec.precision)
        body = py::toUtf8(py::toUtf32(body).substr(0, size_t(spec.precision)));
    assemble(r, spec, '<', {}, {}, body, {}, 3, at, out);
}

void formatInt(Renderer &r, std::int64_t n, const Spec &spec, std::string_view raw, const Expr &at,
               std::string &out) {
    const char type = spec.type ? spec.type : 'd';
    if (spec.precision >= 0)
        r.fail("Precision not allowed in integer format specifier '" + std::string(raw) + "'", at);
    if (spec.noNegZero)
        r.fail("Negative zero coercion (z) not allowed in integer format specifier '"
                   + std::string(raw) + "'",
               at);
    if (spec.grouping == ',' && type != 'd')
        r.fail("Cannot specify ',' with " + quote(type) + ".", at);
    if (type == 'c') {
        if (spec.sign)
            r.fail("Sign not allowed with integer format specifier 'c'", at);
        if (spec.alternate)
            r.fail("Alternate form (#) not allowed with integer format specifier 'c'", at);
        if (spec.grouping)
            r.fail(std::string("Cannot specify '") + spec.grouping + "' with 'c'.", at);
        if (n < 0 || n > 0x10FFFF)
            r.fail("%c arg not in range(0x110000)", at);
        std::string ch;
        py::appendUtf8(ch, char32_t(n));
        assemble(r, spec, '>', {}, {}, ch, {}, 3, at, out);
        return;
    }
    const int base = type == 'b' ? 2 : type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    const std::uint64_t magnitude = n < 0 ? std::uint64_t(0) - std::uint64_t(n) : std::uint64_t(n);
    char buf[80];
    const auto res = std::to_chars(buf, buf + sizeof buf, magnitude, base);
    std::string digits(buf, res.ptr);
    if (type == 'X') {
        for (char &c : digits)
            c = char(std::toupper(static_cast<unsigned char>(c)));
    }
    std::string prefix;
    if (spec.alternate && base != 10)
        prefix = std::string("0") + (type == 'b' ? 'b' : type == 'o' ? 'o' : type);
    const std::string sign = n < 0 ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    assemble(r, spec, '>', sign, prefix, digits, {}, base == 10 ? 3 : 4, at, out);
}

// Python's 'g' (and, with addDot0, the type-less spec with a precision): `precision`
// significant digits, exponent notation outside [-4, precision), trailing zeros dropped
// unless `alternate`.
std::string generalFloat(double x, int precision, bool alternate, bool addDot0, bool upper) {
    const int p = precision == 0 ? 1 : precision;
    std::string sci(size_t(p) + 32, '\0');
    const auto res =
        std::to_chars(sci.data(), sci.data() + sci.size(), x, std::chars_format::scientific, p - 1);
    sci.resize(size_t(res.ptr - sci.data()));
    const size_t e = sci.find('e');
    const int exp = std::atoi(sci.c_str() + e + 1);
    std::string mant;
    for (size_t k = 0; k < e; ++k) {
        if (sci[k] != '.')
            mant.push_back(sci[k]);
    }
    const bool useExp = exp < -4 || exp >= (addDot0 ? p - 1 : p);
    std::string intPart;
    std::string frac;
    if (useExp) {
        intPart = mant.substr(0, 1);
        frac = mant.substr(1);
    } else if (exp < 0) {
        intPart = "0";
        frac = std::string(size_t(-exp - 1), '0') + mant;
    } else {
        intPart = mant.substr(0, size_t(exp) + 1);
        frac = mant.substr(size_t(exp) + 1);
    }
    if (!alternate) {
        while (!frac.empty() && frac.back() == '0')
            frac.pop_back();
    }
    std::string outStr = intPart;
    if (!frac.empty() || alternate)
        outStr += "." + frac;
    else if (addDot0 && !useExp)
        outStr += ".0";
    if (useExp) {
        char eb[16];
        std::snprintf(eb, sizeof eb, "%c%c%02d", upper ? 'E' : 'e', exp < 0 ? '-' : '+',
                      exp < 0 ? -exp : exp);
        outStr += eb;
    }
    return outStr;
}

void formatFloat(Renderer &r, double x, const Spec &spec, const Expr &at, std::string &out) {
    const char type = spec.type;
    if (type && std::string_view("eEfFgGn%").find(type) == std::string_view::npos)
        r.fail("Unknown format code " + quote(type) + " for object of type 'float'", at);
    if (spec.grouping == ',' && type == 'n')
        r.fail("Cannot specify ',' with 'n'.", at);
    const bool upper = type == 'E' || type == 'F' || type == 'G';
    const bool negative = std::signbit(x) && !std::isnan(x);
    const double a = std::fabs(x);
    std::string num;
    std::string suffix;
    if (spec.precision > 0)
        r.checkSize(out.size() + size_t(spec.precision), at);
    if (!std::isfinite(a)) {
        num = std::isnan(a) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        if (type == '%')
            suffix = "%";
    } else if (type == 'f' || type == 'F' || type == '%') {
        const double v = type == '%' ? a * 100 : a;
        const int p = spec.precision < 0 ? 6 : spec.precision;
        if (p > 3 || !appendFixedExact(num, v, p)) {
            std::string buf(size_t(p) + 340, '\0');
            const auto res =
                std::to_chars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, p);
            num.assign(buf.data(), res.ptr);
        }
        if (spec.alternate && p == 0)
            num += '.';
        if (type == '%')
            suffix = "%";
    } else if (type == 'e' || type == 'E') {
        const int p = spec.precision < 0 ? 6 : spec.precision;
        std::string buf(size_t(p) + 32, '\0');
        const auto res =
            std::to_chars(buf.data(), buf.data() + buf.size(), a, std::chars_format::scientific, p);
        num.assign(buf.data(), res.ptr);
        if (spec.alternate && p == 0)
            num.insert(1, 1, '.');
        if (upper)
            num[num.find('e')] = 'E';
    } else if (type == 'g' || type == 'G' || type == 'n') {
        num =
            generalFloat(a, spec.precision < 0 ? 6 : spec.precision, spec.alternate, false, upper);
    } else if (spec.precision >= 0) {
        num = generalFloat(a, spec.precision, spec.alternate, true, false);
    } else {
        py::appendFloat(num, a);
    }
    bool showMinus = negative;
    if (spec.noNegZero && negative && num.find_first_of("123456789") == std::string::npos)
        showMinus = false;
    const std::string sign = showMinus ? "-" : spec.sign == '+' ? "+" : spec.sign == ' ' ? " " : "";
    const size_t intEnd = num.find_first_not_of("0123456789");
    const std::string digits = num.substr(0, intEnd);
    const std::string rest =
        (intEnd == std::string::npos ? std::string() : num.substr(intEnd)) + suffix;
    assemble(r, spec, '>', sign, {}, digits, rest, 3, at, out);
}

} // namespace

void appendFormatSpec(Renderer &r, const Value &v, std::string_view spec, const Expr &at,
                      std::string &out) {
    if (spec.empty()) {
        out += filters::text(r, v, at);
        return;
    }
    if (v.isString()) {
        formatString(r, v.asString(), parseSpec(r, spec, false, at), spec, at, out);
        return;
    }
    if (v.isInt() || v.isBool()) {
        const Spec s = parseSpec(r, spec, true, at);
        if (s.type && std::string_view("eEfFgG%").find(s.type) != std::string_view::npos)
            formatFloat(r, double(v.asInt()), s, at, out);
        else if (s.type && std::string_view("bcdoxXn").find(s.type) == std::string_view::npos)
            r.fail("Unknown format code " + quote(s.type) + " for object of type 'int'", at);
        else
            formatInt(r, v.asInt(), s, spec, at, out);
        return;
    }
    if (v.isFloat()) {
        formatFloat(r, v.asFloat(), parseSpec(r, spec, true, at), at, out);
        return;
    }
    const std::string type = v.isUndefined() ? std::string("Undefined")
                             : v.isNone()    ? std::string("NoneType")
                                             : v.typeName();
    r.fail("unsupported format string passed to " + type + ".__format__", at);
}

} // namespace trellis::tmpl
