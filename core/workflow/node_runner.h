#pragma once

#include "run_types.h"
#include "workflow_graph.h"

#include <QObject>

#include <functional>

namespace trellis::runtime {
class Pipeline;
struct RunOutcome;
} // namespace trellis::runtime

namespace trellis::workflow {

class PromptResolver;
class WorkflowResolver;
class RunRecorder;

using RepairDone =
    std::function<void(const nlohmann::json &value, const std::optional<NodeFailure> &failure)>;

// What an executor works with; nothing is owned.
struct ExecutorDeps {
    runtime::Pipeline *pipeline = nullptr; // for prompt and memory nodes
    PromptResolver *prompts = nullptr;     // for prompt nodes naming a stored prompt
    WorkflowResolver *workflows = nullptr; // for subworkflow nodes and maps naming a workflow
    RunRecorder *recorder = nullptr;       // null: nothing is recorded, no reuse
    // For experiments: recorded on every LLM call's run row (runs.variant), and whether those
    // calls skip the response cache. Child runs (map, subworkflow) inherit them with the deps.
    QString variant = {}; // (initialised: brace-initialised deps may leave it out)
    bool bypassCache = false;
};

// How a running node talks back to the executor. Exactly one of finish() / fail() ends it;
// either may be called from start() itself.
class NodeSink {
public:
    virtual ~NodeSink() = default;
    // Values by output port; a port left out is skipped (with what only it feeds).
    virtual void finish(const nlohmann::json &outputs) = 0;
    virtual void fail(const NodeFailure &failure) = 0;
    virtual void partial(const QString &delta) = 0;
    // Accounts an LLM call's tokens, cost and run rows to the node.
    virtual void account(const NodeUsage &usage) = 0;
    // Validate nodes with the retry policy: calls the prompt node that feeds `port` again,
    // with its previous answer and `repairMessage`; `done` gets the new value or the failure.
    virtual void repairUpstream(const QString &port, const QString &repairMessage, int attempt,
                                RepairDone done) = 0;
};

struct NodeEnv {
    const Node *node = nullptr;
    nlohmann::json inputs = nlohmann::json::object(); // by input port, skipped ports left out
    ExecutorDeps deps;
    qint64 workflowRunId = 0; // for the pipeline runs' workflow_run_id
    QString runNodeId;        // for their workflow_node_id ("map[2]/node" inside a map)
    NodeSink *sink = nullptr;
    bool fresh = false; // re-run on purpose: LLM calls skip the response cache
    // Prompt nodes re-run for a repair: their previous answer and the repair message follow
    // the prompt's messages as an assistant and a user turn.
    QString previousAnswer;
    QString repairMessage;
};

// The tokens, cost and run rows of one pipeline outcome.
NodeUsage usageOf(const runtime::RunOutcome &outcome);

// One execution of one node. Lives until it has finished or failed (or is cancelled).
class NodeRunner : public QObject {
    Q_OBJECT
public:
    explicit NodeRunner(NodeEnv env)
        : m_env(std::move(env)) {}
    virtual void start() = 0;
    // Stops LLM calls and child runs; no finish()/fail() follows.
    virtual void cancel() {}

protected:
    NodeEnv m_env;
};

// The runner for a node's type, or null for input and output nodes (the executor handles
// them itself).
NodeRunner *createNodeRunner(NodeEnv env, QObject *parent);

} // namespace trellis::workflow
