#include "eval/dataset_repository.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/transaction.h"

#include <QSet>

namespace trellis::eval {

using store::Statement;
using store::Transaction;

namespace {

const QString kSelectInfo =
    QStringLiteral("SELECT d.id, d.name, d.description, d.snapshot_hash, "
                   "(SELECT count(*) FROM dataset_rows r WHERE r.dataset_id = d.id), d.created_at, "
                   "d.updated_at FROM datasets d ");

DatasetInfo readInfo(const Statement &s) {
    DatasetInfo info;
    info.id = s.columnInt64(0);
    info.name = s.columnText(1);
    info.description = s.columnText(2);
    info.hash = s.columnText(3);
    info.rowCount = s.columnInt64(4);
    info.createdAt = s.columnDateTime(5);
    info.updatedAt = s.columnDateTime(6);
    return info;
}

} // namespace

Result<std::optional<DatasetInfo>> DatasetRepository::findWhere(const QString &condition, qint64 id,
                                                                const QString &name) {
    auto stmt = m_db.prepare(kSelectInfo + condition);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_projectId);
    if (id > 0)
        stmt->bind(2, id);
    else
        stmt->bind(2, name);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<DatasetInfo>();
    return std::optional<DatasetInfo>(readInfo(*stmt));
}

Result<std::optional<DatasetInfo>> DatasetRepository::find(const QString &name) {
    return findWhere(QStringLiteral("WHERE d.project_id = ?1 AND d.name = ?2"), 0, name);
}

Result<std::optional<DatasetInfo>> DatasetRepository::find(qint64 id) {
    return findWhere(QStringLiteral("WHERE d.project_id = ?1 AND d.id = ?2"), id, QString());
}

Result<std::vector<DatasetInfo>> DatasetRepository::list() {
    auto stmt =
        m_db.prepare(kSelectInfo + QStringLiteral("WHERE d.project_id = ?1 ORDER BY d.name"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_projectId);
    return stmt->collect<DatasetInfo>(readInfo);
}

Status DatasetRepository::writeRows(qint64 datasetId, const ParsedDataset &data) {
    auto clear = m_db.prepare(QStringLiteral("DELETE FROM dataset_rows WHERE dataset_id = ?1"));
    if (!clear)
        return clear.error();
    clear->bind(1, datasetId);
    if (Status s = clear->exec(); !s)
        return s;
    auto insert = m_db.prepare(QStringLiteral(
        "INSERT INTO dataset_rows (dataset_id, position, data, expected) VALUES (?1, ?2, ?3, ?4)"));
    if (!insert)
        return insert.error();
    for (size_t i = 0; i < data.rows.size(); ++i) {
        const DatasetRow &row = data.rows[i];
        insert->reset();
        insert->bind(1, datasetId).bind(2, qint64(i));
        insert->bind(3, QString::fromStdString(row.vars.dump(
                            -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)));
        if (row.test.empty())
            insert->bindNull(4);
        else
            insert->bindJson(4, row.test);
        if (Status s = insert->exec(); !s)
            return s;
    }
    return {};
}

Result<ImportOutcome> DatasetRepository::import(const QString &name, const ParsedDataset &data,
                                                const QString &description) {
    if (name.trimmed().isEmpty())
        return Error(QStringLiteral("a dataset needs a name")).forField(QStringLiteral("name"));
    const QString hash = datasetHash(data);
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto existing = find(name);
    if (!existing)
        return existing.error();
    ImportOutcome outcome;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 id = 0;
    if (*existing) {
        id = (*existing)->id;
        if ((*existing)->hash == hash) {
            outcome.dataset = **existing;
            return outcome; // identical snapshot: nothing to write (the guard rolls back)
        }
        auto update = m_db.prepare(QStringLiteral(
            "UPDATE datasets SET snapshot_hash = ?1, updated_at = ?2, "
            "description = CASE WHEN ?3 = '' THEN description ELSE ?3 END WHERE id = ?4"));
        if (!update)
            return update.error();
        update->bind(1, hash).bind(2, now).bind(3, description).bind(4, id);
        if (Status s = update->exec(); !s)
            return s.error();
    } else {
        auto insert = m_db.prepare(QStringLiteral(
            "INSERT INTO datasets (project_id, name, description, snapshot_hash, created_at, "
            "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)"));
        if (!insert)
            return insert.error();
        insert->bind(1, m_projectId).bind(2, name).bind(3, description).bind(4, hash).bind(5, now);
        if (Status s = insert->exec(); !s)
            return s.error();
        id = m_db.lastInsertRowId();
        outcome.created = true;
    }
    if (Status s = writeRows(id, data); !s)
        return s.error();
    auto info = find(id);
    if (!info)
        return info.error();
    if (Status s = tx->commit(); !s)
        return s.error();
    outcome.dataset = **info;
    outcome.changed = true;
    return outcome;
}

Result<ImportOutcome> DatasetRepository::importText(const QString &name, const QByteArray &text,
                                                    DatasetFormat format,
                                                    const QString &sourcePath) {
    auto parsed = parseDataset(text, format);
    if (!parsed) {
        Error e = parsed.error();
        return e.inFile(sourcePath);
    }
    return import(name, *parsed);
}

Result<std::vector<StoredRow>>
DatasetRepository::rows(qint64 datasetId, const QString &expectedHash, int offset, int limit) {
    // One read transaction, so the hash check and the rows see the same snapshot.
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto info = find(datasetId);
    if (!info)
        return info.error();
    if (!*info)
        return Error(QStringLiteral("no dataset with id %1").arg(datasetId));
    if (!expectedHash.isEmpty() && (*info)->hash != expectedHash)
        return Error(QStringLiteral("dataset '%1' changed: it holds snapshot %2, not %3")
                         .arg((*info)->name, (*info)->hash.left(12), expectedHash.left(12)));
    auto stmt = m_db.prepare(QStringLiteral(
        "SELECT id, position, data, expected FROM dataset_rows WHERE dataset_id = ?1 "
        "ORDER BY position LIMIT ?2 OFFSET ?3"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, datasetId).bind(2, qint64(limit)).bind(3, qint64(std::max(offset, 0)));
    std::vector<StoredRow> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        StoredRow r;
        r.id = stmt->columnInt64(0);
        r.position = int(stmt->columnInt64(1));
        // Parsed as ordered_json so the variables keep the file's column order.
        r.vars = nlohmann::ordered_json::parse(stmt->columnText(2).toStdString(), nullptr, false);
        if (r.vars.is_discarded() || !r.vars.is_object())
            return Error(QStringLiteral("dataset row %1 holds malformed data").arg(r.id));
        auto test = stmt->columnJson(3);
        if (!test)
            return test.error();
        r.test = test->is_null() ? nlohmann::json::object() : *test;
        out.push_back(std::move(r));
    }
    return out;
}

Result<QStringList> DatasetRepository::columns(qint64 datasetId) {
    auto all = rows(datasetId);
    if (!all)
        return all.error();
    QStringList out;
    QSet<QString> seen;
    for (const StoredRow &row : *all) {
        for (auto it = row.vars.begin(); it != row.vars.end(); ++it) {
            const QString key = QString::fromStdString(it.key());
            if (!seen.contains(key)) {
                seen.insert(key);
                out.append(key);
            }
        }
    }
    return out;
}

Status DatasetRepository::remove(qint64 datasetId) {
    auto stmt =
        m_db.prepare(QStringLiteral("DELETE FROM datasets WHERE id = ?1 AND project_id = ?2"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, datasetId).bind(2, m_projectId);
    return stmt->exec();
}

} // namespace trellis::eval
