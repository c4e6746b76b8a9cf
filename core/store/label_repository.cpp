#include "store/label_repository.h"

#include "store/database.h"
#include "store/statement.h"
#include "store/transaction.h"

#include <QRegularExpression>

namespace trellis::store {

Result<int> LabelRepository::versionNumber(qint64 versionId) {
    auto stmt =
        m_db.prepare(m_tables.expand(QStringLiteral("SELECT number FROM {versions} WHERE id = ?")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, versionId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return Error(QStringLiteral("no %1 version with id %2").arg(m_tables.noun).arg(versionId));
    return int(stmt->columnInt64(0));
}

Status LabelRepository::validateName(const QString &label) {
    static const QRegularExpression shape(QStringLiteral("^[A-Za-z][A-Za-z0-9._-]{0,63}$"));
    static const QRegularExpression hashLike(QStringLiteral("^[0-9A-Fa-f]{7,}$"));
    if (!shape.match(label).hasMatch())
        return Error(QStringLiteral("invalid label '%1': a label starts with a letter and holds "
                                    "letters, digits, '-', '_' or '.' (at most 64)")
                         .arg(label));
    if (hashLike.match(label).hasMatch())
        return Error(QStringLiteral("invalid label '%1': it reads like a hash prefix").arg(label));
    if (label.compare(QLatin1String("head"), Qt::CaseInsensitive) == 0
        || label.compare(QLatin1String("latest"), Qt::CaseInsensitive) == 0)
        return Error(QStringLiteral("invalid label '%1': the name is reserved").arg(label));
    return {};
}

Result<LabelChange> LabelRepository::set(qint64 ownerId, const QString &label, qint64 versionId) {
    if (Status st = validateName(label); !st)
        return st.error();
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    LabelChange change;
    change.label = label;
    auto current = versionIdOf(ownerId, label);
    if (!current)
        return current.error();
    auto to = versionNumber(versionId);
    if (!to)
        return to.error();
    change.toVersion = *to;
    if (current->has_value()) {
        auto from = versionNumber(**current);
        if (!from)
            return from.error();
        change.fromVersion = *from;
    }
    if (*current == versionId)
        return change; // already there: no history entry
    // The schema's label history triggers record the move.
    auto stmt = m_db.prepare(m_tables.expand(QStringLiteral(
        "INSERT INTO {labels} ({owner_id}, name, version_id, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT ({owner_id}, name) DO UPDATE SET version_id = excluded.version_id, "
        "updated_at = excluded.updated_at")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ownerId)
        .bind(2, label)
        .bind(3, versionId)
        .bind(4, QDateTime::currentDateTimeUtc());
    if (Status st = stmt->exec(); !st)
        return st.error();
    if (Status st = tx->commit(); !st)
        return st.error();
    change.changed = true;
    return change;
}

Status LabelRepository::remove(qint64 ownerId, const QString &label) {
    auto stmt = m_db.prepare(
        m_tables.expand(QStringLiteral("DELETE FROM {labels} WHERE {owner_id} = ? AND name = ?")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ownerId).bind(2, label);
    if (Status st = stmt->exec(); !st)
        return st;
    if (m_db.changes() == 0)
        return Error(QStringLiteral("no label '%1'").arg(label));
    return {};
}

Result<std::optional<qint64>> LabelRepository::versionIdOf(qint64 ownerId, const QString &label) {
    auto stmt = m_db.prepare(m_tables.expand(
        QStringLiteral("SELECT version_id FROM {labels} WHERE {owner_id} = ? AND name = ?")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ownerId).bind(2, label);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<qint64>();
    return std::optional<qint64>(stmt->columnInt64(0));
}

Result<std::vector<Label>> LabelRepository::list(qint64 ownerId) {
    auto stmt = m_db.prepare(m_tables.expand(QStringLiteral(
        "SELECT l.name, v.number, l.updated_at FROM {labels} l "
        "JOIN {versions} v ON v.id = l.version_id WHERE l.{owner_id} = ? ORDER BY l.name")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ownerId);
    return stmt->collect<Label>([](const Statement &row) {
        return Label{row.columnText(0), int(row.columnInt64(1)), row.columnDateTime(2)};
    });
}

Result<std::vector<LabelMove>> LabelRepository::history(qint64 ownerId, const QString &label) {
    auto stmt = m_db.prepare(m_tables.expand(
        QStringLiteral("SELECT h.label, f.number, t.number, h.moved_at FROM {label_history} h "
                       "LEFT JOIN {versions} f ON f.id = h.from_version_id "
                       "LEFT JOIN {versions} t ON t.id = h.to_version_id "
                       "WHERE h.{owner_id} = ? AND h.label = ? ORDER BY h.id DESC")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ownerId).bind(2, label);
    return stmt->collect<LabelMove>([](const Statement &row) {
        return LabelMove{row.columnText(0), int(row.columnInt64(1)), int(row.columnInt64(2)),
                         row.columnDateTime(3)};
    });
}

Result<std::map<qint64, QStringList>> LabelRepository::byVersion(qint64 ownerId) {
    auto stmt = m_db.prepare(m_tables.expand(QStringLiteral(
        "SELECT version_id, name FROM {labels} WHERE {owner_id} = ? ORDER BY name")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ownerId);
    std::map<qint64, QStringList> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out[stmt->columnInt64(0)].append(stmt->columnText(1));
    }
}

} // namespace trellis::store
