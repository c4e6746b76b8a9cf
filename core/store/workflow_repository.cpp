#include "store/workflow_repository.h"

#include "store/database.h"
#include "store/label_repository.h"
#include "store/statement.h"
#include "store/transaction.h"

#include <QCryptographicHash>

namespace trellis::store {

namespace {

const VersionedTables &tables() {
    return VersionedTables::workflows();
}

const QString kSelect =
    QStringLiteral("SELECT v.id, v.workflow_id, w.name, v.number, v.content_hash, par.number, "
                   "v.message, v.created_at, v.graph FROM workflow_versions v "
                   "JOIN workflows w ON w.id = v.workflow_id "
                   "LEFT JOIN workflow_versions par ON par.id = v.parent_id ");

Result<WorkflowVersion> readVersion(const Statement &stmt) {
    WorkflowVersion v;
    v.id = stmt.columnInt64(0);
    v.workflowId = stmt.columnInt64(1);
    v.workflowName = stmt.columnText(2);
    v.number = int(stmt.columnInt64(3));
    v.hash = stmt.columnText(4);
    v.parentNumber = int(stmt.columnInt64(5));
    v.message = stmt.columnText(6);
    v.createdAt = stmt.columnDateTime(7);
    auto graph = stmt.columnJson(8);
    if (!graph)
        return Error(QStringLiteral("stored graph of workflow %1 version %2 is not JSON: %3")
                         .arg(v.workflowName)
                         .arg(v.number)
                         .arg(graph.error().message));
    v.graph = std::move(*graph);
    return v;
}

} // namespace

QByteArray WorkflowRepository::canonicalJson(const nlohmann::json &graph) {
    // nlohmann::json keeps object keys in a std::map, so dump() already sorts them; invalid
    // UTF-8 is replaced rather than thrown on, so no input can make hashing fail.
    const std::string text = graph.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return QByteArray(text.data(), qsizetype(text.size()));
}

QString WorkflowRepository::contentHash(const nlohmann::json &graph) {
    return QString::fromLatin1(
        QCryptographicHash::hash(canonicalJson(graph), QCryptographicHash::Sha256).toHex());
}

Status WorkflowRepository::validateName(const QString &name) {
    return validateEntityName(tables(), name);
}

Result<WorkflowCommitResult> WorkflowRepository::commit(const QString &name,
                                                        const nlohmann::json &graph,
                                                        const QString &message) {
    if (Status st = validateName(name); !st)
        return st.error();
    if (!graph.is_object())
        return Error(QStringLiteral("a workflow graph is a JSON object"));
    const QByteArray content = canonicalJson(graph);
    const QString hash = contentHash(graph);
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto workflowId = owners().findOrCreate(name);
    if (!workflowId)
        return workflowId.error();
    auto head =
        select(QStringLiteral("WHERE v.workflow_id = ? ORDER BY v.number DESC"), {*workflowId}, 1);
    if (!head)
        return head.error();
    if (!head->empty() && head->front().hash == hash)
        return WorkflowCommitResult{std::move(head->front()), false}; // the guard rolls back
    auto stmt = m_db.prepare(QStringLiteral(
        "INSERT INTO workflow_versions (workflow_id, number, graph, content_hash, parent_id, "
        "message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, *workflowId)
        .bind(2, head->empty() ? 1 : head->front().number + 1)
        .bind(3, QString::fromUtf8(content))
        .bind(4, hash);
    head->empty() ? stmt->bindNull(5) : stmt->bind(5, head->front().id);
    stmt->bind(6, message).bind(7, QDateTime::currentDateTimeUtc());
    if (Status st = stmt->exec(); !st)
        return st.error();
    auto created = byId(m_db.lastInsertRowId());
    if (!created)
        return created.error();
    if (Status st = tx->commit(); !st)
        return st.error();
    return WorkflowCommitResult{std::move(*created), true};
}

Result<std::vector<WorkflowVersion>>
WorkflowRepository::select(const QString &where, const std::vector<qint64> &keys, int limit) {
    QString sql = kSelect + where;
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    for (std::size_t i = 0; i < keys.size(); ++i)
        stmt->bind(int(i) + 1, keys[i]);
    auto out = stmt->collect<WorkflowVersion>(readVersion);
    if (!out || out->empty())
        return out;
    auto labels = LabelRepository(m_db, tables()).byVersion(out->front().workflowId);
    if (!labels)
        return labels.error();
    for (WorkflowVersion &v : *out) {
        if (auto it = labels->find(v.id); it != labels->end())
            v.labels = it->second;
    }
    return out;
}

Result<std::vector<WorkflowSummary>> WorkflowRepository::list() {
    auto stmt = m_db.prepare(QStringLiteral(
        "SELECT w.id, w.name, v.number, v.content_hash, v.created_at, "
        "  (SELECT group_concat(name, char(10)) FROM "
        "     (SELECT name FROM workflow_labels l WHERE l.workflow_id = w.id ORDER BY name)) "
        "FROM workflows w JOIN workflow_versions v ON v.workflow_id = w.id "
        "  AND v.number = (SELECT max(number) FROM workflow_versions m "
        "                  WHERE m.workflow_id = w.id) "
        "WHERE w.project_id = ? ORDER BY w.name"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_projectId);
    return stmt->collect<WorkflowSummary>([](const Statement &row) {
        WorkflowSummary s{row.columnInt64(0), row.columnText(1),     int(row.columnInt64(2)),
                          row.columnText(3),  row.columnDateTime(4), QStringList()};
        if (!row.isNull(5))
            s.labels = row.columnText(5).split(QLatin1Char('\n'));
        return s;
    });
}

Result<std::optional<qint64>> WorkflowRepository::findId(const QString &name) {
    return owners().find(name);
}

Result<WorkflowVersion> WorkflowRepository::byId(qint64 versionId) {
    auto rows = select(QStringLiteral("WHERE v.id = ?"), {versionId}, 1);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return Error(QStringLiteral("no workflow version with id %1").arg(versionId));
    return std::move(rows->front());
}

Result<WorkflowVersion> WorkflowRepository::resolve(const QString &name, const QString &ref) {
    auto id = owners().require(name);
    if (!id)
        return id.error();
    auto versionId = VersionRefResolver(m_db, tables()).resolve(*id, name, ref);
    if (!versionId)
        return versionId.error();
    return byId(*versionId);
}

Result<std::vector<WorkflowVersion>> WorkflowRepository::log(const QString &name, int limit) {
    auto id = owners().require(name);
    if (!id)
        return id.error();
    return select(QStringLiteral("WHERE v.workflow_id = ? ORDER BY v.number DESC"), {*id}, limit);
}

Result<LabelChange> WorkflowRepository::setLabel(const QString &name, const QString &label,
                                                 const QString &ref) {
    if (Status st = LabelRepository::validateName(label); !st)
        return st.error();
    auto version = resolve(name, ref);
    if (!version)
        return version.error();
    return LabelRepository(m_db, tables()).set(version->workflowId, label, version->id);
}

Status WorkflowRepository::removeLabel(const QString &name, const QString &label) {
    auto id = owners().require(name);
    if (!id)
        return id.error();
    Status st = LabelRepository(m_db, tables()).remove(*id, label);
    if (!st)
        st.error().message += QStringLiteral(" on workflow '%1'").arg(name);
    return st;
}

Result<std::vector<Label>> WorkflowRepository::labels(const QString &name) {
    auto id = owners().require(name);
    if (!id)
        return id.error();
    return LabelRepository(m_db, tables()).list(*id);
}

Result<std::vector<LabelMove>> WorkflowRepository::labelHistory(const QString &name,
                                                                const QString &label) {
    auto id = owners().require(name);
    if (!id)
        return id.error();
    return LabelRepository(m_db, tables()).history(*id, label);
}

} // namespace trellis::store
