#pragma once

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::workflow {

// The value types a port carries. `Any` connects to everything; `Json` accepts every value;
// the others must match exactly, except that Text, Number, Boolean, List and Object all fit
// a Json port (see portTypesCompatible).
enum class PortType { Any, Text, Json, Number, Boolean, List, Object };

QString portTypeName(PortType type); // "any", "text", "json", "number", "boolean", "list", "object"
std::optional<PortType> parsePortType(const QString &name);
// May an output of type `from` feed an input of type `to`?
bool portTypesCompatible(PortType from, PortType to);
// Does `value` fit `type` (null fits every type: it is an absent optional value)?
bool valueFitsPortType(const nlohmann::json &value, PortType type);

enum class NodeType {
    Input,
    Output,
    Prompt,
    Transform,
    Validate,
    Condition,
    Router,
    Map,
    Memory,
    Subworkflow
};

QString nodeTypeName(NodeType type); // "input", "output", "prompt", ... (lower case)
std::optional<NodeType> parseNodeType(const QString &name);
QStringList nodeTypeNames();

struct Port {
    QString name;
    PortType type = PortType::Any;

    bool operator==(const Port &) const = default;
};

struct Node {
    QString id; // stable, unique in the graph: edges and runs refer to it
    NodeType type = NodeType::Transform;
    QString title; // a label only
    nlohmann::json config = nlohmann::json::object();
    std::vector<Port> inputs;
    std::vector<Port> outputs;
    double x = 0; // position for the editor; not part of the content hash
    double y = 0;

    const Port *input(const QString &name) const;
    const Port *output(const QString &name) const;
    bool operator==(const Node &) const = default;
};

struct Endpoint {
    QString node;
    QString port;

    bool operator==(const Endpoint &) const = default;
};

struct Edge {
    QString id;    // stable, unique in the graph
    Endpoint from; // an output port
    Endpoint to;   // an input port; several edges may meet there (the first value wins)

    bool operator==(const Edge &) const = default;
};

// A workflow: nodes and the edges between their ports. Plain data; WorkflowModel wraps one for
// editing with change signals, workflow_json.h reads, writes and validates it.
struct WorkflowGraph {
    QString name;
    QString description;
    std::vector<Node> nodes;
    std::vector<Edge> edges;

    const Node *node(const QString &id) const;
    Node *node(const QString &id);
    const Edge *edge(const QString &id) const;
    std::vector<const Edge *> edgesInto(const QString &nodeId) const;
    std::vector<const Edge *> edgesFrom(const QString &nodeId) const;
    // Nodes upstream of `nodeId` (not itself), and downstream of it (not itself).
    QStringList ancestors(const QString &nodeId) const;
    QStringList descendants(const QString &nodeId) const;

    bool operator==(const WorkflowGraph &) const = default;
};

// The ports a node of `type` has when its document does not list them (workflow_json.cpp
// fills them in on reading, so the executor always sees explicit ports).
std::vector<Port> defaultInputs(NodeType type);
std::vector<Port> defaultOutputs(NodeType type, const nlohmann::json &config);

} // namespace trellis::workflow
