#pragma once

#include "common/result.h"
#include "workflow_graph.h"

#include <QObject>
#include <QVariant>

namespace trellis::workflow {

// What nodeData() can be asked about a node (QtNodes' NodeRole pattern).
enum class NodeRole { Type, Title, Config, Inputs, Outputs, Position };

// An editable workflow with change signals, so that a graphics scene can be a pure view of it
// (QtNodes' AbstractGraphModel: ids in, ids and roles out). Every edit keeps the graph
// consistent: ids stay unique, edges only connect existing ports, removing a node removes its
// edges first (each with its own edgeRemoved signal).
class WorkflowModel : public QObject {
    Q_OBJECT
public:
    explicit WorkflowModel(QObject *parent = nullptr);
    explicit WorkflowModel(WorkflowGraph graph, QObject *parent = nullptr);

    const WorkflowGraph &graph() const { return m_graph; }
    // Replaces everything; emits reset().
    void setGraph(WorkflowGraph graph);

    QStringList nodeIds() const; // in graph order
    QStringList edgeIds() const;
    bool hasNode(const QString &id) const { return m_graph.node(id) != nullptr; }
    QVariant nodeData(const QString &id, NodeRole role) const;
    // An id of the form "<prefix><n>" that is not in use yet.
    QString freshNodeId(const QString &prefix) const;
    QString freshEdgeId() const;

    // Whether an edge from→to could be added: both ports exist, types fit, no duplicate, no
    // cycle. The error names the reason.
    Status connectionPossible(const Endpoint &from, const Endpoint &to) const;

    Status addNode(Node node);
    Status updateNode(Node node); // same id; edges whose ports vanished are removed
    Status removeNode(const QString &id);
    Status addEdge(Edge edge);
    Status removeEdge(const QString &id);

Q_SIGNALS:
    void nodeAdded(const QString &id);
    void nodeUpdated(const QString &id);
    void nodeRemoved(const QString &id);
    void edgeAdded(const QString &id);
    void edgeRemoved(const QString &id);
    void reset();

private:
    WorkflowGraph m_graph;
};

} // namespace trellis::workflow
