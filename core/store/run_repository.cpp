#include "store/run_repository.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/transaction.h"

namespace trellis::store {

namespace {

const QString kInsert = QStringLiteral(
    "INSERT INTO runs (prompt_id, prompt_version_id, variant, provider, model, params, "
    "variables, request, response_text, finish_reason, input_tokens, output_tokens, "
    "cached_tokens, cost_usd, ttft_ms, latency_ms, attempts, error, cache_hit, route, status, "
    "started_at, finished_at, experiment_cell_id, workflow_run_id, workflow_node_id) VALUES ("
    "(SELECT prompt_id FROM prompt_versions WHERE id = ?1), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)");

const QString kColumns = QStringLiteral(
    "SELECT id, prompt_id, prompt_version_id, variant, provider, model, params, variables, "
    "request, response_text, finish_reason, input_tokens, output_tokens, cached_tokens, "
    "cost_usd, ttft_ms, latency_ms, attempts, error, cache_hit, route, status, started_at, "
    "finished_at, experiment_cell_id, workflow_run_id, workflow_node_id FROM runs ");
// The same columns in the same places (readRun() reads both), the payload left out.
const QString kSummaryColumns = QStringLiteral(
    "SELECT id, prompt_id, prompt_version_id, variant, provider, model, NULL, NULL, NULL, "
    "NULL, finish_reason, input_tokens, output_tokens, cached_tokens, cost_usd, ttft_ms, "
    "latency_ms, attempts, error, cache_hit, route, status, started_at, finished_at, "
    "experiment_cell_id, workflow_run_id, workflow_node_id FROM runs ");

// An id of 0 means "no link": stored as NULL so the foreign key is not checked.
void bindId(Statement &stmt, int index, qint64 id) {
    id > 0 ? stmt.bind(index, id) : stmt.bindNull(index);
}

Result<RunRecord> readRun(const Statement &s) {
    RunRecord r;
    r.id = s.columnInt64(0);
    r.promptId = s.columnInt64(1);
    r.promptVersionId = s.columnInt64(2);
    r.variant = s.columnText(3);
    r.provider = s.columnText(4);
    r.model = s.columnText(5);
    for (auto [column, target] :
         {std::pair{6, &r.params}, std::pair{7, &r.variables}, std::pair{8, &r.request}}) {
        auto doc = s.columnJson(column);
        if (!doc)
            return Error(doc.error().message + QStringLiteral(" (run %1)").arg(r.id));
        *target = std::move(*doc);
    }
    r.responseText = s.columnText(9);
    r.finishReason = s.columnText(10);
    r.inputTokens = s.columnInt64(11);
    r.outputTokens = s.columnInt64(12);
    r.cachedTokens = s.columnInt64(13);
    r.costUsd = s.columnOptionalDouble(14);
    r.ttftMs = s.columnOptionalDouble(15);
    r.latencyMs = s.columnOptionalDouble(16);
    r.attempts = int(s.columnInt64(17));
    r.error = s.columnText(18);
    r.cacheHit = s.columnInt64(19) != 0;
    r.route = s.columnText(20);
    r.status = s.columnText(21);
    r.startedAt = s.columnDateTime(22);
    r.finishedAt = s.columnDateTime(23);
    r.experimentCellId = s.columnInt64(24);
    r.workflowRunId = s.columnInt64(25);
    r.workflowNodeId = s.columnText(26);
    return r;
}

Result<std::vector<RunRecord>> readAll(Statement &stmt) {
    std::vector<RunRecord> out;
    for (;;) {
        auto row = stmt.step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        auto run = readRun(stmt);
        if (!run)
            return run.error();
        out.push_back(std::move(*run));
    }
}

} // namespace

Result<qint64> RunRepository::insertWith(Statement &stmt, const RunRecord &run) {
    bindId(stmt, 1, run.promptVersionId);
    stmt.bind(2, run.variant).bind(3, run.provider).bind(4, run.model);
    stmt.bindJson(5, run.params).bindJson(6, run.variables);
    stmt.bindJson(7, run.request, run.requestJson);
    stmt.bind(8, run.responseText).bind(9, run.finishReason);
    stmt.bind(10, run.inputTokens).bind(11, run.outputTokens).bind(12, run.cachedTokens);
    stmt.bind(13, run.costUsd).bind(14, run.ttftMs).bind(15, run.latencyMs);
    stmt.bind(16, run.attempts).bind(17, run.error).bind(18, run.cacheHit);
    stmt.bind(19, run.route).bind(20, run.status);
    stmt.bind(21, run.startedAt.isValid() ? run.startedAt : QDateTime::currentDateTimeUtc());
    stmt.bind(22, run.finishedAt);
    bindId(stmt, 23, run.experimentCellId);
    bindId(stmt, 24, run.workflowRunId);
    run.workflowNodeId.isEmpty() ? stmt.bindNull(25) : stmt.bind(25, run.workflowNodeId);
    Status st = stmt.exec();
    stmt.clearBindings();
    if (!st)
        return st.error();
    return m_db.lastInsertRowId();
}

Result<qint64> RunRepository::insert(const RunRecord &run) {
    auto stmt = m_db.prepare(kInsert);
    if (!stmt)
        return stmt.error();
    return insertWith(*stmt, run);
}

Result<std::vector<qint64>> RunRepository::insertBatch(const std::vector<RunRecord> &runs) {
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto stmt = m_db.prepare(kInsert);
    if (!stmt)
        return stmt.error();
    std::vector<qint64> ids;
    ids.reserve(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) {
        auto id = insertWith(*stmt, runs[i]);
        if (!id) {
            id.error().message +=
                QStringLiteral(" (run %1 of the batch; none were stored)").arg(i + 1);
            return id.error();
        }
        ids.push_back(*id);
    }
    if (Status st = tx->commit(); !st)
        return st.error();
    return ids;
}

Result<std::optional<RunRecord>> RunRepository::find(qint64 id) {
    auto stmt = m_db.prepare(kColumns + QStringLiteral("WHERE id = ?"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, id);
    auto rows = readAll(*stmt);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return std::optional<RunRecord>();
    return std::optional<RunRecord>(std::move(rows->front()));
}

Result<std::vector<RunRecord>> RunRepository::recent(const RunFilter &filter) {
    return select(kColumns, filter);
}

Result<std::vector<RunRecord>> RunRepository::recentSummaries(const RunFilter &filter) {
    return select(kSummaryColumns, filter);
}

Result<std::vector<RunRecord>> RunRepository::select(const QString &columns,
                                                     const RunFilter &filter) {
    // Each shape has its own index: runs_by_version, runs_by_prompt, runs_by_time.
    QString where;
    qint64 key = 0;
    if (filter.promptVersionId > 0) {
        where = QStringLiteral("WHERE prompt_version_id = ?1 ");
        key = filter.promptVersionId;
    } else if (filter.promptId > 0) {
        where = QStringLiteral("WHERE prompt_id = ?1 ");
        key = filter.promptId;
    }
    if (filter.before) {
        where += where.isEmpty() ? QStringLiteral("WHERE ") : QStringLiteral("AND ");
        where += QStringLiteral("(started_at, id) < (?3, ?4) ");
    }
    auto stmt = m_db.prepare(columns + where
                             + QStringLiteral("ORDER BY started_at DESC, id DESC LIMIT ?2"));
    if (!stmt)
        return stmt.error();
    if (key > 0)
        stmt->bind(1, key);
    stmt->bind(2, qint64(filter.limit > 0 ? filter.limit : -1));
    if (filter.before)
        stmt->bind(3, filter.before->startedAt).bind(4, filter.before->id);
    return readAll(*stmt);
}

Result<std::vector<RunRecord>> RunRepository::runsOfVersion(qint64 promptVersionId, int limit) {
    RunFilter filter;
    filter.promptVersionId = promptVersionId;
    filter.limit = limit;
    return recent(filter);
}

Result<std::vector<VersionStats>> RunRepository::statsByVersion(qint64 promptId) {
    auto stmt = m_db.prepare(QStringLiteral(
        "SELECT v.id, v.number, count(r.id), total(r.status = 'error'), total(r.cache_hit), "
        "avg(r.latency_ms), total(r.cost_usd), total(r.input_tokens), total(r.output_tokens) "
        "FROM prompt_versions v JOIN runs r ON r.prompt_version_id = v.id "
        "WHERE v.prompt_id = ? GROUP BY v.id ORDER BY v.number"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, promptId);
    std::vector<VersionStats> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        VersionStats s;
        s.versionId = stmt->columnInt64(0);
        s.versionNumber = int(stmt->columnInt64(1));
        s.runCount = stmt->columnInt64(2);
        s.errorCount = qint64(stmt->columnDouble(3));
        s.cacheHits = qint64(stmt->columnDouble(4));
        s.meanLatencyMs = stmt->columnOptionalDouble(5);
        s.totalCostUsd = stmt->columnDouble(6);
        s.inputTokens = qint64(stmt->columnDouble(7));
        s.outputTokens = qint64(stmt->columnDouble(8));
        out.push_back(s);
    }
}

} // namespace trellis::store
