#include "node_util.h"

#include <QObject>

namespace trellis::workflow {

using json = nlohmann::json;

QString valueText(const json &value) {
    return value.is_string() ? QString::fromStdString(value.get<std::string>())
                             : QString::fromStdString(value.dump());
}

Result<json> parseJsonText(const QString &text) {
    QString t = text.trimmed();
    if (t.startsWith(QStringLiteral("```"))) {
        const qsizetype firstLine = t.indexOf(u'\n');
        const qsizetype close = t.lastIndexOf(QStringLiteral("```"));
        if (firstLine > 0 && close > firstLine)
            t = t.mid(firstLine + 1, close - firstLine - 1).trimmed();
    }
    auto value = json::parse(t.toStdString(), nullptr, false);
    if (value.is_discarded())
        return Error(QStringLiteral("not JSON: %1").arg(t.left(120)));
    return value;
}

std::string firstOutput(const Node &node) {
    return node.outputs.empty() ? std::string("out") : node.outputs.front().name.toStdString();
}

std::string firstInput(const Node &node) {
    return node.inputs.empty() ? std::string("in") : node.inputs.front().name.toStdString();
}

json mainInput(const NodeEnv &env) {
    if (env.inputs.contains("in"))
        return env.inputs["in"];
    const std::string key = firstInput(*env.node);
    return env.inputs.contains(key) ? env.inputs[key] : json();
}

NodeRunner *createNodeRunner(NodeEnv env, QObject *parent) {
    NodeRunner *r = nullptr;
    switch (env.node->type) {
    case NodeType::Prompt:
        r = createPromptRunner(std::move(env));
        break;
    case NodeType::Transform:
        r = createTransformRunner(std::move(env));
        break;
    case NodeType::Validate:
        r = createValidateRunner(std::move(env));
        break;
    case NodeType::Condition:
        r = createConditionRunner(std::move(env));
        break;
    case NodeType::Router:
        r = createRouterRunner(std::move(env));
        break;
    case NodeType::Map:
        r = createMapRunner(std::move(env));
        break;
    case NodeType::Subworkflow:
        r = createSubworkflowRunner(std::move(env));
        break;
    case NodeType::Memory:
        r = createMemoryRunner(std::move(env));
        break;
    case NodeType::Input:
    case NodeType::Output:
        return nullptr;
    }
    r->setParent(parent);
    return r;
}

} // namespace trellis::workflow
