#include "store_run_recorder.h"

#include "store/workflow_repository.h"
#include "store/workflow_run_repository.h"
#include "workflow_json.h"

namespace trellis::workflow {

namespace {

// node_runs.status: "cached" is stored as "ok" with reused = 1; states before the end of a
// node (which the executor does not record) map to the schema's pending/running.
QString storedStatus(NodeStatus status) {
    switch (status) {
    case NodeStatus::Waiting:
    case NodeStatus::Queued:
        return QStringLiteral("pending");
    case NodeStatus::Running:
        return QStringLiteral("running");
    case NodeStatus::Cached:
        return QStringLiteral("ok");
    default:
        return nodeStatusName(status);
    }
}

nlohmann::json failureJson(const NodeFailure &failure) {
    return {{"message", failure.message.toStdString()},
            {"input", failure.input.toStdString()},
            {"rule", failure.rule.toStdString()},
            {"attempt", failure.attempt}};
}

} // namespace

Result<qint64> StoreRunRecorder::beginRun(const WorkflowRunStart &start) {
    if (start.workflowVersionId <= 0)
        return Error(QStringLiteral("workflow '%1' is not a stored version; import it before a "
                                    "recorded run")
                         .arg(start.workflowName));
    store::WorkflowRunRecord run;
    run.workflowVersionId = start.workflowVersionId;
    run.experimentCellId = start.experimentCellId;
    run.status = QStringLiteral("running");
    run.inputs = start.inputs;
    run.startedAt = start.startedAt;
    run.contentHash = start.contentHash;
    run.reuseRunId = start.reuseRunId;
    run.fromNode = start.fromNode;
    return store::WorkflowRunRepository(m_db).insertRun(run);
}

Status StoreRunRecorder::recordNode(qint64 runId, const NodeResult &node) {
    store::NodeRunRecord row;
    row.workflowRunId = runId;
    row.nodeId = node.nodeId;
    row.nodeType = node.nodeType;
    row.status = storedStatus(node.status);
    row.inputs = node.inputs;
    row.outputs = node.outputs;
    if (node.failure) {
        row.error = node.failure->message;
        row.failure = failureJson(*node.failure);
    }
    row.startedAt = node.startedAt;
    row.finishedAt = node.finishedAt.isValid() ? node.finishedAt : QDateTime::currentDateTimeUtc();
    row.attempt = std::max(1, node.attempt);
    row.contentHash = node.contentHash;
    row.reused = node.reused || node.status == NodeStatus::Cached;
    row.durationMs = node.durationMs;
    auto id = store::WorkflowRunRepository(m_db).insertNodeRun(row);
    if (!id)
        return id.error();
    return {};
}

Status StoreRunRecorder::finishRun(qint64 runId, const WorkflowResult &result) {
    const QString status = result.cancelled ? QStringLiteral("cancelled")
                           : result.ok      ? QStringLiteral("ok")
                                            : QStringLiteral("error");
    return store::WorkflowRunRepository(m_db).finishRun(runId, status, result.outputs, result.error,
                                                        result.finishedAt);
}

Result<std::map<QString, ReusableOutput>> StoreRunRecorder::loadNodeOutputs(qint64 runId) {
    store::WorkflowRunRepository runs(m_db);
    auto run = runs.findRun(runId);
    if (!run)
        return run.error();
    if (!run->has_value())
        return Error(QStringLiteral("no workflow run %1 to reuse outputs from").arg(runId));
    auto nodes = runs.nodeRuns(runId);
    if (!nodes)
        return nodes.error();
    // In the order they started, so the last successful attempt of a node wins.
    std::map<QString, ReusableOutput> out;
    for (const store::NodeRunRecord &node : *nodes) {
        if (node.status == QLatin1String("ok"))
            out[node.nodeId] = ReusableOutput{node.contentHash, node.outputs};
    }
    return out;
}

Result<ResolvedWorkflow> StoreWorkflowResolver::resolveWorkflow(const QString &name,
                                                                const QString &ref) {
    auto version = store::WorkflowRepository(m_db, m_projectId).resolve(name, ref);
    if (!version)
        return version.error();
    auto graph = fromJson(version->graph);
    if (!graph)
        return Error(QStringLiteral("workflow %1 version %2: %3")
                         .arg(name)
                         .arg(version->number)
                         .arg(graph.error().message));
    return ResolvedWorkflow{std::move(*graph), version->id};
}

} // namespace trellis::workflow
