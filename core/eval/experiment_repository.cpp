#include "eval/experiment_repository.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/transaction.h"

#include <QDateTime>

namespace trellis::eval {

using nlohmann::json;

namespace {

qint64 nowMs() {
    return QDateTime::currentMSecsSinceEpoch();
}

const QString kSelectExperiment = QStringLiteral(
    "SELECT id, name, config, status, dataset_hash FROM experiments WHERE project_id = ?1 ");

Result<ExperimentRecord> readExperiment(const store::Statement &stmt) {
    ExperimentRecord r;
    r.id = stmt.columnInt64(0);
    r.name = stmt.columnText(1);
    auto config = stmt.columnJson(2);
    if (!config)
        return config.error();
    if (config->is_object() && config->contains("fingerprint")
        && (*config)["fingerprint"].is_string())
        r.fingerprint = QString::fromStdString((*config)["fingerprint"].get<std::string>());
    r.status = stmt.columnText(3);
    r.datasetHash = stmt.columnText(4);
    return r;
}

// Runs `sql` once per item, binding each with `bind`, all in one transaction.
template <typename Item, typename Bind>
Status execEach(store::Database &db, const QString &sql, const std::vector<Item> &items,
                Bind bind) {
    if (items.empty())
        return {};
    auto tx = store::Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    for (const Item &item : items) {
        stmt->reset();
        bind(*stmt, item);
        if (Status s = stmt->exec(); !s)
            return s;
    }
    return tx->commit();
}

} // namespace

Result<ExperimentRecord> ExperimentRepository::findOrCreate(const QString &name,
                                                            const QString &fingerprint,
                                                            const json &config,
                                                            const QString &datasetHash) {
    auto stmt = m_db.prepare(kSelectExperiment
                             + QStringLiteral("AND name = ?2 AND json_extract(config, "
                                              "'$.fingerprint') = ?3 ORDER BY id DESC LIMIT 1"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_projectId).bind(2, name).bind(3, fingerprint);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (*row)
        return readExperiment(*stmt);

    auto insert = m_db.prepare(QStringLiteral(
        "INSERT INTO experiments (project_id, name, config, dataset_hash, status, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, 'draft', ?5, ?5) RETURNING id"));
    if (!insert)
        return insert.error();
    json stored = {{"fingerprint", fingerprint.toStdString()}, {"spec", config}};
    insert->bind(1, m_projectId)
        .bind(2, name)
        .bindJson(3, stored)
        .bind(4, datasetHash)
        .bind(5, nowMs());
    auto inserted = insert->step();
    if (!inserted)
        return inserted.error();
    ExperimentRecord r;
    r.id = insert->columnInt64(0);
    r.name = name;
    r.fingerprint = fingerprint;
    r.status = QStringLiteral("draft");
    r.datasetHash = datasetHash;
    return r;
}

Result<std::optional<ExperimentRecord>> ExperimentRepository::latest(const QString &name) {
    auto stmt =
        m_db.prepare(kSelectExperiment + QStringLiteral("AND name = ?2 ORDER BY id DESC LIMIT 1"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_projectId).bind(2, name);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<ExperimentRecord>();
    auto r = readExperiment(*stmt);
    if (!r)
        return r.error();
    return std::optional<ExperimentRecord>(std::move(*r));
}

Result<std::vector<ExperimentRecord>> ExperimentRepository::list() {
    auto stmt = m_db.prepare(kSelectExperiment + QStringLiteral("ORDER BY name, id DESC"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_projectId);
    return stmt->collect<ExperimentRecord>(readExperiment);
}

Status ExperimentRepository::setStatus(qint64 experimentId, const QString &status) {
    auto stmt = m_db.prepare(
        QStringLiteral("UPDATE experiments SET status = ?1, updated_at = ?2 WHERE id = ?3"));
    if (!stmt)
        return stmt.error();
    return stmt->bind(1, status).bind(2, nowMs()).bind(3, experimentId).exec();
}

Status ExperimentRepository::addCells(qint64 experimentId, const std::vector<NewCell> &cells) {
    return execEach(
        m_db,
        QStringLiteral("INSERT OR IGNORE INTO experiment_cells (experiment_id, variant, "
                       "model, row_position, repeat, row_data) VALUES (?1, ?2, ?3, ?4, "
                       "?5, ?6)"),
        cells, [&](store::Statement &stmt, const NewCell &c) {
            stmt.bind(1, experimentId)
                .bind(2, c.variant)
                .bind(3, c.model)
                .bind(4, c.rowPosition)
                .bind(5, c.repeat)
                .bindJson(6, c.rowData);
        });
}

Result<std::vector<StoredCell>> ExperimentRepository::cells(qint64 experimentId) {
    auto stmt = m_db.prepare(
        QStringLiteral("SELECT id, variant, model, row_position, repeat, row_data, status, result "
                       "FROM experiment_cells WHERE experiment_id = ?1 ORDER BY id"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, experimentId);
    std::vector<StoredCell> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        StoredCell c;
        c.id = stmt->columnInt64(0);
        c.variant = stmt->columnText(1);
        c.model = stmt->columnText(2);
        c.rowPosition = int(stmt->columnInt64(3));
        c.repeat = int(stmt->columnInt64(4));
        auto data = stmt->columnJson(5);
        auto result = stmt->columnJson(7);
        if (!data)
            return data.error();
        if (!result)
            return result.error();
        c.rowData = std::move(*data);
        c.status = stmt->columnText(6);
        c.result = std::move(*result);
        out.push_back(std::move(c));
    }
    return out;
}

Status ExperimentRepository::saveResults(const std::vector<CellUpdate> &updates) {
    return execEach(
        m_db, QStringLiteral("UPDATE experiment_cells SET status = ?1, result = ?2 WHERE id = ?3"),
        updates, [](store::Statement &stmt, const CellUpdate &u) {
            stmt.bind(1, u.status).bindJson(2, u.result).bind(3, u.cellId);
        });
}

Status ExperimentRepository::resetCells(const std::vector<qint64> &cellIds) {
    return execEach(m_db,
                    QStringLiteral("UPDATE experiment_cells SET status = 'pending', result = "
                                   "json_object('rerunAfter', (SELECT coalesce(max(id), 0) FROM "
                                   "runs)) WHERE id = ?1"),
                    cellIds, [](store::Statement &stmt, qint64 id) { stmt.bind(1, id); });
}

Result<QHash<qint64, qint64>> ExperimentRepository::finalRuns(qint64 experimentId) {
    auto stmt = m_db.prepare(QStringLiteral(
        "SELECT c.id, max(r.id) FROM experiment_cells c JOIN runs r ON r.experiment_cell_id = c.id "
        "WHERE c.experiment_id = ?1 AND c.status = 'pending' "
        "AND r.id > coalesce(json_extract(c.result, '$.rerunAfter'), 0) "
        "AND json_extract(r.params, '$._run.final') = 1 AND r.status <> 'cancelled' "
        "GROUP BY c.id"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, experimentId);
    QHash<qint64, qint64> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        out.insert(stmt->columnInt64(0), stmt->columnInt64(1));
    }
    return out;
}

} // namespace trellis::eval
