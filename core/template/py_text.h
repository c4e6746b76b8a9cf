#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Python text semantics on UTF-8 strings: code point indexing, str.isspace(), float repr.
// Jinja2 templates index, slice and measure strings in code points, never bytes.
namespace trellis::tmpl::py {

bool isAscii(std::string_view s);
std::u32string toUtf32(std::string_view s);
// Decodes the code point at s[i] and advances i past it; an invalid byte yields U+FFFD.
char32_t decodeOne(std::string_view s, size_t &i);
std::string toUtf8(std::u32string_view s);
void appendUtf8(std::string &out, char32_t c);
// Code point count; invalid bytes count as one each.
std::int64_t length(std::string_view s);

// Python str.isspace() for one code point.
bool isSpace(char32_t c);
// str.strip()/lstrip()/rstrip() with no argument (Unicode whitespace) or with `chars`.
std::string strip(std::string_view s, bool left, bool right);
// True when strip(s, left, right) would return s unchanged, decided from ASCII end bytes alone
// (false, i.e. "don't know", when an end byte is not ASCII). Lets callers share the input.
inline bool stripIsNoop(std::string_view s, bool left, bool right) {
    if (s.empty())
        return true;
    auto keeps = [](char ch) { // ASCII and not whitespace, as isSpace() defines it
        const auto c = static_cast<unsigned char>(ch);
        return c < 0x80 && c != ' ' && !(c >= 0x09 && c <= 0x0D) && !(c >= 0x1C && c <= 0x1F);
    };
    return (!left || keeps(s.front())) && (!right || keeps(s.back()));
}
std::string stripChars(std::string_view s, std::string_view chars, bool left, bool right);
std::string upper(std::string_view s);
std::string lower(std::string_view s);

// repr(float) / str(float): shortest round-trip digits, Python's exponent rules.
void appendFloat(std::string &out, double d);
// repr(str): Python's quote choice and escapes.
void appendStrRepr(std::string &out, std::string_view s);

} // namespace trellis::tmpl::py
