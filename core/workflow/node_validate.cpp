// Validate nodes: JSON Schema and rule checks, with a policy on failure (error, fallback, or
// repair retries of the upstream prompt).
#include "node_config.h"
#include "node_util.h"
#include "schema/json_schema.h"
#include "template/template.h"

#include <QRegularExpression>

namespace trellis::workflow {

using json = nlohmann::json;

namespace {

struct Check {
    QStringList errors;
    QString rule; // the first failing rule
};

const char *kDefaultRepair = "Your answer did not pass validation:\n{{ errors }}\n"
                             "Answer again, fixing these problems. Reply with the answer only.";

class ValidateRunner : public NodeRunner {
public:
    using NodeRunner::NodeRunner;

    void start() override { validate(mainInput(m_env)); }

private:
    Check check(const json &value) const {
        const json &config = m_env.node->config;
        Check c;
        auto fail = [&](const QString &rule, const QString &error) {
            if (c.rule.isEmpty())
                c.rule = rule;
            c.errors << error;
        };
        if (config.contains("schema")) {
            json instance = value;
            if (value.is_string()) {
                auto parsed = parseJsonText(valueText(value));
                if (!parsed)
                    fail(QStringLiteral("schema"), parsed.error().message);
                else
                    instance = *parsed;
            }
            auto schema = schema::compile(config["schema"]);
            if (!schema)
                fail(QStringLiteral("schema"), schema.error().message);
            else if (c.errors.isEmpty())
                for (const auto &e : (*schema)->validate(instance))
                    fail(QStringLiteral("schema"), e.toString());
        }
        const QString text = valueText(value);
        const qsizetype words =
            text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts).size();
        for (const json &rule : config.value("rules", json::array())) {
            const QString kind = QString::fromStdString(rule.begin().key());
            const json &arg = rule.begin().value();
            const qint64 n = arg.is_number_integer() ? arg.get<qint64>() : 0;
            const QString s =
                arg.is_string() ? QString::fromStdString(arg.get<std::string>()) : QString();
            if (kind == QStringLiteral("contains") && !text.contains(s))
                fail(kind, QStringLiteral("must contain \"%1\"").arg(s));
            else if (kind == QStringLiteral("notContains") && text.contains(s))
                fail(kind, QStringLiteral("must not contain \"%1\"").arg(s));
            else if (kind == QStringLiteral("regex")
                     && !QRegularExpression(s).match(text).hasMatch())
                fail(kind, QStringLiteral("must match /%1/").arg(s));
            else if (kind == QStringLiteral("minLength") && text.size() < n)
                fail(kind, QStringLiteral("must be at least %1 characters (is %2)")
                               .arg(n)
                               .arg(text.size()));
            else if (kind == QStringLiteral("maxLength") && text.size() > n)
                fail(kind, QStringLiteral("must be at most %1 characters (is %2)")
                               .arg(n)
                               .arg(text.size()));
            else if (kind == QStringLiteral("minWords") && words < n)
                fail(kind,
                     QStringLiteral("must have at least %1 words (has %2)").arg(n).arg(words));
            else if (kind == QStringLiteral("maxWords") && words > n)
                fail(kind, QStringLiteral("must have at most %1 words (has %2)").arg(n).arg(words));
        }
        return c;
    }

    void validate(const json &value) {
        const Check c = check(value);
        const std::string out = "out";
        if (c.errors.isEmpty()) {
            m_env.sink->finish(json{{out, value}});
            return;
        }
        const json &config = m_env.node->config;
        const QString policy = configString(config, "onFailure", QStringLiteral("error"));
        const QString list = QStringLiteral("- ") + c.errors.join(QStringLiteral("\n- "));
        if (policy == QStringLiteral("fallback")) {
            json errors = json::array();
            for (const QString &e : c.errors)
                errors.push_back(e.toStdString());
            m_env.sink->finish(json{{"fallback", value}, {"errors", errors}});
            return;
        }
        const int maxAttempts = configInt(config, "maxAttempts", 3);
        if (policy != QStringLiteral("retry") || m_attempt >= maxAttempts) {
            m_env.sink->fail(NodeFailure{list, QStringLiteral("in"), c.rule, m_attempt});
            return;
        }
        auto t = tmpl::Template::parse(
            configString(config, "repairMessage", QLatin1String(kDefaultRepair)));
        auto message =
            t ? (*t)->render(json{{"errors", list.toStdString()}}) : Result<QString>(t.error());
        if (!message) {
            m_env.sink->fail(NodeFailure{message.error().message, QStringLiteral("in"),
                                         QStringLiteral("repairMessage"), m_attempt});
            return;
        }
        ++m_attempt;
        m_env.sink->repairUpstream(
            QStringLiteral("in"), *message, m_attempt,
            [this](const json &repaired, const std::optional<NodeFailure> &f) {
                if (m_cancelled)
                    return;
                if (f) {
                    NodeFailure failure = *f;
                    failure.input = QStringLiteral("in");
                    failure.attempt = m_attempt;
                    m_env.sink->fail(failure);
                    return;
                }
                validate(repaired);
            });
    }

    void cancel() override { m_cancelled = true; }

    int m_attempt = 1;
    bool m_cancelled = false;
};

} // namespace

NodeRunner *createValidateRunner(NodeEnv env) {
    return new ValidateRunner(std::move(env));
}

} // namespace trellis::workflow
