#pragma once

#include "resolvers.h"
#include "run_recorder.h"

namespace trellis::store {
class Database;
}

namespace trellis::workflow {

// RunRecorder over the store: a workflow_runs row per run, a node_runs row per node
// execution (a repair retry is one row per attempt; a reused node is status "ok" with
// reused=1), and the pipeline's runs rows point back through workflow_run_id /
// workflow_node_id because the run id handed out here is the workflow_runs row id. Runs of a
// graph that is not a stored version are refused: what ran must be reproducible.
// Used on the store connection's thread (the executor's).
class StoreRunRecorder : public RunRecorder {
public:
    explicit StoreRunRecorder(store::Database &db)
        : m_db(db) {}

    Result<qint64> beginRun(const WorkflowRunStart &start) override;
    Status recordNode(qint64 runId, const NodeResult &node) override;
    Status finishRun(qint64 runId, const WorkflowResult &result) override;
    Result<std::map<QString, ReusableOutput>> loadNodeOutputs(qint64 runId) override;

private:
    store::Database &m_db;
};

// WorkflowResolver over the store's workflow versions (name plus version number, label or
// hash prefix; empty = newest).
class StoreWorkflowResolver : public WorkflowResolver {
public:
    StoreWorkflowResolver(store::Database &db, qint64 projectId)
        : m_db(db)
        , m_projectId(projectId) {}
    Result<ResolvedWorkflow> resolveWorkflow(const QString &name, const QString &ref) override;

private:
    store::Database &m_db;
    qint64 m_projectId;
};

} // namespace trellis::workflow
