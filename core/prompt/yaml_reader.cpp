#include "prompt/yaml_reader.h"

#include "prompt/field_path.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace trellis::prompt {

using nlohmann::json;

namespace {

// Prompt files are small; these bounds keep hostile input (deep nesting, alias bombs) from
// exhausting the stack or memory.
constexpr int kMaxDepth = 128;
constexpr std::size_t kMaxNodes = 50000;

const std::string kTagPrefix = "tag:yaml.org,2002:";

const QRegularExpression &decimalInteger() {
    static const QRegularExpression re(QStringLiteral("^[-+]?[0-9]+$"));
    return re;
}

const QRegularExpression &decimalFloat() {
    static const QRegularExpression re(
        QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    return re;
}

bool matches(const QRegularExpression &re, const QString &text) {
    return re.match(text).hasMatch();
}

std::optional<json> parseInteger(const std::string &text) {
    const QString s = QString::fromStdString(text);
    bool ok = false;
    if (matches(decimalInteger(), s)) {
        const qlonglong v = s.toLongLong(&ok, 10);
        if (ok)
            return json(v);
        const qulonglong u = s.toULongLong(&ok, 10);
        if (ok)
            return json(u);
        return std::nullopt;
    }
    for (const auto &[prefix, radix] : {std::pair{"0o", 8}, std::pair{"0x", 16}}) {
        const int base = radix; // clang 14 cannot capture structured bindings
        if (!s.startsWith(QLatin1String(prefix)) || s.size() <= 2)
            continue;
        const QString digits = s.mid(2);
        const bool allDigits = std::all_of(digits.begin(), digits.end(), [base](QChar c) {
            return base == 8 ? (c >= u'0' && c <= u'7')
                             : ((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f')
                                || (c >= u'A' && c <= u'F'));
        });
        const qulonglong u = digits.toULongLong(&ok, base);
        return allDigits && ok ? std::optional<json>(json(u)) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<json> parseFloat(const std::string &text) {
    const QString s = QString::fromStdString(text);
    if (!matches(decimalFloat(), s))
        return std::nullopt;
    bool ok = false;
    const double v = s.toDouble(&ok);
    if (!ok || !std::isfinite(v))
        return std::nullopt;
    return json(v);
}

bool isSpecialFloat(const std::string &text) {
    static const QRegularExpression re(
        QStringLiteral("^([-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$"));
    return matches(re, QString::fromStdString(text));
}

class Converter {
public:
    Converter(const TextIndex &index, SourceMap *map)
        : m_index(index)
        , m_map(map) {}

    Status convert(const YAML::Node &node, const QString &path, int depth, json *out) {
        if (depth > kMaxDepth)
            return fail(node, path, QStringLiteral("nested deeper than %1 levels").arg(kMaxDepth));
        if (++m_nodes > kMaxNodes)
            return fail(node, path,
                        QStringLiteral("document too large (more than %1 values after "
                                       "expanding aliases)")
                            .arg(kMaxNodes));
        switch (node.Type()) {
        case YAML::NodeType::Map:
            return convertMap(node, path, depth, out);
        case YAML::NodeType::Sequence:
            return convertSequence(node, path, depth, out);
        case YAML::NodeType::Scalar:
            return convertScalar(node, path, out);
        case YAML::NodeType::Null:
            // An explicitly tagged empty string ("key: !!str") is a string, not null.
            *out = node.Tag() == kTagPrefix + "str" ? json("") : json(nullptr);
            return {};
        case YAML::NodeType::Undefined:
            break;
        }
        return fail(node, path, QStringLiteral("unsupported YAML node"));
    }

    SourcePosition position(const YAML::Mark &mark) const {
        if (mark.is_null())
            return {};
        return m_index.position(mark.pos);
    }

private:
    Error fail(const YAML::Node &node, const QString &path, const QString &message) const {
        Error error(message);
        error.forField(path);
        const SourcePosition pos = position(node.Mark());
        if (pos.isValid())
            error.at(pos.line, pos.column);
        return error;
    }

    // yaml-cpp 0.7 decodes the escapes \\N and \\_ to single bytes that are not UTF-8.
    Status checkUtf8(const YAML::Node &node, const QString &path, const std::string &text) const {
        if (invalidUtf8Offset(QByteArray::fromStdString(text)) < 0)
            return {};
        return fail(node, path,
                    QStringLiteral("text is not valid UTF-8 (write \\N as \\u0085 and "
                                   "\\_ as \\u00a0)"));
    }

    Status checkCollectionTag(const YAML::Node &node, const QString &path, const char *kind) {
        const std::string &tag = node.Tag();
        if (tag.empty() || tag == "?" || tag == "!" || tag == kTagPrefix + kind)
            return {};
        return fail(node, path,
                    QStringLiteral("unsupported tag '%1'").arg(QString::fromStdString(tag)));
    }

    Status convertMap(const YAML::Node &node, const QString &path, int depth, json *out) {
        if (Status s = checkCollectionTag(node, path, "map"); !s)
            return s;
        *out = json::object();
        std::set<std::string> seen;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node key = it->first;
            if (!key.IsScalar())
                return fail(key, path, QStringLiteral("keys must be plain text"));
            const std::string &name = key.Scalar();
            if (Status s = checkUtf8(key, path, name); !s)
                return s;
            const QString childPath = fieldKey(path, QString::fromStdString(name));
            if (!seen.insert(name).second)
                return fail(key, childPath,
                            QStringLiteral("duplicate key '%1'").arg(QString::fromStdString(name)));
            const SourcePosition keyPos = position(key.Mark());
            m_map->addKey(childPath, keyPos);
            // An empty value ("role:") is reported where its key is, not on the next line.
            const YAML::Node value = it->second;
            const SourcePosition valuePos = value.IsNull() && value.Mark().line != key.Mark().line
                                                ? keyPos
                                                : position(value.Mark());
            m_map->addValue(childPath, valuePos);
            json child;
            if (Status s = convert(value, childPath, depth + 1, &child); !s)
                return s;
            (*out)[name] = std::move(child);
        }
        return {};
    }

    Status convertSequence(const YAML::Node &node, const QString &path, int depth, json *out) {
        if (Status s = checkCollectionTag(node, path, "seq"); !s)
            return s;
        *out = json::array();
        std::size_t i = 0;
        for (auto it = node.begin(); it != node.end(); ++it, ++i) {
            const QString childPath = fieldIndex(path, qsizetype(i));
            m_map->addValue(childPath, position(it->Mark()));
            json child;
            if (Status s = convert(*it, childPath, depth + 1, &child); !s)
                return s;
            out->push_back(std::move(child));
        }
        return {};
    }

    Status convertScalar(const YAML::Node &node, const QString &path, json *out) {
        const std::string &tag = node.Tag();
        const std::string &text = node.Scalar();
        if (Status s = checkUtf8(node, path, text); !s)
            return s;
        if (tag == "!" || tag == kTagPrefix + "str") {
            *out = text;
            return {};
        }
        std::optional<json> value;
        if (tag == "?") {
            bool ok = false;
            value = resolvePlainScalar(text, &ok);
            if (!ok)
                value.reset();
        } else if (tag == kTagPrefix + "int") {
            value = parseInteger(text);
        } else if (tag == kTagPrefix + "float") {
            value = parseInteger(text);
            if (!value)
                value = parseFloat(text);
        } else if (tag == kTagPrefix + "bool") {
            bool ok = false;
            const json v = resolvePlainScalar(text, &ok);
            if (ok && v.is_boolean())
                value = v;
        } else if (tag == kTagPrefix + "null") {
            value = json(nullptr);
        } else {
            return fail(node, path,
                        QStringLiteral("unsupported tag '%1'").arg(QString::fromStdString(tag)));
        }
        if (!value) {
            if (isSpecialFloat(text))
                return fail(node, path,
                            QStringLiteral("'%1' cannot be stored (JSON has no "
                                           "infinity or NaN)")
                                .arg(QString::fromStdString(text)));
            return fail(node, path,
                        QStringLiteral("invalid value '%1' for tag %2")
                            .arg(QString::fromStdString(text), QString::fromStdString(tag)));
        }
        *out = std::move(*value);
        return {};
    }

    const TextIndex &m_index;
    SourceMap *m_map;
    std::size_t m_nodes = 0;
};

// Parses without building nodes, remembering where the second document (if any) starts.
class DocumentCounter : public YAML::EventHandler {
public:
    void OnDocumentStart(const YAML::Mark &mark) override {
        if (++m_documents == 2)
            secondDocument = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t,
                  const std::string &) override {}
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

    YAML::Mark secondDocument = YAML::Mark::null_mark();

private:
    int m_documents = 0;
};

QString yamlMessage(const YAML::Exception &e) {
    QString message = QString::fromStdString(e.msg);
    if (message.isEmpty())
        message = QStringLiteral("invalid YAML");
    return QStringLiteral("YAML syntax error: ") + message;
}

} // namespace

json resolvePlainScalar(const std::string &text, bool *ok) {
    *ok = true;
    // Most scalars are words: only these first characters can start a null, bool or number.
    if (!text.empty()
        && std::string_view("0123456789+-.~nNtTfF").find(text.front()) == std::string_view::npos)
        return text;
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return nullptr;
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;
    if (std::optional<json> v = parseInteger(text))
        return *v;
    if (std::optional<json> v = parseFloat(text))
        return *v;
    // Numbers too large for JSON, .inf and .nan look numeric but have no JSON value.
    const QString s = QString::fromStdString(text);
    if (isSpecialFloat(text) || matches(decimalInteger(), s) || matches(decimalFloat(), s)) {
        *ok = false;
        return nullptr;
    }
    return text;
}

Result<nlohmann::json> parseYamlDocument(const QByteArray &text, SourceMap *map) {
    const TextIndex index(text);
    const std::string input(text.constData(), std::size_t(text.size()));
    YAML::Node root;
    try {
        // YAML::LoadAll (0.7) can loop forever on some invalid input (yaml-cpp PR #1319), so
        // documents are counted here with a bounded loop and only the first one is loaded.
        std::istringstream stream(input);
        YAML::Parser parser(stream);
        DocumentCounter counter;
        int documents = 0;
        while (documents < 2 && parser.HandleNextDocument(counter))
            ++documents;
        if (documents == 0)
            return Error(QStringLiteral("the file is empty")).at(1, 1);
        if (documents > 1) {
            Error error(QStringLiteral("expected one YAML document, found more"));
            const SourcePosition pos = index.position(counter.secondDocument.pos);
            return counter.secondDocument.is_null() ? error : error.at(pos.line, pos.column);
        }
        root = YAML::Load(input);
    } catch (const YAML::Exception &e) {
        Error error(yamlMessage(e));
        if (!e.mark.is_null()) {
            const SourcePosition pos = index.position(e.mark.pos);
            error.at(pos.line, pos.column);
        }
        return error;
    } catch (const std::exception &e) {
        return Error(QStringLiteral("cannot read YAML: ") + QString::fromLocal8Bit(e.what()));
    }
    Converter converter(index, map);
    const SourcePosition rootPos = converter.position(root.Mark());
    map->addValue(QString(), rootPos.isValid() ? rootPos : SourcePosition{1, 1});
    json out;
    try {
        if (Status s = converter.convert(root, QString(), 0, &out); !s)
            return s.error();
    } catch (const std::exception &e) {
        return Error(QStringLiteral("cannot read YAML: ") + QString::fromLocal8Bit(e.what()));
    }
    return out;
}

} // namespace trellis::prompt
