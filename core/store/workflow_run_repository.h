#pragma once

#include "common/result.h"
#include "store/workflow_store_types.h"

#include <map>
#include <optional>
#include <vector>

namespace trellis::store {

class Database;

// Workflow runs and their node runs (tables workflow_runs and node_runs). A run starts as
// "running" and is finished once with its final status; node runs likewise. The pipeline
// runs a node made link back through runs.workflow_run_id / workflow_node_id
// (RunRecord::workflowRunId / workflowNodeId), which is where tokens and cost live.
class WorkflowRunRepository {
public:
    explicit WorkflowRunRepository(Database &db)
        : m_db(db) {}

    // Tokens and cost of the pipeline runs one node made in one workflow run.
    struct NodeUsage {
        qint64 calls = 0;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        double costUsd = 0;
        bool costKnown = true; // false when some call had no price
    };

    Result<qint64> insertRun(const WorkflowRunRecord &run);
    // Sets the final status, outputs, error and finished_at (now when invalid).
    Status finishRun(qint64 runId, const QString &status, const nlohmann::json &outputs,
                     const QString &error, const QDateTime &finishedAt = QDateTime());
    Result<std::optional<WorkflowRunRecord>> findRun(qint64 runId);
    // Newest first.
    Result<std::vector<WorkflowRunRecord>> runsOfVersion(qint64 workflowVersionId, int limit = 100);

    Result<qint64> insertNodeRun(const NodeRunRecord &node);
    Status finishNodeRun(qint64 nodeRunId, const QString &status, const nlohmann::json &outputs,
                         const QString &error, const QDateTime &finishedAt = QDateTime());
    // In the order they started (then by id).
    Result<std::vector<NodeRunRecord>> nodeRuns(qint64 workflowRunId);
    // The last node run of `nodeId` in the run, if any.
    Result<std::optional<NodeRunRecord>> lastNodeRun(qint64 workflowRunId, const QString &nodeId);
    // Node id -> usage, over the pipeline runs linked to the workflow run.
    Result<std::map<QString, NodeUsage>> usageByNode(qint64 workflowRunId);

private:
    Status finish(const QString &table, qint64 id, const QString &status,
                  const nlohmann::json &outputs, const QString &error, const QDateTime &finishedAt);
    Result<std::vector<NodeRunRecord>> selectNodes(const QString &where, qint64 runId,
                                                   const QString &nodeId);

    Database &m_db;
};

} // namespace trellis::store
