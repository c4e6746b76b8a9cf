#include "workflow_model.h"

#include "workflow_json.h"

#include <algorithm>

namespace trellis::workflow {

namespace {

QVariant portsToVariant(const std::vector<Port> &ports) {
    QVariantList out;
    for (const Port &p : ports)
        out << QVariant(QVariantMap{{QStringLiteral("name"), p.name},
                                    {QStringLiteral("type"), portTypeName(p.type)}});
    return out;
}

} // namespace

WorkflowModel::WorkflowModel(QObject *parent)
    : QObject(parent) {}

WorkflowModel::WorkflowModel(WorkflowGraph graph, QObject *parent)
    : QObject(parent)
    , m_graph(std::move(graph)) {}

void WorkflowModel::setGraph(WorkflowGraph graph) {
    m_graph = std::move(graph);
    Q_EMIT reset();
}

QStringList WorkflowModel::nodeIds() const {
    QStringList out;
    for (const Node &n : m_graph.nodes)
        out << n.id;
    return out;
}

QStringList WorkflowModel::edgeIds() const {
    QStringList out;
    for (const Edge &e : m_graph.edges)
        out << e.id;
    return out;
}

QVariant WorkflowModel::nodeData(const QString &id, NodeRole role) const {
    const Node *n = m_graph.node(id);
    if (!n)
        return {};
    switch (role) {
    case NodeRole::Type:
        return nodeTypeName(n->type);
    case NodeRole::Title:
        return n->title;
    case NodeRole::Config:
        return QString::fromStdString(n->config.dump());
    case NodeRole::Inputs:
        return portsToVariant(n->inputs);
    case NodeRole::Outputs:
        return portsToVariant(n->outputs);
    case NodeRole::Position:
        return QVariantList{n->x, n->y};
    }
    return {};
}

QString WorkflowModel::freshNodeId(const QString &prefix) const {
    for (int i = 1;; ++i) {
        const QString id = prefix + QString::number(i);
        if (!m_graph.node(id))
            return id;
    }
}

QString WorkflowModel::freshEdgeId() const {
    for (int i = 1;; ++i) {
        const QString id = QStringLiteral("e") + QString::number(i);
        if (!m_graph.edge(id))
            return id;
    }
}

Status WorkflowModel::connectionPossible(const Endpoint &from, const Endpoint &to) const {
    const Node *a = m_graph.node(from.node);
    const Node *b = m_graph.node(to.node);
    if (!a || !b)
        return Error(QStringLiteral("unknown node '%1'").arg(a ? to.node : from.node));
    const Port *out = a->output(from.port);
    const Port *in = b->input(to.port);
    if (!out)
        return Error(QStringLiteral("node '%1' has no output '%2'").arg(from.node, from.port));
    if (!in)
        return Error(QStringLiteral("node '%1' has no input '%2'").arg(to.node, to.port));
    if (!portTypesCompatible(out->type, in->type))
        return Error(QStringLiteral("%1.%2 (%3) cannot feed %4.%5 (%6)")
                         .arg(from.node, from.port, portTypeName(out->type), to.node, to.port,
                              portTypeName(in->type)));
    for (const Edge &e : m_graph.edges)
        if (e.from == from && e.to == to)
            return Error(QStringLiteral("already connected by edge '%1'").arg(e.id));
    if (from.node == to.node || m_graph.ancestors(from.node).contains(to.node))
        return Error(QStringLiteral("the edge would close a cycle through '%1' and '%2'")
                         .arg(from.node, to.node));
    return {};
}

Status WorkflowModel::addNode(Node node) {
    if (Status s = validateNodeId(node.id); !s)
        return s;
    if (m_graph.node(node.id))
        return Error(QStringLiteral("node id '%1' is already in use").arg(node.id));
    const QString id = node.id;
    m_graph.nodes.push_back(std::move(node));
    Q_EMIT nodeAdded(id);
    return {};
}

Status WorkflowModel::updateNode(Node node) {
    Node *current = m_graph.node(node.id);
    if (!current)
        return Error(QStringLiteral("unknown node '%1'").arg(node.id));
    const QString id = node.id;
    *current = std::move(node);
    QStringList stale;
    for (const Edge &e : m_graph.edges)
        if ((e.from.node == id && !current->output(e.from.port))
            || (e.to.node == id && !current->input(e.to.port)))
            stale << e.id;
    for (const QString &e : stale)
        (void)removeEdge(e);
    Q_EMIT nodeUpdated(id);
    return {};
}

Status WorkflowModel::removeNode(const QString &id) {
    if (!m_graph.node(id))
        return Error(QStringLiteral("unknown node '%1'").arg(id));
    QStringList attached;
    for (const Edge &e : m_graph.edges)
        if (e.from.node == id || e.to.node == id)
            attached << e.id;
    for (const QString &e : attached)
        (void)removeEdge(e);
    std::erase_if(m_graph.nodes, [&](const Node &n) { return n.id == id; });
    Q_EMIT nodeRemoved(id);
    return {};
}

Status WorkflowModel::addEdge(Edge edge) {
    if (Status s = validateNodeId(edge.id); !s)
        return s;
    if (m_graph.edge(edge.id))
        return Error(QStringLiteral("edge id '%1' is already in use").arg(edge.id));
    if (Status s = connectionPossible(edge.from, edge.to); !s)
        return s;
    const QString id = edge.id;
    m_graph.edges.push_back(std::move(edge));
    Q_EMIT edgeAdded(id);
    return {};
}

Status WorkflowModel::removeEdge(const QString &id) {
    if (!m_graph.edge(id))
        return Error(QStringLiteral("unknown edge '%1'").arg(id));
    std::erase_if(m_graph.edges, [&](const Edge &e) { return e.id == id; });
    Q_EMIT edgeRemoved(id);
    return {};
}

} // namespace trellis::workflow
