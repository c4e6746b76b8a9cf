#include "prompt/json_reader.h"

#include "prompt/field_path.h"

#include <QRegularExpression>

#include <set>

namespace trellis::prompt {

using nlohmann::json;

namespace {

constexpr int kMaxDepth = 128;

// nlohmann::json keeps no positions, so after it has accepted the text this second pass walks
// the (now known to be valid) tokens, noting where every value and key starts. It also catches
// what nlohmann accepts silently: duplicate keys, where the last one would win.
class PositionScanner {
public:
    PositionScanner(const QByteArray &text, const TextIndex &index, SourceMap *map)
        : m_text(text)
        , m_index(index)
        , m_map(map) {}

    Status scan() {
        skipSpace();
        return value(QString(), 0);
    }

private:
    char peek() const { return m_pos < m_text.size() ? m_text.at(m_pos) : '\0'; }

    void skipSpace() {
        while (m_pos < m_text.size()) {
            const char c = m_text.at(m_pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++m_pos;
        }
    }

    Error fail(qsizetype offset, const QString &field, const QString &message) const {
        const SourcePosition pos = m_index.position(offset);
        return Error(message).forField(field).at(pos.line, pos.column);
    }

    Status value(const QString &path, int depth) {
        m_map->addValue(path, m_index.position(m_pos));
        if (depth > kMaxDepth)
            return fail(m_pos, path, QStringLiteral("nested deeper than %1 levels").arg(kMaxDepth));
        switch (peek()) {
        case '{':
            return object(path, depth);
        case '[':
            return array(path, depth);
        case '"':
            skipString();
            return {};
        default:
            while (m_pos < m_text.size() && !QByteArrayView(",]} \t\r\n").contains(peek()))
                ++m_pos;
            return {};
        }
    }

    Status object(const QString &path, int depth) {
        ++m_pos; // '{'
        skipSpace();
        std::set<std::string> seen;
        while (m_pos < m_text.size() && peek() != '}') {
            const qsizetype keyStart = m_pos;
            const std::string key = readKey();
            const QString childPath = fieldKey(path, QString::fromStdString(key));
            if (!seen.insert(key).second)
                return fail(keyStart, childPath,
                            QStringLiteral("duplicate key '%1'").arg(QString::fromStdString(key)));
            m_map->addKey(childPath, m_index.position(keyStart));
            skipSpace();
            ++m_pos; // ':'
            skipSpace();
            if (Status s = value(childPath, depth + 1); !s)
                return s;
            skipSpace();
            if (peek() == ',')
                ++m_pos;
            skipSpace();
        }
        ++m_pos; // '}'
        return {};
    }

    Status array(const QString &path, int depth) {
        ++m_pos; // '['
        skipSpace();
        qsizetype index = 0;
        while (m_pos < m_text.size() && peek() != ']') {
            if (Status s = value(fieldIndex(path, index++), depth + 1); !s)
                return s;
            skipSpace();
            if (peek() == ',')
                ++m_pos;
            skipSpace();
        }
        ++m_pos; // ']'
        return {};
    }

    void skipString() {
        ++m_pos; // opening quote
        while (m_pos < m_text.size() && peek() != '"')
            m_pos += peek() == '\\' ? 2 : 1;
        ++m_pos; // closing quote
    }

    std::string readKey() {
        const qsizetype start = m_pos;
        skipString();
        const std::string token(m_text.constData() + start, std::size_t(m_pos - start));
        try {
            return json::parse(token).get<std::string>();
        } catch (const json::exception &) {
            return token; // cannot happen for text nlohmann accepted; keep the raw token
        }
    }

    const QByteArray &m_text;
    const TextIndex &m_index;
    SourceMap *m_map;
    qsizetype m_pos = 0;
};

// "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." ->
// "syntax error ..."; the position is reported through Error::line/column instead.
QString parseErrorMessage(const char *what) {
    static const QRegularExpression prefix(
        QStringLiteral("^\\[json\\.exception\\.[a-z_]+\\.[0-9]+\\] (parse error( at line [0-9]+, "
                       "column [0-9]+)?: )?"));
    QString message = QString::fromUtf8(what);
    message.remove(prefix);
    return QStringLiteral("JSON syntax error: ") + message;
}

} // namespace

Result<nlohmann::json> parseJsonDocument(const QByteArray &text, SourceMap *map) {
    const TextIndex index(text);
    json doc;
    try {
        doc = json::parse(text.constBegin(), text.constEnd());
    } catch (const json::parse_error &e) {
        // e.byte is the 1-based offset of the last character read: where parsing stopped.
        const SourcePosition pos = index.position(qsizetype(e.byte) - 1);
        return Error(parseErrorMessage(e.what())).at(pos.line, pos.column);
    } catch (const std::exception &e) {
        return Error(parseErrorMessage(e.what()));
    }
    PositionScanner scanner(text, index, map);
    if (Status s = scanner.scan(); !s)
        return s.error();
    return doc;
}

QString jsonTypeName(const nlohmann::json &value) {
    if (value.is_number_integer())
        return QStringLiteral("an integer");
    if (value.is_number())
        return QStringLiteral("a number");
    if (value.is_string())
        return QStringLiteral("a string");
    if (value.is_boolean())
        return QStringLiteral("a boolean");
    if (value.is_array())
        return QStringLiteral("a list");
    if (value.is_object())
        return QStringLiteral("a mapping");
    return QStringLiteral("null");
}

} // namespace trellis::prompt
