#include "node_config.h"

#include "expression.h"
#include "prompt/field_path.h"
#include "schema/json_schema.h"
#include "template/template.h"
#include "workflow_json.h"

#include <QRegularExpression>
#include <QSet>

namespace trellis::workflow {

using json = nlohmann::json;
using prompt::fieldIndex;
using prompt::fieldKey;

namespace {

// Collects errors about one node's config, each naming the node and the key.
class ConfigCheck {
public:
    ConfigCheck(const Node &node, const QString &field, std::vector<Error> &errors)
        : m_node(node)
        , m_config(node.config)
        , m_field(fieldKey(field, QStringLiteral("config")))
        , m_errors(errors) {}

    void fail(const QString &key, const QString &message) {
        m_errors.push_back(Error(QStringLiteral("node '%1': %2").arg(m_node.id, message))
                               .forField(key.isEmpty() ? m_field : fieldKey(m_field, key)));
    }
    bool has(const char *key) const { return m_config.contains(key); }
    const json &at(const char *key) const { return m_config[key]; }

    bool string(const char *key, bool required = false) {
        const QString k = QLatin1String(key);
        if (!has(key)) {
            if (required)
                fail(k, QStringLiteral("config needs '%1'").arg(k));
            return false;
        }
        if (!at(key).is_string()) {
            fail(k, QStringLiteral("'%1' must be a string").arg(k));
            return false;
        }
        return true;
    }
    QString text(const char *key) const { return configString(m_config, key); }
    void integer(const char *key, int min, int max) {
        const QString k = QLatin1String(key);
        if (has(key)
            && (!at(key).is_number_integer() || at(key).get<std::int64_t>() < min
                || at(key).get<std::int64_t>() > max))
            fail(k,
                 QStringLiteral("'%1' must be an integer from %2 to %3").arg(k).arg(min).arg(max));
    }
    void oneOf(const char *key, std::initializer_list<const char *> values) {
        if (!string(key))
            return;
        const QString v = text(key);
        QStringList names;
        for (const char *value : values)
            names << QLatin1String(value);
        if (!names.contains(v))
            fail(QLatin1String(key),
                 QStringLiteral("'%1' must be one of %2, not '%3'")
                     .arg(QLatin1String(key), names.join(QStringLiteral(", ")), v));
    }
    void templateText(const char *key, const QString &source) {
        auto t = tmpl::Template::parse(source, m_node.id);
        if (!t)
            fail(QLatin1String(key), QStringLiteral("template: %1").arg(t.error().toString()));
    }
    void schema(const char *key) {
        if (!has(key))
            return;
        if (!at(key).is_object() && !at(key).is_boolean()) {
            fail(QLatin1String(key),
                 QStringLiteral("'%1' must be a JSON Schema object").arg(QLatin1String(key)));
            return;
        }
        auto compiled = schema::compile(at(key));
        if (!compiled)
            fail(QLatin1String(key), QStringLiteral("schema: %1").arg(compiled.error().message));
    }
    void regex(const QString &key, const json &value) {
        if (!value.is_string()) {
            fail(key, QStringLiteral("a regular expression must be a string"));
            return;
        }
        const QRegularExpression re(QString::fromStdString(value.get<std::string>()));
        if (!re.isValid())
            fail(key, QStringLiteral("invalid regular expression: %1").arg(re.errorString()));
    }

private:
    const Node &m_node;
    const json &m_config;
    QString m_field;
    std::vector<Error> &m_errors;
};

void checkPrompt(ConfigCheck &c) {
    const bool named = c.has("prompt");
    const bool inline_ = c.has("messages");
    if (named == inline_)
        c.fail({}, QStringLiteral("a prompt node needs either 'prompt' (a stored prompt's name) "
                                  "or 'messages' (an inline template)"));
    c.string("prompt");
    c.string("ref");
    c.string("model");
    c.string("taskClass");
    c.oneOf("output", {"text", "json"});
    c.schema("schema");
    if (c.has("params") && !c.at("params").is_object())
        c.fail(QStringLiteral("params"), QStringLiteral("'params' must be an object"));
    if (!inline_)
        return;
    const json &messages = c.at("messages");
    if (!messages.is_array() || messages.empty()) {
        c.fail(QStringLiteral("messages"), QStringLiteral("'messages' must be a non-empty list"));
        return;
    }
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const QString key = fieldIndex(QStringLiteral("messages"), qsizetype(i));
        const json &m = messages[i];
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string()
            || !m.contains("content") || !m["content"].is_string()) {
            c.fail(key, QStringLiteral("a message is {\"role\": ..., \"content\": ...}"));
            continue;
        }
        const std::string role = m["role"].get<std::string>();
        if (role != "system" && role != "user" && role != "assistant")
            c.fail(key, QStringLiteral("unknown role '%1'").arg(QString::fromStdString(role)));
        c.templateText("messages", QString::fromStdString(m["content"].get<std::string>()));
    }
}

void checkTransform(ConfigCheck &c) {
    if (!c.string("op", true))
        return;
    c.oneOf("op", {"template", "jsonpath", "regex", "split", "join", "parseJson"});
    const QString op = c.text("op");
    if (op == QStringLiteral("template") && c.string("template", true))
        c.templateText("template", c.text("template"));
    if (op == QStringLiteral("jsonpath"))
        c.string("path", true);
    if (op == QStringLiteral("regex") && c.string("pattern", true))
        c.regex(QStringLiteral("pattern"), c.at("pattern"));
    if (op == QStringLiteral("regex") && c.has("all") && !c.at("all").is_boolean())
        c.fail(QStringLiteral("all"), QStringLiteral("'all' must be true or false"));
    c.integer("group", 0, 99);
    c.string("separator");
}

void checkValidate(const WorkflowGraph &g, const Node &n, ConfigCheck &c) {
    c.schema("schema");
    c.oneOf("onFailure", {"retry", "fallback", "error"});
    c.integer("maxAttempts", 1, 10);
    c.string("repairMessage");
    if (c.has("rules")) {
        const json &rules = c.at("rules");
        if (!rules.is_array())
            c.fail(QStringLiteral("rules"), QStringLiteral("'rules' must be a list"));
        for (std::size_t i = 0; rules.is_array() && i < rules.size(); ++i) {
            const QString key = fieldIndex(QStringLiteral("rules"), qsizetype(i));
            const json &r = rules[i];
            static const QStringList kinds = {
                QStringLiteral("contains"),  QStringLiteral("notContains"),
                QStringLiteral("regex"),     QStringLiteral("minLength"),
                QStringLiteral("maxLength"), QStringLiteral("minWords"),
                QStringLiteral("maxWords")};
            if (!r.is_object() || r.size() != 1
                || !kinds.contains(QString::fromStdString(r.begin().key()))) {
                c.fail(key, QStringLiteral("a rule is one of {\"%1\": ...}")
                                .arg(kinds.join(QStringLiteral("\": ...}, {\""))));
                continue;
            }
            const json &v = r.begin().value();
            const std::string kind = r.begin().key();
            if (kind == "regex")
                c.regex(key, v);
            else if ((kind == "contains" || kind == "notContains") && !v.is_string())
                c.fail(key,
                       QStringLiteral("'%1' takes a string").arg(QString::fromStdString(kind)));
            else if (kind != "contains" && kind != "notContains"
                     && (!v.is_number_integer() || v.get<std::int64_t>() < 0))
                c.fail(key, QStringLiteral("'%1' takes a count").arg(QString::fromStdString(kind)));
        }
    }
    if (configString(n.config, "onFailure") == QStringLiteral("retry")) {
        bool fromPrompt = false;
        for (const Edge *e : g.edgesInto(n.id)) {
            const Node *up = g.node(e->from.node);
            fromPrompt =
                fromPrompt
                || (e->to.port == QStringLiteral("in") && up && up->type == NodeType::Prompt);
        }
        if (!fromPrompt)
            c.fail(QStringLiteral("onFailure"),
                   QStringLiteral("'retry' needs the input 'in' to come from a prompt node"));
    }
}

void checkRouter(ConfigCheck &c) {
    if (!c.has("routes") || !c.at("routes").is_array()) {
        c.fail(QStringLiteral("routes"), QStringLiteral("a router needs a list 'routes'"));
        return;
    }
    QSet<QString> names;
    const json &routes = c.at("routes");
    for (std::size_t i = 0; i < routes.size(); ++i) {
        const QString key = fieldIndex(QStringLiteral("routes"), qsizetype(i));
        const json &r = routes[i];
        if (!r.is_object() || !r.contains("name") || !r["name"].is_string() || !r.contains("when")
            || !r["when"].is_string()) {
            c.fail(key,
                   QStringLiteral("a route is {\"name\", \"when\", \"model\"?, \"taskClass\"?}"));
            continue;
        }
        const QString name = QString::fromStdString(r["name"].get<std::string>());
        if (Status s = validateNodeId(name); !s)
            c.fail(key, s.error().message);
        if (names.contains(name) || name == QStringLiteral("default")
            || name == QStringLiteral("model") || name == QStringLiteral("taskClass"))
            c.fail(key, QStringLiteral("route name '%1' is taken").arg(name));
        names.insert(name);
        if (Status s = checkExpression(QString::fromStdString(r["when"].get<std::string>())); !s)
            c.fail(key, s.error().message);
        for (const char *k : {"model", "taskClass"})
            if (r.contains(k) && !r[k].is_string())
                c.fail(key, QStringLiteral("'%1' must be a string").arg(QLatin1String(k)));
    }
    c.string("model");
    c.string("taskClass");
}

void checkMap(ConfigCheck &c) {
    c.integer("maxParallel", 1, 64);
    c.string("itemInput");
    if (c.has("graph") == c.has("workflow"))
        c.fail({}, QStringLiteral("a map node needs either 'graph' (an inline workflow) or "
                                  "'workflow' (a stored one's name)"));
    c.string("workflow");
    c.string("version");
    if (!c.has("graph"))
        return;
    auto sub = fromJson(c.at("graph"));
    if (!sub) {
        c.fail(QStringLiteral("graph"), sub.error().toString());
        return;
    }
    for (const Error &e : validateGraph(*sub))
        c.fail(QStringLiteral("graph"), e.toString());
}

} // namespace

QString configString(const json &config, const char *key, const QString &fallback) {
    if (config.is_object() && config.contains(key) && config[key].is_string())
        return QString::fromStdString(config[key].get<std::string>());
    return fallback;
}

int configInt(const json &config, const char *key, int fallback) {
    if (config.is_object() && config.contains(key) && config[key].is_number_integer())
        return int(config[key].get<std::int64_t>());
    return fallback;
}

std::vector<Error> checkNodeConfig(const WorkflowGraph &graph, const Node &node,
                                   const QString &field) {
    std::vector<Error> errors;
    ConfigCheck c(node, field, errors);
    switch (node.type) {
    case NodeType::Input:
        if (node.outputs.empty())
            c.fail({}, QStringLiteral("an input node needs at least one output port"));
        if (c.has("defaults") && !c.at("defaults").is_object())
            c.fail(QStringLiteral("defaults"), QStringLiteral("'defaults' must be an object"));
        break;
    case NodeType::Output:
        if (node.inputs.empty())
            c.fail({}, QStringLiteral("an output node needs at least one input port"));
        break;
    case NodeType::Prompt:
        checkPrompt(c);
        break;
    case NodeType::Transform:
        checkTransform(c);
        break;
    case NodeType::Validate:
        checkValidate(graph, node, c);
        break;
    case NodeType::Condition:
        if (c.string("expression", true))
            if (Status s = checkExpression(c.text("expression")); !s)
                c.fail(QStringLiteral("expression"), s.error().message);
        break;
    case NodeType::Router:
        checkRouter(c);
        break;
    case NodeType::Map:
        checkMap(c);
        break;
    case NodeType::Memory:
        c.integer("keepTurns", 0, 1000);
        c.integer("tokenBudget", 1, 10000000);
        c.string("summaryModel");
        c.string("summaryPrompt");
        break;
    case NodeType::Subworkflow:
        c.string("workflow", true);
        c.string("version");
        break;
    }
    return errors;
}

} // namespace trellis::workflow
