#include "json_cursor.h"

#include "common/hex.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace trellis::providers::wire {

namespace {

void appendUtf8(std::string &out, char32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

bool inRange(const char *p, const char *end, unsigned char lo, unsigned char hi) {
    return p != end && static_cast<unsigned char>(*p) >= lo && static_cast<unsigned char>(*p) <= hi;
}

} // namespace

bool JsonCursor::value() {
    switch (peek()) {
    case '{':
        return members([this](std::string_view) { return value(); });
    case '[':
        return elements([this](int) { return value(); });
    case '"': {
        std::string scratch;
        std::string_view s;
        return string(scratch, s);
    }
    case 't':
        return literal("true");
    case 'f':
        return literal("false");
    case 'n':
        return literal("null");
    default: {
        std::string_view token;
        bool isInteger = false;
        return number(token, isInteger);
    }
    }
}

bool JsonCursor::literal(std::string_view word) {
    if (std::size_t(m_end - m_p) < word.size() || std::string_view(m_p, word.size()) != word)
        return false;
    m_p += word.size();
    return true;
}

bool JsonCursor::number(std::string_view &token, bool &isInteger) {
    auto digit = [this] {
        return m_p != m_end && *m_p >= '0' && *m_p <= '9';
    };
    const char *start = m_p;
    if (m_p != m_end && *m_p == '-')
        ++m_p;
    if (m_p != m_end && *m_p == '0') {
        ++m_p;
    } else if (digit()) {
        while (digit())
            ++m_p;
    } else {
        return false;
    }
    isInteger = true;
    if (m_p != m_end && *m_p == '.') {
        ++m_p;
        if (!digit())
            return false;
        while (digit())
            ++m_p;
        isInteger = false;
    }
    bool hasExponent = false;
    if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
        hasExponent = true;
        ++m_p;
        if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
            ++m_p;
        if (!digit())
            return false;
        while (digit())
            ++m_p;
        isInteger = false;
    }
    token = std::string_view(start, std::size_t(m_p - start));
    // nlohmann rejects a number whose double is infinite ("number overflow"), wherever it
    // stands. Without an exponent that takes more than 308 digits.
    if ((hasExponent || token.size() > 300)
        && !std::isfinite(std::strtod(std::string(token).c_str(), nullptr)))
        return false;
    return true;
}

bool JsonCursor::string(std::string &scratch, std::string_view &out) {
    ++m_p; // the opening quote
    const char *start = m_p;
    bool escaped = false;
    // The escape-free prefix is copied into `scratch` only once an escape shows up.
    auto switchToScratch = [&] {
        if (!escaped) {
            scratch.assign(start, std::size_t(m_p - start));
            escaped = true;
        }
    };
    while (m_p != m_end) {
        const auto c = static_cast<unsigned char>(*m_p);
        if (c == '"') {
            out = escaped ? std::string_view(scratch)
                          : std::string_view(start, std::size_t(m_p - start));
            ++m_p;
            return true;
        }
        if (c < 0x20)
            return false;
        if (c == '\\') {
            switchToScratch();
            ++m_p;
            if (m_p == m_end)
                return false;
            const char e = *m_p++;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                scratch += e;
                continue;
            case 'b':
                scratch += '\b';
                continue;
            case 'f':
                scratch += '\f';
                continue;
            case 'n':
                scratch += '\n';
                continue;
            case 'r':
                scratch += '\r';
                continue;
            case 't':
                scratch += '\t';
                continue;
            case 'u':
                break;
            default:
                return false;
            }
            auto hex4 = [this](char32_t &v) {
                if (m_end - m_p < 4)
                    return false;
                v = 0;
                for (int i = 0; i < 4; ++i) {
                    const int h = hexDigitValue(m_p[i]);
                    if (h < 0)
                        return false;
                    v = (v << 4) | char32_t(h);
                }
                m_p += 4;
                return true;
            };
            char32_t cp = 0;
            if (!hex4(cp))
                return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                // A high surrogate must be followed by an escaped low one.
                char32_t low = 0;
                if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                    return false;
                m_p += 2;
                if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
                    return false;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return false;
            }
            appendUtf8(scratch, cp);
            continue;
        }
        // UTF-8, checked byte by byte as RFC 3629 (and nlohmann's lexer) do.
        const char *seq = m_p;
        int extra = 0;
        if (c < 0x80) {
            extra = 0;
        } else if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c == 0xE0) {
            if (!inRange(m_p + 1, m_end, 0xA0, 0xBF))
                return false;
            extra = 2;
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
            extra = 2;
        } else if (c == 0xED) {
            if (!inRange(m_p + 1, m_end, 0x80, 0x9F))
                return false;
            extra = 2;
        } else if (c == 0xF0) {
            if (!inRange(m_p + 1, m_end, 0x90, 0xBF))
                return false;
            extra = 3;
        } else if (c >= 0xF1 && c <= 0xF3) {
            extra = 3;
        } else if (c == 0xF4) {
            if (!inRange(m_p + 1, m_end, 0x80, 0x8F))
                return false;
            extra = 3;
        } else {
            return false;
        }
        ++m_p;
        for (int i = 0; i < extra; ++i, ++m_p) {
            if (!inRange(m_p, m_end, 0x80, 0xBF))
                return false;
        }
        if (escaped)
            scratch.append(seq, std::size_t(m_p - seq));
    }
    return false; // unterminated
}

bool JsonCursor::stringOrEmpty(QString &out) {
    if (peek() != '"') {
        out.clear();
        return value();
    }
    std::string scratch;
    std::string_view s;
    if (!string(scratch, s))
        return false;
    out = QString::fromUtf8(s.data(), qsizetype(s.size()));
    return true;
}

bool JsonCursor::integerOr(qint64 fallback, qint64 &out) {
    out = fallback;
    const char c = peek();
    if (c != '-' && (c < '0' || c > '9'))
        return value();
    std::string_view token;
    bool isInteger = false;
    if (!number(token, isInteger))
        return false;
    // The same conversions as nlohmann's lexer: an integer that overflows 64 bits becomes a
    // double; an unsigned one is then cast to qint64 by get<qint64>(), wrapping.
    const std::string text(token);
    if (isInteger) {
        errno = 0;
        if (text[0] == '-') {
            const long long v = std::strtoll(text.c_str(), nullptr, 10);
            if (errno == 0) {
                out = qint64(v);
                return true;
            }
        } else {
            const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
            if (errno == 0) {
                out = qint64(v);
                return true;
            }
        }
    }
    const double d = std::strtod(text.c_str(), nullptr);
    out = d >= -9.0e18 && d <= 9.0e18 ? qint64(d) : fallback;
    return true;
}

} // namespace trellis::providers::wire
