#include "prompt/yaml_writer.h"

#include "prompt/yaml_reader.h"

#include <QString>

#include <optional>
#include <yaml-cpp/yaml.h>

namespace trellis::prompt {

using nlohmann::ordered_json;

namespace {

constexpr qsizetype kFlowLineLimit = 80;

// Characters YAML cannot carry literally (or that some YAML tools treat as line breaks).
bool needsEscape(char32_t c) {
    return (c < 0x20 && c != u'\t' && c != u'\n') || c == 0x7F || (c >= 0x80 && c <= 0x9F)
           || c == 0xFEFF || c == 0x2028 || c == 0x2029;
}

bool isPlainSafe(const std::string &text, bool flow) {
    if (text.empty())
        return false;
    if (std::string_view("-?:,[]{}#&*!|>'\"%@` \t=<~").find(text.front()) != std::string::npos)
        return false;
    if (text.back() == ' ' || text.back() == ':')
        return false;
    if (text.find(": ") != std::string::npos || text.find(" #") != std::string::npos)
        return false;
    if (flow && text.find_first_of(",[]{}") != std::string::npos)
        return false;
    for (const char32_t c : QString::fromStdString(text).toUcs4()) {
        if (c == u'\t' || c == u'\n' || c == 0xFFFD || needsEscape(c))
            return false;
    }
    // Words that YAML 1.1 tools read as booleans, and number-like text (1_000, 1:20, 0b1).
    static const std::set<std::string> yaml11{"y",   "Y",   "n",   "N",   "yes",  "Yes",
                                              "YES", "no",  "No",  "NO",  "on",   "On",
                                              "ON",  "off", "Off", "OFF", ".inf", ".nan"};
    if (yaml11.count(text))
        return false;
    if (std::string_view("0123456789+-.").find(text.front()) != std::string::npos
        && text.find_first_not_of("0123456789_:.+-eExXoObBabcdefABCDEF") == std::string::npos)
        return false;
    bool ok = false;
    return resolvePlainScalar(text, &ok).is_string() && ok;
}

QByteArray doubleQuoted(const std::string &text) {
    QByteArray out = "\"";
    for (const char32_t c : QString::fromStdString(text).toUcs4()) {
        switch (c) {
        case U'"':
            out += "\\\"";
            break;
        case U'\\':
            out += "\\\\";
            break;
        case U'\n':
            out += "\\n";
            break;
        case U'\t':
            out += "\\t";
            break;
        case U'\r':
            out += "\\r";
            break;
        default:
            if (needsEscape(c))
                out += "\\u" + QByteArray::number(uint(c), 16).rightJustified(4, '0');
            else
                out += QString::fromUcs4(&c, 1).toUtf8();
        }
    }
    return out + '"';
}

QByteArray scalarText(const ordered_json &value, bool flow) {
    if (value.is_string()) {
        const std::string &s = value.get_ref<const std::string &>();
        return isPlainSafe(s, flow) ? QByteArray::fromStdString(s) : doubleQuoted(s);
    }
    // Numbers, booleans and null in JSON spelling are also valid core-schema YAML.
    return QByteArray::fromStdString(
        value.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
}

// "|", "|-" or "|+" plus an indentation indicator when the text starts with spaces, then the
// lines indented by `indent`. Empty when a literal block cannot hold the text exactly.
std::optional<QByteArray> literalBlockText(const std::string &text, int indent) {
    if (text.empty() || text.find('\r') != std::string::npos)
        return std::nullopt;
    for (const char32_t c : QString::fromStdString(text).toUcs4()) {
        if (needsEscape(c) || c == 0xFFFD)
            return std::nullopt;
    }
    const std::size_t lastContent = text.find_last_not_of('\n');
    const std::size_t trailing =
        lastContent == std::string::npos ? text.size() : text.size() - lastContent - 1;
    QByteArray out = "|";
    const std::size_t firstContent = text.find_first_not_of('\n');
    if (firstContent != std::string::npos
        && (text[firstContent] == ' ' || text[firstContent] == '\t'))
        out += QByteArray::number(indent > 0 ? 2 : 1);
    out += trailing == 0 ? "-" : (trailing == 1 ? "" : "+");
    out += '\n';
    const QByteArray pad(indent, ' ');
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        if (end > start)
            out += pad + QByteArray(text.data() + start, qsizetype(end - start));
        out += '\n';
        start = end + 1;
    }
    return out;
}

// The literal block for `text`, only if yaml-cpp reads it back unchanged: the spec's rules
// for indentation and chomping have corners this writer does not have to get right by hand.
std::optional<QByteArray> literalBlock(const std::string &text, int indent) {
    const std::optional<QByteArray> probe = literalBlockText(text, 2);
    if (!probe)
        return std::nullopt;
    try {
        const YAML::Node node = YAML::Load("k: " + probe->toStdString());
        const YAML::Node value = node["k"];
        if (!value.IsScalar() || value.Scalar() != text)
            return std::nullopt;
    } catch (const std::exception &) {
        return std::nullopt;
    }
    return literalBlockText(text, indent);
}

bool isFlowList(const ordered_json &list) {
    qsizetype width = 0;
    for (const ordered_json &item : list) {
        if (item.is_structured())
            return false;
        width += scalarText(item, true).size() + 2;
    }
    return width <= kFlowLineLimit;
}

class Writer {
public:
    explicit Writer(const std::set<std::string> &literalKeys)
        : m_literalKeys(literalKeys) {}

    QByteArray take() { return std::move(m_out); }

    void mapping(const ordered_json &object, int indent, const QByteArray &firstPrefix) {
        bool first = true;
        for (auto it = object.begin(); it != object.end(); ++it) {
            m_out += first ? firstPrefix : QByteArray(indent, ' ');
            first = false;
            m_out += scalarText(ordered_json(it.key()), false) + ':';
            afterKey(it.value(), indent, m_literalKeys.count(it.key()) > 0);
        }
    }

    void sequence(const ordered_json &list, int indent) {
        for (const ordered_json &item : list) {
            const QByteArray dash = QByteArray(indent, ' ') + '-';
            if (item.is_object() && !item.empty()) {
                mapping(item, indent + 2, dash + ' ');
            } else {
                m_out += dash;
                afterKey(item, indent, false);
            }
        }
    }

private:
    // Writes what follows "key:" or "-": an inline scalar, a block scalar or a nested block.
    void afterKey(const ordered_json &value, int indent, bool preferLiteral) {
        if (value.is_object() && !value.empty()) {
            m_out += '\n';
            mapping(value, indent + 2, QByteArray(indent + 2, ' '));
        } else if (value.is_array() && !value.empty() && !isFlowList(value)) {
            m_out += '\n';
            sequence(value, indent + 2);
        } else if (value.is_array()) {
            QByteArrayList items;
            for (const ordered_json &item : value)
                items << scalarText(item, true);
            m_out += " [" + items.join(", ") + "]\n";
        } else if (value.is_object()) {
            m_out += " {}\n";
        } else if (value.is_string()) {
            const std::string &text = value.get_ref<const std::string &>();
            std::optional<QByteArray> block;
            // Whitespace-only text ("\n\n" stop sequences) reads better as "\n\n".
            const bool hasText = text.find_first_not_of(" \t\n") != std::string::npos;
            if (hasText && (preferLiteral || text.find('\n') != std::string::npos))
                block = literalBlock(text, indent + 2);
            m_out += ' ' + (block ? *block : scalarText(value, false) + '\n');
        } else {
            m_out += ' ' + scalarText(value, false) + '\n';
        }
    }

    const std::set<std::string> &m_literalKeys;
    QByteArray m_out;
};

} // namespace

QByteArray writeYamlDocument(const nlohmann::ordered_json &doc,
                             const std::set<std::string> &literalKeys) {
    Writer writer(literalKeys);
    if (doc.is_object() && !doc.empty()) {
        writer.mapping(doc, 0, QByteArray());
        return writer.take();
    }
    if (doc.is_array() && !doc.empty()) {
        writer.sequence(doc, 0);
        return writer.take();
    }
    return scalarText(doc, false) + '\n';
}

} // namespace trellis::prompt
