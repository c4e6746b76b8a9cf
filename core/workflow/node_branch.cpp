// Condition and router nodes: the input value goes down one branch, the others are skipped.
#include "expression.h"
#include "node_config.h"
#include "node_util.h"

namespace trellis::workflow {

using json = nlohmann::json;

namespace {

class ConditionRunner : public NodeRunner {
public:
    using NodeRunner::NodeRunner;
    void start() override {
        const QString expression = configString(m_env.node->config, "expression");
        auto taken = evaluateCondition(expression, m_env.inputs);
        if (!taken) {
            m_env.sink->fail(NodeFailure{taken.error().message, {}, QStringLiteral("expression")});
            return;
        }
        m_env.sink->finish(json{{*taken ? "then" : "else", mainInput(m_env)}});
    }
};

class RouterRunner : public NodeRunner {
public:
    using NodeRunner::NodeRunner;
    void start() override {
        const json &config = m_env.node->config;
        json chosen = json{{"name", "default"}};
        for (const json &route : config["routes"]) {
            auto taken = evaluateCondition(QString::fromStdString(route["when"].get<std::string>()),
                                           m_env.inputs);
            if (!taken) {
                m_env.sink->fail(NodeFailure{
                    taken.error().message,
                    {},
                    QStringLiteral("route '%1'")
                        .arg(QString::fromStdString(route["name"].get<std::string>()))});
                return;
            }
            if (*taken) {
                chosen = route;
                break;
            }
        }
        json out = json{{chosen["name"].get<std::string>(), mainInput(m_env)}};
        for (const char *key : {"model", "taskClass"}) {
            const json &source = chosen.contains(key) ? chosen : config;
            // Always delivered (null when unset), so a prompt fed by them is never skipped.
            out[key] = source.contains(key) && source[key].is_string() ? source[key] : json();
        }
        m_env.sink->finish(out);
    }
};

} // namespace

NodeRunner *createConditionRunner(NodeEnv env) {
    return new ConditionRunner(std::move(env));
}

NodeRunner *createRouterRunner(NodeEnv env) {
    return new RouterRunner(std::move(env));
}

} // namespace trellis::workflow
