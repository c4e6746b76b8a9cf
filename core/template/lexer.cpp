#include "template/lexer.h"

#include "template/py_text.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace trellis::tmpl {

namespace {

class Lexer {
public:
    explicit Lexer(std::string_view src)
        : m_src(src) {}

    std::vector<Token> run();

private:
    [[noreturn]] void fail(const std::string &message, size_t pos) {
        int line = 1;
        int col = 1;
        position(pos, line, col);
        throw TemplateException{message, line, col};
    }
    void position(size_t pos, int &line, int &col);
    Token make(Token::Type type, size_t pos, std::string text = {}) {
        Token t;
        t.type = type;
        t.text = std::move(text);
        position(pos, t.line, t.column);
        return t;
    }
    bool startsWith(size_t pos, std::string_view s) const {
        return m_src.substr(pos, s.size()) == s;
    }
    size_t skipPySpace(size_t pos) const;
    void pushText(std::string text, size_t pos);
    size_t lexRaw(size_t tagStart, bool &matched);
    size_t lexComment(size_t pos);
    size_t lexTag(size_t pos, bool isBlock);
    size_t lexNumber(size_t pos);
    size_t lexString(size_t pos);

    std::string_view m_src;
    std::vector<Token> m_tokens;
    bool m_lstripNext = false;
    // Incremental line/column tracking: positions are requested in increasing order.
    size_t m_posCursor = 0;
    int m_line = 1;
    int m_col = 1;
};

void Lexer::position(size_t pos, int &line, int &col) {
    if (pos < m_posCursor) {
        m_posCursor = 0;
        m_line = 1;
        m_col = 1;
    }
    while (m_posCursor < pos && m_posCursor < m_src.size()) {
        const auto c = static_cast<unsigned char>(m_src[m_posCursor]);
        if (c == '\n') {
            ++m_line;
            m_col = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++m_col;
        }
        ++m_posCursor;
    }
    line = m_line;
    col = m_col;
}

size_t Lexer::skipPySpace(size_t pos) const {
    // Python's \s in a str regex: Unicode whitespace.
    while (pos < m_src.size()) {
        const auto c = static_cast<unsigned char>(m_src[pos]);
        if (c < 0x80) {
            if (!py::isSpace(c))
                break;
            ++pos;
            continue;
        }
        size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
        if (pos + len > m_src.size())
            break;
        const std::u32string cp = py::toUtf32(m_src.substr(pos, len));
        if (cp.size() != 1 || !py::isSpace(cp[0]))
            break;
        pos += len;
    }
    return pos;
}

namespace {

// Jinja2 normalizes every line ending in template data and string literals to '\n'.
void normalizeNewlines(std::string &text) {
    if (text.find('\r') == std::string::npos)
        return;
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out.push_back('\n');
            if (i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
        } else {
            out.push_back(text[i]);
        }
    }
    text = std::move(out);
}

} // namespace

void Lexer::pushText(std::string text, size_t pos) {
    normalizeNewlines(text);
    if (m_lstripNext) {
        text = py::strip(text, true, false);
        m_lstripNext = false;
    }
    if (!text.empty())
        m_tokens.push_back(make(Token::Type::Text, pos, std::move(text)));
}

std::vector<Token> Lexer::run() {
    size_t pos = 0;
    while (pos < m_src.size()) {
        size_t next = pos;
        size_t tag = std::string_view::npos;
        while (true) {
            tag = m_src.find('{', next);
            if (tag == std::string_view::npos || tag + 1 >= m_src.size()) {
                tag = std::string_view::npos;
                break;
            }
            const char c = m_src[tag + 1];
            if (c == '{' || c == '%' || c == '#')
                break;
            next = tag + 1;
        }
        if (tag == std::string_view::npos) {
            pushText(std::string(m_src.substr(pos)), pos);
            break;
        }
        std::string text(m_src.substr(pos, tag - pos));
        const char kind = m_src[tag + 1];
        const bool stripBefore = tag + 2 < m_src.size() && m_src[tag + 2] == '-';
        if (stripBefore)
            text = py::strip(text, false, true);
        pushText(std::move(text), pos);
        if (kind == '#') {
            pos = lexComment(tag);
            continue;
        }
        if (kind == '%') {
            bool matched = false;
            const size_t after = lexRaw(tag, matched);
            if (matched) {
                pos = after;
                continue;
            }
        }
        pos = lexTag(tag, kind == '%');
    }
    m_tokens.push_back(make(Token::Type::Eof, m_src.size()));
    return std::move(m_tokens);
}

size_t Lexer::lexComment(size_t pos) {
    const size_t end = m_src.find("#}", pos + 2);
    if (end == std::string_view::npos)
        fail("Missing end of comment tag", pos);
    size_t after = end + 2;
    if (end > pos + 2 && m_src[end - 1] == '-')
        m_lstripNext = true;
    return after;
}

size_t Lexer::lexRaw(size_t tagStart, bool &matched) {
    // {%[-+]? \s* raw \s* [-]? %}
    size_t p = tagStart + 2;
    if (p < m_src.size() && (m_src[p] == '-' || m_src[p] == '+'))
        ++p;
    p = skipPySpace(p);
    if (!startsWith(p, "raw"))
        return tagStart;
    p = skipPySpace(p + 3);
    bool stripAfter = false;
    if (startsWith(p, "-%}")) {
        stripAfter = true;
        p += 3;
    } else if (startsWith(p, "%}")) {
        p += 2;
    } else {
        return tagStart;
    }
    matched = true;
    // Find the endraw tag.
    size_t search = p;
    while (true) {
        const size_t open = m_src.find("{%", search);
        if (open == std::string_view::npos)
            fail("Missing end of raw directive", tagStart);
        size_t q = open + 2;
        bool stripBefore = false;
        if (q < m_src.size() && (m_src[q] == '-' || m_src[q] == '+')) {
            stripBefore = m_src[q] == '-';
            ++q;
        }
        q = skipPySpace(q);
        if (!startsWith(q, "endraw")) {
            search = open + 2;
            continue;
        }
        q = skipPySpace(q + 6);
        bool stripEnd = false;
        if (startsWith(q, "-%}") || startsWith(q, "+%}")) {
            stripEnd = m_src[q] == '-';
            q += 3;
        } else if (startsWith(q, "%}")) {
            q += 2;
        } else {
            search = open + 2;
            continue;
        }
        std::string data(m_src.substr(p, open - p));
        normalizeNewlines(data);
        if (stripAfter)
            data = py::strip(data, true, false);
        if (stripBefore)
            data = py::strip(data, false, true);
        if (!data.empty())
            m_tokens.push_back(make(Token::Type::Text, p, std::move(data)));
        m_lstripNext = stripEnd;
        return q;
    }
}

size_t Lexer::lexTag(size_t pos, bool isBlock) {
    m_tokens.push_back(make(isBlock ? Token::Type::BlockBegin : Token::Type::VarBegin, pos));
    size_t p = pos + 2;
    if (p < m_src.size() && (m_src[p] == '-' || m_src[p] == '+'))
        ++p;
    const char closeChar = isBlock ? '%' : '}';
    std::vector<char> balance;
    while (true) {
        p = skipPySpace(p);
        if (p >= m_src.size())
            fail(isBlock ? "unexpected end of template, expected end of statement block"
                         : "unexpected end of template, expected end of print statement",
                 p);
        if (balance.empty()) {
            const bool dash = m_src[p] == '-' || m_src[p] == '+';
            const size_t q = dash ? p + 1 : p;
            if (q + 1 < m_src.size() && m_src[q] == closeChar && m_src[q + 1] == '}') {
                m_tokens.push_back(make(isBlock ? Token::Type::BlockEnd : Token::Type::VarEnd, p));
                if (dash && m_src[p] == '-')
                    m_lstripNext = true;
                return q + 2;
            }
        }
        const char c = m_src[p];
        if ((c >= '0' && c <= '9')) {
            p = lexNumber(p);
            continue;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
            size_t e = p + 1;
            while (e < m_src.size()
                   && ((m_src[e] >= 'a' && m_src[e] <= 'z') || (m_src[e] >= 'A' && m_src[e] <= 'Z')
                       || (m_src[e] >= '0' && m_src[e] <= '9') || m_src[e] == '_'))
                ++e;
            m_tokens.push_back(make(Token::Type::Name, p, std::string(m_src.substr(p, e - p))));
            p = e;
            continue;
        }
        if (c == '\'' || c == '"') {
            p = lexString(p);
            continue;
        }
        static const std::string_view ops3[] = {"//", "**", "==", "!=", ">=", "<="};
        bool two = false;
        for (const auto op : ops3) {
            if (startsWith(p, op)) {
                m_tokens.push_back(make(Token::Type::Operator, p, std::string(op)));
                p += 2;
                two = true;
                break;
            }
        }
        if (two)
            continue;
        static const std::string_view singles = "+-/*%~[](){}<>=.:|,;";
        if (singles.find(c) != std::string_view::npos) {
            if (c == '(' || c == '[' || c == '{') {
                balance.push_back(c == '(' ? ')' : c == '[' ? ']' : '}');
            } else if (c == ')' || c == ']' || c == '}') {
                if (balance.empty())
                    fail(std::string("unexpected '") + c + "'", p);
                if (balance.back() != c)
                    fail(std::string("unexpected '") + c + "', expected '" + balance.back() + "'",
                         p);
                balance.pop_back();
            }
            m_tokens.push_back(make(Token::Type::Operator, p, std::string(1, c)));
            ++p;
            continue;
        }
        fail(std::string("unexpected char '") + c + "'", p);
    }
}

size_t Lexer::lexNumber(size_t pos) {
    // Jinja2: integers with optional '_' separators (and 0b/0o/0x), floats with '.' digits
    // and/or an exponent.
    auto digitsEnd = [&](size_t p, auto isDigit) {
        while (p < m_src.size()
               && (isDigit(m_src[p])
                   || (m_src[p] == '_' && p + 1 < m_src.size() && isDigit(m_src[p + 1]))))
            ++p;
        return p;
    };
    auto dec = [](char ch) {
        return ch >= '0' && ch <= '9';
    };
    if (m_src[pos] == '0' && pos + 1 < m_src.size()) {
        const char k = char(m_src[pos + 1] | 0x20);
        int base = k == 'b' ? 2 : k == 'o' ? 8 : k == 'x' ? 16 : 0;
        if (base) {
            auto isD = [base](char ch) {
                if (base == 16)
                    return (ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f');
                return ch >= '0' && ch < char('0' + base);
            };
            size_t e = pos + 2;
            if (e < m_src.size() && m_src[e] == '_')
                ++e;
            const size_t end = digitsEnd(e, isD);
            if (end > e) {
                std::string digits;
                for (size_t i = e; i < end; ++i) {
                    if (m_src[i] != '_')
                        digits.push_back(m_src[i]);
                }
                Token t = make(Token::Type::Int, pos, std::string(m_src.substr(pos, end - pos)));
                const auto r =
                    std::from_chars(digits.data(), digits.data() + digits.size(), t.intValue, base);
                if (r.ec != std::errc())
                    fail("integer literal too large", pos);
                m_tokens.push_back(std::move(t));
                return end;
            }
        }
    }
    size_t end = digitsEnd(pos, dec);
    bool isFloat = false;
    if (end + 1 < m_src.size() && m_src[end] == '.' && dec(m_src[end + 1])) {
        end = digitsEnd(end + 1, dec);
        isFloat = true;
    }
    if (end < m_src.size() && (m_src[end] == 'e' || m_src[end] == 'E')) {
        size_t e = end + 1;
        if (e < m_src.size() && (m_src[e] == '+' || m_src[e] == '-'))
            ++e;
        if (e < m_src.size() && dec(m_src[e])) {
            end = digitsEnd(e, dec);
            isFloat = true;
        }
    }
    std::string digits;
    for (size_t i = pos; i < end; ++i) {
        if (m_src[i] != '_')
            digits.push_back(m_src[i]);
    }
    Token t = make(isFloat ? Token::Type::Float : Token::Type::Int, pos,
                   std::string(m_src.substr(pos, end - pos)));
    if (isFloat) {
        t.floatValue = std::strtod(digits.c_str(), nullptr);
    } else {
        const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), t.intValue);
        if (r.ec != std::errc())
            fail("integer literal too large", pos);
    }
    m_tokens.push_back(std::move(t));
    return end;
}

size_t Lexer::lexString(size_t pos) {
    const char quote = m_src[pos];
    std::string out;
    size_t p = pos + 1;
    auto hexValue = [&](size_t at, int count) -> char32_t {
        if (at + size_t(count) > m_src.size())
            fail("invalid escape in string literal", at);
        char32_t v = 0;
        for (int i = 0; i < count; ++i) {
            const char h = m_src[at + size_t(i)];
            int d = 0;
            if (h >= '0' && h <= '9')
                d = h - '0';
            else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
                d = (h | 0x20) - 'a' + 10;
            else
                fail("invalid escape in string literal", at);
            v = v * 16 + char32_t(d);
        }
        return v;
    };
    while (true) {
        if (p >= m_src.size())
            fail("unexpected end of string literal", pos);
        const char c = m_src[p];
        if (c == quote)
            break;
        if (c == '\r') {
            out.push_back('\n');
            p += (p + 1 < m_src.size() && m_src[p + 1] == '\n') ? 2 : 1;
            continue;
        }
        if (c != '\\') {
            out.push_back(c);
            ++p;
            continue;
        }
        if (p + 1 >= m_src.size())
            fail("unexpected end of string literal", pos);
        const char e = m_src[p + 1];
        p += 2;
        switch (e) {
        case '\\':
            out.push_back('\\');
            break;
        case '\'':
            out.push_back('\'');
            break;
        case '"':
            out.push_back('"');
            break;
        case 'a':
            out.push_back('\a');
            break;
        case 'b':
            out.push_back('\b');
            break;
        case 'f':
            out.push_back('\f');
            break;
        case 'n':
            out.push_back('\n');
            break;
        case 'r':
            out.push_back('\r');
            break;
        case 't':
            out.push_back('\t');
            break;
        case 'v':
            out.push_back('\v');
            break;
        case '\n':
            break;
        case 'x':
            py::appendUtf8(out, hexValue(p, 2));
            p += 2;
            break;
        case 'u':
            py::appendUtf8(out, hexValue(p, 4));
            p += 4;
            break;
        case 'U': {
            const char32_t v = hexValue(p, 8);
            if (v > 0x10FFFF)
                fail("invalid escape in string literal", p);
            py::appendUtf8(out, v);
            p += 8;
            break;
        }
        default:
            if (e >= '0' && e <= '7') {
                char32_t v = char32_t(e - '0');
                for (int i = 0; i < 2 && p < m_src.size() && m_src[p] >= '0' && m_src[p] <= '7';
                     ++i, ++p)
                    v = v * 8 + char32_t(m_src[p] - '0');
                py::appendUtf8(out, v);
            } else {
                out.push_back('\\');
                out.push_back(e);
            }
        }
    }
    m_tokens.push_back(make(Token::Type::String, pos, std::move(out)));
    return p + 1;
}

} // namespace

std::vector<Token> tokenize(std::string_view source) {
    return Lexer(source).run();
}

} // namespace trellis::tmpl
