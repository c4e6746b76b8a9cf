#include "store/workflow_run_repository.h"

#include "store/database.h"
#include "store/statement.h"

namespace trellis::store {

namespace {

const QString kSelectRun =
    QStringLiteral("SELECT id, workflow_version_id, experiment_cell_id, status, inputs, outputs, "
                   "error, started_at, finished_at, content_hash, reuse_run_id, from_node "
                   "FROM workflow_runs ");
const QString kSelectNode =
    QStringLiteral("SELECT id, workflow_run_id, node_id, node_type, status, inputs, outputs, "
                   "error, started_at, finished_at, attempt, content_hash, reused, duration_ms, "
                   "failure FROM node_runs ");

QDateTime nowIfInvalid(const QDateTime &when) {
    return when.isValid() ? when : QDateTime::currentDateTimeUtc();
}

// Reads the inputs and outputs columns, naming the row when one is not JSON.
Status readJsonPair(const Statement &s, int column, nlohmann::json &inputs, nlohmann::json &outputs,
                    const QString &what) {
    for (auto [index, target] : {std::pair{column, &inputs}, std::pair{column + 1, &outputs}}) {
        auto doc = s.columnJson(index);
        if (!doc)
            return Error(doc.error().message + QStringLiteral(" (%1)").arg(what));
        *target = std::move(*doc);
    }
    return {};
}

Result<WorkflowRunRecord> readRun(const Statement &s) {
    WorkflowRunRecord r;
    r.id = s.columnInt64(0);
    r.workflowVersionId = s.columnInt64(1);
    r.experimentCellId = s.columnInt64(2);
    r.status = s.columnText(3);
    if (Status st =
            readJsonPair(s, 4, r.inputs, r.outputs, QStringLiteral("workflow run %1").arg(r.id));
        !st)
        return st.error();
    r.error = s.columnText(6);
    r.startedAt = s.columnDateTime(7);
    r.finishedAt = s.columnDateTime(8);
    r.contentHash = s.columnText(9);
    r.reuseRunId = s.columnInt64(10);
    r.fromNode = s.columnText(11);
    return r;
}

Result<NodeRunRecord> readNode(const Statement &s) {
    NodeRunRecord r;
    r.id = s.columnInt64(0);
    r.workflowRunId = s.columnInt64(1);
    r.nodeId = s.columnText(2);
    r.nodeType = s.columnText(3);
    r.status = s.columnText(4);
    if (Status st =
            readJsonPair(s, 5, r.inputs, r.outputs, QStringLiteral("node run %1").arg(r.id));
        !st)
        return st.error();
    r.error = s.columnText(7);
    r.startedAt = s.columnDateTime(8);
    r.finishedAt = s.columnDateTime(9);
    r.attempt = int(s.columnInt64(10));
    r.contentHash = s.columnText(11);
    r.reused = s.columnInt64(12) != 0;
    r.durationMs = s.columnOptionalDouble(13);
    auto failure = s.columnJson(14);
    if (!failure)
        return Error(failure.error().message + QStringLiteral(" (node run %1)").arg(r.id));
    r.failure = std::move(*failure);
    return r;
}

} // namespace

Result<qint64> WorkflowRunRepository::insertRun(const WorkflowRunRecord &run) {
    auto stmt = m_db.prepare(QStringLiteral(
        "INSERT INTO workflow_runs (workflow_version_id, experiment_cell_id, status, inputs, "
        "outputs, error, started_at, finished_at, content_hash, reuse_run_id, from_node) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, run.workflowVersionId);
    run.experimentCellId > 0 ? stmt->bind(2, run.experimentCellId) : stmt->bindNull(2);
    stmt->bind(3, run.status)
        .bindJson(4, run.inputs)
        .bindJson(5, run.outputs)
        .bind(6, run.error)
        .bind(7, nowIfInvalid(run.startedAt))
        .bind(8, run.finishedAt)
        .bind(9, run.contentHash);
    run.reuseRunId > 0 ? stmt->bind(10, run.reuseRunId) : stmt->bindNull(10);
    stmt->bind(11, run.fromNode);
    if (Status st = stmt->exec(); !st)
        return st.error();
    return m_db.lastInsertRowId();
}

Status WorkflowRunRepository::finish(const QString &table, qint64 id, const QString &status,
                                     const nlohmann::json &outputs, const QString &error,
                                     const QDateTime &finishedAt) {
    // `table` is one of our two constants, never outside input.
    auto stmt = m_db.prepare(QStringLiteral("UPDATE %1 SET status = ?, outputs = ?, error = ?, "
                                            "finished_at = ? WHERE id = ?")
                                 .arg(table));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, status).bindJson(2, outputs).bind(3, error).bind(4, nowIfInvalid(finishedAt));
    stmt->bind(5, id);
    if (Status st = stmt->exec(); !st)
        return st;
    if (m_db.changes() == 0)
        return Error(QStringLiteral("no row %1 in %2").arg(id).arg(table));
    return {};
}

Status WorkflowRunRepository::finishRun(qint64 runId, const QString &status,
                                        const nlohmann::json &outputs, const QString &error,
                                        const QDateTime &finishedAt) {
    return finish(QStringLiteral("workflow_runs"), runId, status, outputs, error, finishedAt);
}

Result<std::optional<WorkflowRunRecord>> WorkflowRunRepository::findRun(qint64 runId) {
    auto stmt = m_db.prepare(kSelectRun + QStringLiteral("WHERE id = ?"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, runId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<WorkflowRunRecord>();
    auto run = readRun(*stmt);
    if (!run)
        return run.error();
    return std::optional<WorkflowRunRecord>(std::move(*run));
}

Result<std::vector<WorkflowRunRecord>> WorkflowRunRepository::runsOfVersion(qint64 versionId,
                                                                            int limit) {
    auto stmt = m_db.prepare(
        kSelectRun
        + QStringLiteral(
            "WHERE workflow_version_id = ? ORDER BY started_at DESC, id DESC LIMIT ?"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, versionId).bind(2, qint64(limit > 0 ? limit : -1));
    return stmt->collect<WorkflowRunRecord>(readRun);
}

Result<qint64> WorkflowRunRepository::insertNodeRun(const NodeRunRecord &node) {
    auto stmt = m_db.prepare(QStringLiteral(
        "INSERT INTO node_runs (workflow_run_id, node_id, node_type, status, inputs, outputs, "
        "error, started_at, finished_at, attempt, content_hash, reused, duration_ms, failure) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, node.workflowRunId)
        .bind(2, node.nodeId)
        .bind(3, node.nodeType)
        .bind(4, node.status)
        .bindJson(5, node.inputs)
        .bindJson(6, node.outputs)
        .bind(7, node.error)
        .bind(8, nowIfInvalid(node.startedAt))
        .bind(9, node.finishedAt)
        .bind(10, node.attempt)
        .bind(11, node.contentHash)
        .bind(12, node.reused)
        .bind(13, node.durationMs)
        .bindJson(14, node.failure);
    if (Status st = stmt->exec(); !st)
        return st.error();
    return m_db.lastInsertRowId();
}

Status WorkflowRunRepository::finishNodeRun(qint64 nodeRunId, const QString &status,
                                            const nlohmann::json &outputs, const QString &error,
                                            const QDateTime &finishedAt) {
    return finish(QStringLiteral("node_runs"), nodeRunId, status, outputs, error, finishedAt);
}

Result<std::vector<NodeRunRecord>>
WorkflowRunRepository::selectNodes(const QString &where, qint64 runId, const QString &nodeId) {
    auto stmt = m_db.prepare(kSelectNode + where);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, runId);
    if (!nodeId.isNull())
        stmt->bind(2, nodeId);
    return stmt->collect<NodeRunRecord>(readNode);
}

Result<std::vector<NodeRunRecord>> WorkflowRunRepository::nodeRuns(qint64 workflowRunId) {
    return selectNodes(QStringLiteral("WHERE workflow_run_id = ? ORDER BY started_at, id"),
                       workflowRunId, QString());
}

Result<std::optional<NodeRunRecord>> WorkflowRunRepository::lastNodeRun(qint64 workflowRunId,
                                                                        const QString &nodeId) {
    auto rows = selectNodes(QStringLiteral("WHERE workflow_run_id = ? AND node_id = ? "
                                           "ORDER BY id DESC LIMIT 1"),
                            workflowRunId, nodeId);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return std::optional<NodeRunRecord>();
    return std::optional<NodeRunRecord>(std::move(rows->front()));
}

Result<std::map<QString, WorkflowRunRepository::NodeUsage>>
WorkflowRunRepository::usageByNode(qint64 workflowRunId) {
    auto stmt = m_db.prepare(
        QStringLiteral("SELECT workflow_node_id, count(*), sum(input_tokens), sum(output_tokens), "
                       "total(cost_usd), count(*) - count(cost_usd) FROM runs "
                       "WHERE workflow_run_id = ? GROUP BY workflow_node_id"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, workflowRunId);
    auto rows = stmt->collect<std::pair<QString, NodeUsage>>([](const Statement &row) {
        return std::pair{row.columnText(0),
                         NodeUsage{row.columnInt64(1), row.columnInt64(2), row.columnInt64(3),
                                   row.columnDouble(4), row.columnInt64(5) == 0}};
    });
    if (!rows)
        return rows.error();
    return std::map<QString, NodeUsage>(rows->begin(), rows->end());
}

} // namespace trellis::store
