#pragma once

// A validating JSON reader that walks the text without building a DOM (internal to the
// providers module). Stream chunks arrive by the dozen per answer and a wire format needs a
// handful of their fields, so reading them in place saves the allocations of a full
// nlohmann::json tree. It accepts exactly what nlohmann::json::parse accepts (RFC 8259, a
// leading UTF-8 byte order mark, strict UTF-8 in strings, no comments, nothing after the value but
// what follows a NUL byte);
// the differential fuzz target fuzz_openai_chunk holds it to that.

#include <QByteArrayView>
#include <QString>

#include <string>
#include <string_view>

namespace trellis::providers::wire {

class JsonCursor {
public:
    // Deeper nesting makes the reader give up (tooDeep()); callers then parse with nlohmann,
    // which has no such limit, so that nothing is judged differently.
    static constexpr int maxDepth = 128;

    explicit JsonCursor(QByteArrayView text)
        : m_p(text.data())
        , m_end(text.data() + text.size()) {}

    // Reads `text` as one JSON value: a BOM and whitespace may surround it, nothing else may
    // follow. `onValue(cursor)` must consume the value (see below).
    template <class F>
    static bool document(QByteArrayView text, F &&onValue, bool *tooDeep = nullptr);

    // The next value's first character (after whitespace), or 0 at the end.
    char peek() {
        skipWs();
        return m_p == m_end ? '\0' : *m_p;
    }

    // Each of these consumes one value and fails on malformed input.
    bool skipValue() { return value(); }
    // A string's decoded UTF-8 (into `scratch` when it holds escapes; `out` views either).
    bool string(std::string &scratch, std::string_view &out);
    // A string value as QString, or an empty one (and the value skipped) when it is no string,
    // the way the wire formats' qstr() reads a member.
    bool stringOrEmpty(QString &out);
    // A number as the wire formats' integer() reads it; anything else gives `fallback`.
    bool integerOr(qint64 fallback, qint64 &out);

    // At '{': calls onMember(key) with the cursor on each member's value, which the callback
    // must consume (and return false on failure).
    template <class F>
    bool members(F &&onMember);
    // At '[': calls onElement(index) likewise for each element.
    template <class F>
    bool elements(F &&onElement);

    bool tooDeep() const { return m_tooDeep; }

private:
    void skipWs() {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool value();
    bool number(std::string_view &token, bool &isInteger);
    bool literal(std::string_view word);
    bool enter() {
        if (++m_depth > maxDepth) {
            m_tooDeep = true;
            return false;
        }
        return true;
    }

    const char *m_p;
    const char *m_end;
    int m_depth = 0;
    bool m_tooDeep = false;
};

template <class F>
bool JsonCursor::document(QByteArrayView text, F &&onValue, bool *tooDeep) {
    JsonCursor c(text);
    // nlohmann skips a UTF-8 byte order mark at the very start, and only there.
    if (c.m_p != c.m_end && static_cast<unsigned char>(*c.m_p) == 0xEF) {
        if (c.m_end - c.m_p < 3 || static_cast<unsigned char>(c.m_p[1]) != 0xBB
            || static_cast<unsigned char>(c.m_p[2]) != 0xBF)
            return false;
        c.m_p += 3;
    }
    // nlohmann's lexer takes a NUL byte where a token may start for the end of the input.
    const bool ok = c.peek() != '\0' && onValue(c) && c.peek() == '\0';
    if (tooDeep != nullptr)
        *tooDeep = c.m_tooDeep;
    return ok;
}

template <class F>
bool JsonCursor::members(F &&onMember) {
    if (peek() != '{' || !enter())
        return false;
    ++m_p;
    std::string scratch;
    if (peek() == '}') {
        ++m_p;
        --m_depth;
        return true;
    }
    for (;;) {
        std::string_view key;
        if (peek() != '"' || !string(scratch, key) || peek() != ':')
            return false;
        ++m_p;
        if (peek() == '\0' || !onMember(key))
            return false;
        const char next = peek();
        ++m_p;
        if (next == '}') {
            --m_depth;
            return true;
        }
        if (next != ',')
            return false;
    }
}

template <class F>
bool JsonCursor::elements(F &&onElement) {
    if (peek() != '[' || !enter())
        return false;
    ++m_p;
    if (peek() == ']') {
        ++m_p;
        --m_depth;
        return true;
    }
    for (int index = 0;; ++index) {
        if (peek() == '\0' || !onElement(index))
            return false;
        const char next = peek();
        ++m_p;
        if (next == ']') {
            --m_depth;
            return true;
        }
        if (next != ',')
            return false;
    }
}

} // namespace trellis::providers::wire
