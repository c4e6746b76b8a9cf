#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::workflow {

// Where a node is in a run. Terminal: Finished, Failed, Skipped, Cached, Cancelled.
enum class NodeStatus { Waiting, Queued, Running, Finished, Failed, Skipped, Cached, Cancelled };
// "waiting", "queued", "running", "ok", "error", "skipped", "cached", "cancelled"
QString nodeStatusName(NodeStatus status);

// What the executor reports about one node (Executor::nodeEvent).
enum class NodeEventKind { Queued, Running, Partial, Finished, Failed, Skipped, Cached };
QString nodeEventKindName(NodeEventKind kind);

// Why a node failed: which input, which attempt, which rule.
struct NodeFailure {
    NodeFailure() = default;
    NodeFailure(QString message_, QString input_ = {}, QString rule_ = {}, int attempt_ = 1)
        : message(std::move(message_))
        , input(std::move(input_))
        , rule(std::move(rule_))
        , attempt(attempt_) {}

    QString message;
    QString input; // the input port whose value failed, empty when not about an input
    QString rule;  // "schema", "contains", "regex", "llm", "config", "jsonpath", ...
    int attempt = 1;
};

// Tokens, cost and the pipeline runs (store rows) of the LLM calls a node made.
struct NodeUsage {
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    std::optional<double> costUsd; // unknown when any call had no price
    int calls = 0;
    std::vector<qint64> llmRunIds; // `runs` rows, one per provider attempt

    void add(const NodeUsage &other);
};

struct NodeEvent {
    QString nodeId;
    NodeEventKind kind = NodeEventKind::Queued;
    int attempt = 1;
    QString delta;          // Partial: streamed text
    nlohmann::json outputs; // Finished / Cached: the values by output port
    NodeFailure failure;    // Failed
    double elapsedMs = 0;   // since the node started running (0 before)
    NodeUsage usage;        // Finished / Failed: so far
};

// One node execution as recorded (RunRecorder::recordNode). Columns of node_runs:
// node_id, node_type, status (nodeStatusName; "cached" is stored as "ok" with `reused`),
// inputs, outputs, error, started_at, finished_at.
struct NodeResult {
    QString nodeId;
    QString nodeType;
    NodeStatus status = NodeStatus::Waiting;
    nlohmann::json inputs = nlohmann::json::object();  // by input port (skipped ports left out)
    nlohmann::json outputs = nlohmann::json::object(); // by output port (skipped ports left out)
    std::optional<NodeFailure> failure;
    int attempt = 1; // a prompt node re-run for a repair records one result per attempt
    QDateTime startedAt;
    QDateTime finishedAt;
    double durationMs = 0;
    NodeUsage usage;
    QString contentHash; // SHA-256 of type, config and input values: the key for reuse
    bool reused = false; // outputs taken from an earlier run (status Cached)
};

// A whole workflow run (Executor::finished, RunRecorder::finishRun).
struct WorkflowResult {
    qint64 runId = 0; // the recorder's id, 0 without a recorder
    bool ok = false;
    bool cancelled = false;
    QString error; // "node 'check' failed (input 'in', attempt 3, rule 'schema'): ..."
    QString failedNode;
    nlohmann::json outputs = nlohmann::json::object(); // output nodes' values by port
    std::vector<NodeResult> nodes;                     // in the order they ended
    NodeUsage usage;                                   // summed over all nodes
    QDateTime startedAt;
    QDateTime finishedAt;
};

} // namespace trellis::workflow

Q_DECLARE_METATYPE(trellis::workflow::NodeEvent)
Q_DECLARE_METATYPE(trellis::workflow::WorkflowResult)
