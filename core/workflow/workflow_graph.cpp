#include "workflow_graph.h"

#include <QSet>

#include <array>

namespace trellis::workflow {

namespace {

struct PortTypeName {
    PortType type;
    const char *name;
};
constexpr std::array<PortTypeName, 7> kPortTypes{{{PortType::Any, "any"},
                                                  {PortType::Text, "text"},
                                                  {PortType::Json, "json"},
                                                  {PortType::Number, "number"},
                                                  {PortType::Boolean, "boolean"},
                                                  {PortType::List, "list"},
                                                  {PortType::Object, "object"}}};

struct NodeTypeName {
    NodeType type;
    const char *name;
};
constexpr std::array<NodeTypeName, 10> kNodeTypes{{{NodeType::Input, "input"},
                                                   {NodeType::Output, "output"},
                                                   {NodeType::Prompt, "prompt"},
                                                   {NodeType::Transform, "transform"},
                                                   {NodeType::Validate, "validate"},
                                                   {NodeType::Condition, "condition"},
                                                   {NodeType::Router, "router"},
                                                   {NodeType::Map, "map"},
                                                   {NodeType::Memory, "memory"},
                                                   {NodeType::Subworkflow, "subworkflow"}}};

Port port(const char *name, PortType type) {
    return Port{QLatin1String(name), type};
}

template <typename Next>
QStringList walk(const QString &start, Next next) {
    QStringList out;
    QSet<QString> seen{start};
    QStringList todo{start};
    while (!todo.isEmpty()) {
        const QString id = todo.takeLast();
        for (const QString &n : next(id)) {
            if (seen.contains(n))
                continue;
            seen.insert(n);
            out << n;
            todo << n;
        }
    }
    out.sort();
    return out;
}

} // namespace

QString portTypeName(PortType type) {
    for (const auto &p : kPortTypes)
        if (p.type == type)
            return QLatin1String(p.name);
    return QStringLiteral("any");
}

std::optional<PortType> parsePortType(const QString &name) {
    for (const auto &p : kPortTypes)
        if (name == QLatin1String(p.name))
            return p.type;
    return std::nullopt;
}

bool portTypesCompatible(PortType from, PortType to) {
    return from == to || from == PortType::Any || to == PortType::Any || to == PortType::Json
           || from == PortType::Json;
}

bool valueFitsPortType(const nlohmann::json &value, PortType type) {
    if (value.is_null())
        return true;
    switch (type) {
    case PortType::Any:
    case PortType::Json:
        return true;
    case PortType::Text:
        return value.is_string();
    case PortType::Number:
        return value.is_number();
    case PortType::Boolean:
        return value.is_boolean();
    case PortType::List:
        return value.is_array();
    case PortType::Object:
        return value.is_object();
    }
    return false;
}

QString nodeTypeName(NodeType type) {
    for (const auto &n : kNodeTypes)
        if (n.type == type)
            return QLatin1String(n.name);
    return {};
}

std::optional<NodeType> parseNodeType(const QString &name) {
    for (const auto &n : kNodeTypes)
        if (name == QLatin1String(n.name))
            return n.type;
    return std::nullopt;
}

QStringList nodeTypeNames() {
    QStringList out;
    for (const auto &n : kNodeTypes)
        out << QLatin1String(n.name);
    return out;
}

const Port *Node::input(const QString &name) const {
    for (const Port &p : inputs)
        if (p.name == name)
            return &p;
    return nullptr;
}

const Port *Node::output(const QString &name) const {
    for (const Port &p : outputs)
        if (p.name == name)
            return &p;
    return nullptr;
}

const Node *WorkflowGraph::node(const QString &id) const {
    for (const Node &n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

Node *WorkflowGraph::node(const QString &id) {
    for (Node &n : nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

const Edge *WorkflowGraph::edge(const QString &id) const {
    for (const Edge &e : edges)
        if (e.id == id)
            return &e;
    return nullptr;
}

std::vector<const Edge *> WorkflowGraph::edgesInto(const QString &nodeId) const {
    std::vector<const Edge *> out;
    for (const Edge &e : edges)
        if (e.to.node == nodeId)
            out.push_back(&e);
    return out;
}

std::vector<const Edge *> WorkflowGraph::edgesFrom(const QString &nodeId) const {
    std::vector<const Edge *> out;
    for (const Edge &e : edges)
        if (e.from.node == nodeId)
            out.push_back(&e);
    return out;
}

QStringList WorkflowGraph::ancestors(const QString &nodeId) const {
    return walk(nodeId, [this](const QString &id) {
        QStringList up;
        for (const Edge *e : edgesInto(id))
            up << e->from.node;
        return up;
    });
}

QStringList WorkflowGraph::descendants(const QString &nodeId) const {
    return walk(nodeId, [this](const QString &id) {
        QStringList down;
        for (const Edge *e : edgesFrom(id))
            down << e->to.node;
        return down;
    });
}

std::vector<Port> defaultInputs(NodeType type) {
    switch (type) {
    case NodeType::Transform:
    case NodeType::Validate:
        return {port("in", PortType::Any)};
    case NodeType::Condition:
    case NodeType::Router:
        return {port("value", PortType::Any)};
    case NodeType::Map:
        return {port("items", PortType::List)};
    case NodeType::Memory:
        return {port("history", PortType::List), port("message", PortType::Any),
                port("summary", PortType::Text)};
    case NodeType::Input:
    case NodeType::Output:
    case NodeType::Prompt:
    case NodeType::Subworkflow:
        break;
    }
    return {};
}

std::vector<Port> defaultOutputs(NodeType type, const nlohmann::json &config) {
    switch (type) {
    case NodeType::Prompt: {
        const bool json = config.is_object() && config.value("output", "text") == "json";
        return {port("out", json ? PortType::Json : PortType::Text)};
    }
    case NodeType::Transform:
        return {port("out", PortType::Any)};
    case NodeType::Validate:
        return {port("out", PortType::Any), port("fallback", PortType::Any),
                port("errors", PortType::List)};
    case NodeType::Condition:
        return {port("then", PortType::Any), port("else", PortType::Any)};
    case NodeType::Router: {
        std::vector<Port> out;
        if (config.is_object() && config.contains("routes") && config["routes"].is_array())
            for (const auto &r : config["routes"])
                if (r.is_object() && r.contains("name") && r["name"].is_string())
                    out.push_back(
                        Port{QString::fromStdString(r["name"].get<std::string>()), PortType::Any});
        out.push_back(port("default", PortType::Any));
        out.push_back(port("model", PortType::Text));
        out.push_back(port("taskClass", PortType::Text));
        return out;
    }
    case NodeType::Map:
        return {port("out", PortType::List)};
    case NodeType::Memory:
        return {port("messages", PortType::List), port("summary", PortType::Text)};
    case NodeType::Input:
    case NodeType::Output:
    case NodeType::Subworkflow:
        break;
    }
    return {};
}

} // namespace trellis::workflow
