#include "template/py_text.h"

#include <QString>

#include <charconv>
#include <cmath>
#include <cstring>

namespace trellis::tmpl::py {

bool isAscii(std::string_view s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

char32_t decodeOne(std::string_view s, size_t &i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07;
    } else {
        ++i;
        return 0xFFFD;
    }
    if (i + size_t(extra) >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + size_t(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += size_t(extra) + 1;
    return cp;
}

std::u32string toUtf32(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size())
        out.push_back(decodeOne(s, i));
    return out;
}

void appendUtf8(std::string &out, char32_t c) {
    if (c < 0x80) {
        out.push_back(char(c));
    } else if (c < 0x800) {
        out.push_back(char(0xC0 | (c >> 6)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(char(0xE0 | (c >> 12)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (c >> 18)));
        out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    }
}

std::string toUtf8(std::u32string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char32_t c : s)
        appendUtf8(out, c);
    return out;
}

std::int64_t length(std::string_view s) {
    std::int64_t n = 0;
    for (const char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    }
    return n;
}

bool isSpace(char32_t c) {
    if (c < 0x80)
        return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028
           || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

std::string strip(std::string_view s, bool left, bool right) {
    // Only the ends matter: scan ASCII bytes in place and decode only when a non-ASCII
    // byte sits at an end (it may be Unicode whitespace).
    size_t b = 0;
    size_t e = s.size();
    if (left) {
        while (b < e && static_cast<unsigned char>(s[b]) < 0x80 && isSpace(char32_t(s[b])))
            ++b;
    }
    if (right) {
        while (e > b && static_cast<unsigned char>(s[e - 1]) < 0x80 && isSpace(char32_t(s[e - 1])))
            --e;
    }
    const bool asciiEnds = (!left || b == e || static_cast<unsigned char>(s[b]) < 0x80)
                           && (!right || e == b || static_cast<unsigned char>(s[e - 1]) < 0x80);
    if (asciiEnds)
        return std::string(s.substr(b, e - b));
    const std::u32string u = toUtf32(s);
    size_t ub = 0;
    size_t ue = u.size();
    if (left) {
        while (ub < ue && isSpace(u[ub]))
            ++ub;
    }
    if (right) {
        while (ue > ub && isSpace(u[ue - 1]))
            --ue;
    }
    return toUtf8(std::u32string_view(u).substr(ub, ue - ub));
}

std::string stripChars(std::string_view s, std::string_view chars, bool left, bool right) {
    const std::u32string u = toUtf32(s);
    const std::u32string set = toUtf32(chars);
    size_t b = 0;
    size_t e = u.size();
    if (left) {
        while (b < e && set.find(u[b]) != std::u32string::npos)
            ++b;
    }
    if (right) {
        while (e > b && set.find(u[e - 1]) != std::u32string::npos)
            --e;
    }
    return toUtf8(std::u32string_view(u).substr(b, e - b));
}

std::string upper(std::string_view s) {
    if (isAscii(s)) {
        std::string out(s);
        for (char &c : out) {
            if (c >= 'a' && c <= 'z')
                c = char(c - 32);
        }
        return out;
    }
    return QString::fromUtf8(s.data(), qsizetype(s.size())).toUpper().toStdString();
}

std::string lower(std::string_view s) {
    if (isAscii(s)) {
        std::string out(s);
        for (char &c : out) {
            if (c >= 'A' && c <= 'Z')
                c = char(c + 32);
        }
        return out;
    }
    return QString::fromUtf8(s.data(), qsizetype(s.size())).toLower().toStdString();
}

void appendFloat(std::string &out, double d) {
    if (std::isnan(d)) {
        out += "nan";
        return;
    }
    if (std::isinf(d)) {
        out += d < 0 ? "-inf" : "inf";
        return;
    }
    // Shortest round-trip digits in scientific form, then Python's float_repr_style rules:
    // fixed notation when -4 <= exponent < 16, else d.ddde+XX.
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string_view sci(buf, size_t(res.ptr - buf));
    bool negative = false;
    if (!sci.empty() && sci[0] == '-') {
        negative = true;
        sci.remove_prefix(1);
    }
    const size_t ePos = sci.find('e');
    std::string digits;
    for (const char c : sci.substr(0, ePos)) {
        if (c != '.')
            digits.push_back(c);
    }
    int exponent = 0;
    std::from_chars(sci.data() + ePos + 1 + (sci[ePos + 1] == '+' ? 1 : 0), sci.data() + sci.size(),
                    exponent);
    if (negative)
        out.push_back('-');
    const int n = int(digits.size());
    if (exponent >= -4 && exponent < 16) {
        if (exponent < 0) {
            out += "0.";
            out.append(size_t(-exponent - 1), '0');
            out += digits;
        } else if (exponent + 1 >= n) {
            out += digits;
            out.append(size_t(exponent + 1 - n), '0');
            out += ".0";
        } else {
            out.append(digits, 0, size_t(exponent + 1));
            out.push_back('.');
            out.append(digits, size_t(exponent + 1), std::string::npos);
        }
        return;
    }
    out.push_back(digits[0]);
    if (n > 1) {
        out.push_back('.');
        out.append(digits, 1, std::string::npos);
    }
    out.push_back('e');
    out.push_back(exponent < 0 ? '-' : '+');
    const int absExp = exponent < 0 ? -exponent : exponent;
    if (absExp < 10)
        out.push_back('0');
    out += std::to_string(absExp);
}

namespace {

// Python's str.isprintable() for the code points a prompt is likely to hold.
bool isPrintable(char32_t c) {
    if (c < 0x20 || c == 0x7F)
        return false;
    if (c < 0x7F)
        return true;
    if (c <= 0xA0 || c == 0xAD)
        return false;
    if ((c >= 0x2000 && c <= 0x200F) || (c >= 0x2028 && c <= 0x202F)
        || (c >= 0x205F && c <= 0x206F))
        return false;
    if (c == 0x1680 || c == 0x3000 || c == 0xFEFF || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFD + 1
        || (c >= 0xE000 && c <= 0xF8FF) || c >= 0xF0000)
        return false;
    return true;
}

void appendHex(std::string &out, char32_t c, int width) {
    static const char hex[] = "0123456789abcdef";
    for (int i = width - 1; i >= 0; --i)
        out.push_back(hex[(c >> (i * 4)) & 0xF]);
}

} // namespace

void appendStrRepr(std::string &out, std::string_view s) {
    const bool hasSingle = s.find('\'') != std::string_view::npos;
    const bool hasDouble = s.find('"') != std::string_view::npos;
    const char quote = hasSingle && !hasDouble ? '"' : '\'';
    out.push_back(quote);
    size_t i = 0;
    while (i < s.size()) {
        const char32_t c = decodeOne(s, i);
        if (c == char32_t(quote) || c == '\\') {
            out.push_back('\\');
            out.push_back(char(c));
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (isPrintable(c)) {
            appendUtf8(out, c);
        } else if (c < 0x100) {
            out += "\\x";
            appendHex(out, c, 2);
        } else if (c < 0x10000) {
            out += "\\u";
            appendHex(out, c, 4);
        } else {
            out += "\\U";
            appendHex(out, c, 8);
        }
    }
    out.push_back(quote);
}

} // namespace trellis::tmpl::py
