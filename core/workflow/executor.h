#pragma once

#include "common/result.h"
#include "node_runner.h"
#include "run_recorder.h"
#include "workflow_graph.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <map>

namespace trellis::workflow {

struct RunOptions {
    nlohmann::json inputs = nlohmann::json::object(); // by input-node port name
    qint64 workflowVersionId = 0;
    qint64 experimentCellId = 0; // the experiment cell this run answers (workflow_runs row)
    // Re-run: nodes outside `fromNode` and its descendants take their outputs from run
    // `reuseRunId` when their content hash (config + input values) matches: no calls upstream.
    qint64 reuseRunId = 0;
    QString fromNode;
    // For child runs of map and subworkflow nodes: no recorder run of their own; their LLM
    // calls are linked to the parent's run, their node ids prefixed with `nodePrefix`.
    qint64 linkRunId = 0;
    QString nodePrefix;
};

// Runs one workflow on the event loop of its thread (no threads of its own): each node starts
// as soon as all its inputs are resolved, so independent branches run side by side, bounded
// by the pipeline's rate limiter lanes. One Executor runs one workflow once.
class Executor : public QObject {
    Q_OBJECT
public:
    explicit Executor(ExecutorDeps deps, QObject *parent = nullptr);
    ~Executor() override;

    // Checks the graph and inputs, records the run's start, loads reusable outputs. An error
    // here means nothing ran and finished() will not be emitted. Nodes start once control
    // returns to the event loop.
    Status start(const WorkflowGraph &graph, RunOptions options);
    // Stops running nodes; finished() follows (from the event loop) with `cancelled`.
    void cancel();

    bool isDone() const { return m_done; }
    const WorkflowResult &result() const { return m_result; }
    NodeStatus nodeStatus(const QString &nodeId) const;

    // SHA-256 of the node's type, config and input values.
    static QString nodeHash(const Node &node, const nlohmann::json &inputs);

Q_SIGNALS:
    void nodeEvent(const trellis::workflow::NodeEvent &event);
    void finished(const trellis::workflow::WorkflowResult &result);

private:
    struct NodeState {
        const Node *node = nullptr;
        NodeStatus status = NodeStatus::Waiting;
        nlohmann::json inputs = nlohmann::json::object();
        nlohmann::json outputs = nlohmann::json::object();
        NodeUsage usage;
        QString hash;
        qint64 startedMs = 0;
        QDateTime startedAt;
        int attempt = 1;
        QPointer<NodeRunner> runner;
    };

    void scheduleSoon();
    void schedule();
    // Input values by port, or nullopt while some edge into the node is unresolved; sets
    // *skipped when an input port's every edge was skipped.
    std::optional<nlohmann::json> gatherInputs(const Node &node, bool *skipped) const;
    void startNode(NodeState &state);
    void runInput(NodeState &state);
    void endNode(NodeState &state, NodeStatus status, const std::optional<NodeFailure> &failure);
    void emitEvent(const NodeState &state, NodeEventKind kind, const QString &delta = {},
                   const NodeFailure &failure = {});
    void record(const NodeState &state, NodeStatus status,
                const std::optional<NodeFailure> &failure);
    void failRun(const QString &nodeId, const NodeFailure &failure);
    void finishRun();
    double elapsedMs(const NodeState &state) const;
    QString runNodeId(const QString &nodeId) const { return m_options.nodePrefix + nodeId; }

    // What the node runners report, through their Sink.
    void onFinish(const QString &nodeId, const nlohmann::json &outputs);
    void onFail(const QString &nodeId, const NodeFailure &failure);
    void onPartial(const QString &nodeId, const QString &delta);
    void onUsage(const QString &nodeId, const NodeUsage &usage);
    void onRepair(const QString &nodeId, const QString &port, const QString &repairMessage,
                  int attempt, RepairDone done);
    // The runner's environment; its sink reports to this executor (`sink`, else a plain Sink).
    NodeEnv envFor(const NodeState &state, std::unique_ptr<NodeSink> sink = nullptr);

    class Sink;
    class RepairSink;
    friend class Sink;
    friend class RepairSink;

    ExecutorDeps m_deps;
    WorkflowGraph m_graph;
    RunOptions m_options;
    QStringList m_order;
    std::map<QString, NodeState> m_states;
    std::vector<std::unique_ptr<NodeSink>> m_sinks; // alive as long as the executor
    std::map<QString, ReusableOutput> m_reusable;
    QStringList m_forced;                  // fromNode and its descendants: never reused
    QList<QPointer<NodeRunner>> m_repairs; // prompt re-runs asked for by validate nodes
    WorkflowResult m_result;
    qint64 m_runId = 0;
    bool m_started = false;
    bool m_done = false;
    bool m_failed = false;
    bool m_scheduled = false;
    QElapsedTimer m_clock;
};

} // namespace trellis::workflow
