#pragma once

#include "common/result.h"
#include "run_types.h"

#include <map>

namespace trellis::workflow {

// What beginRun gets: the columns of a new workflow_runs row.
struct WorkflowRunStart {
    qint64 workflowVersionId = 0; // 0: the graph is not a stored version
    qint64 experimentCellId = 0;  // 0: not run for an experiment
    QString workflowName;
    QString contentHash; // workflow_json.h contentHash of the graph that runs
    nlohmann::json inputs = nlohmann::json::object();
    QDateTime startedAt;
    qint64 reuseRunId = 0; // the earlier run outputs are reused from, 0 when none
    QString fromNode;      // the node the re-run starts at
};

// A node's outputs from an earlier run, for reuse when the content hash still matches.
struct ReusableOutput {
    QString contentHash;
    nlohmann::json outputs = nlohmann::json::object();
};

// Where workflow runs and node executions are recorded (the store implements it against
// workflow_runs / node_runs; MemoryRunRecorder is for tests and dry runs). Called on the
// executor's thread; a failing call fails the run (nothing goes unrecorded silently).
class RunRecorder {
public:
    virtual ~RunRecorder() = default;
    // Returns the new run's id; prompt nodes' pipeline runs carry it as workflow_run_id.
    virtual Result<qint64> beginRun(const WorkflowRunStart &start) = 0;
    // Once per node execution that ended (ok, error, skipped, cached, cancelled).
    virtual Status recordNode(qint64 runId, const NodeResult &node) = 0;
    virtual Status finishRun(qint64 runId, const WorkflowResult &result) = 0;
    // The last successful (or reused) outputs of each node of an earlier run, by node id.
    virtual Result<std::map<QString, ReusableOutput>> loadNodeOutputs(qint64 runId) = 0;
};

class MemoryRunRecorder : public RunRecorder {
public:
    struct Run {
        WorkflowRunStart start;
        std::vector<NodeResult> nodes;
        std::optional<WorkflowResult> result;
    };

    Result<qint64> beginRun(const WorkflowRunStart &start) override;
    Status recordNode(qint64 runId, const NodeResult &node) override;
    Status finishRun(qint64 runId, const WorkflowResult &result) override;
    Result<std::map<QString, ReusableOutput>> loadNodeOutputs(qint64 runId) override;

    const std::map<qint64, Run> &runs() const { return m_runs; }
    // The id the next beginRun returns (tests link it to a workflow_runs row they made).
    void setNextRunId(qint64 id) { m_nextId = id; }

private:
    std::map<qint64, Run> m_runs;
    qint64 m_nextId = 1;
};

} // namespace trellis::workflow
