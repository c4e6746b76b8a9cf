#pragma once

#include "template/renderer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

// Number formatting shared by `%`-formatting (percent_format.cpp) and the format-spec
// mini-language of str.format() fields (format_spec.cpp).
namespace trellis::tmpl {

// '%.Nf' for N <= 3 and |x| < 2^52 in integer arithmetic: x = m * 2^e exactly, so
// x * 10^N = (m * 10^N) / 2^-e with m * 10^N < 2^63, rounded half to even on the exact
// remainder, which is what printf (and to_chars) do. False when out of that range.
inline bool appendFixedExact(std::string &out, double x, int precision) {
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
    // Built in one buffer and appended once: sign, integer digits, '.', fraction digits.
    char buf[32];
    char *p = buf;
    if (std::signbit(x))
        *p++ = '-';
    const std::uint64_t unit = kPow10[precision];
    p = std::to_chars(p, buf + sizeof buf, q / unit).ptr;
    if (precision > 0) {
        *p++ = '.';
        std::uint64_t f = q % unit;
        for (int k = precision - 1; k >= 0; --k) {
            p[k] = char('0' + f % 10);
            f /= 10;
        }
        p += precision;
    }
    out.append(buf, size_t(p - buf));
    return true;
}

// Python's `fmt % args` appended to `out`; `escapeArgs` (a Markup format string) HTML-escapes
// the %s and %r arguments that are not Markup themselves.
void appendPercentFormat(Renderer &r, std::string_view fmt, const Value &args, const Expr &at,
                         std::string &out, bool escapeArgs = false);
// `fmt % args` as a value: Markup (arguments escaped) when `fmt` is Markup. `text` is fmt's
// text (str(fmt) when fmt is not a string).
Value percentFormat(Renderer &r, const Value &fmt, std::string_view text, const Value &args,
                    const Expr &at);
// str.format() on `fmt`; `markup` (a Markup format string) escapes the formatted fields.
Value callFormatMethod(Renderer &r, const std::string &fmt, const CallArgs &args, const Expr &at,
                       bool markup);

// format(v, spec) as Python's int/float/str __format__ does it (the format-spec
// mini-language: fill, align, sign, z, #, 0, width, grouping, precision, type), appended to
// `out`. An empty spec is str(v). Specs Python rejects fail with a message naming the spec.
void appendFormatSpec(Renderer &r, const Value &v, std::string_view spec, const Expr &at,
                      std::string &out);

} // namespace trellis::tmpl
