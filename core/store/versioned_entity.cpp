#include "store/versioned_entity.h"

#include "store/database.h"
#include "store/label_repository.h"
#include "store/statement.h"

#include <QDateTime>
#include <QRegularExpression>

namespace trellis::store {

namespace {

// Up to 6 digits is a version number; 7 or more digits read as a hash prefix, since about
// one hash in 27 starts with seven decimal digits and nothing has a million versions.
bool isNumber(const QString &ref) {
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,6}$"));
    return digits.match(ref).hasMatch();
}

bool isHex(const QString &ref) {
    static const QRegularExpression hex(QStringLiteral("^[0-9A-Fa-f]+$"));
    return hex.match(ref).hasMatch();
}

} // namespace

const VersionedTables &VersionedTables::prompts() {
    static const VersionedTables tables{
        QStringLiteral("prompt"),          QStringLiteral("prompts"),
        QStringLiteral("prompt_versions"), QStringLiteral("prompt_id"),
        QStringLiteral("content"),         QStringLiteral("labels"),
        QStringLiteral("label_history")};
    return tables;
}

const VersionedTables &VersionedTables::workflows() {
    static const VersionedTables tables{QStringLiteral("workflow"),
                                        QStringLiteral("workflows"),
                                        QStringLiteral("workflow_versions"),
                                        QStringLiteral("workflow_id"),
                                        QStringLiteral("graph"),
                                        QStringLiteral("workflow_labels"),
                                        QStringLiteral("workflow_label_history")};
    return tables;
}

QString VersionedTables::expand(const QString &sql) const {
    QString out = sql;
    out.replace(QLatin1String("{owners}"), owners)
        .replace(QLatin1String("{versions}"), versions)
        .replace(QLatin1String("{owner_id}"), ownerColumn)
        .replace(QLatin1String("{content}"), content)
        .replace(QLatin1String("{labels}"), labels)
        .replace(QLatin1String("{label_history}"), labelHistory);
    return out;
}

std::pair<QString, QString> splitReference(const QString &nameAtRef) {
    const qsizetype at = nameAtRef.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return {nameAtRef, QString()};
    return {nameAtRef.left(at), nameAtRef.mid(at + 1)};
}

Status validateEntityName(const VersionedTables &tables, const QString &name) {
    const QString &noun = tables.noun;
    if (name.trimmed().isEmpty())
        return Error(QStringLiteral("a %1 needs a name").arg(noun))
            .forField(QStringLiteral("name"));
    if (name != name.trimmed())
        return Error(QStringLiteral("%1 name '%2' has leading or trailing spaces").arg(noun, name))
            .forField(QStringLiteral("name"));
    if (name.contains(QLatin1Char('@')) || name.contains(QLatin1Char('\n'))
        || name.contains(QLatin1Char('\r')))
        return Error(QStringLiteral("%1 name '%2' must not contain '@' or line breaks")
                         .arg(noun, name))
            .forField(QStringLiteral("name"));
    return {};
}

Result<std::optional<qint64>> OwnerLookup::find(const QString &name) {
    auto stmt = m_db.prepare(m_tables.expand(
        QStringLiteral("SELECT id FROM {owners} WHERE project_id = ? AND name = ?")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_projectId).bind(2, name);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<qint64>();
    return std::optional<qint64>(stmt->columnInt64(0));
}

Result<qint64> OwnerLookup::require(const QString &name) {
    auto id = find(name);
    if (!id)
        return id.error();
    if (!id->has_value())
        return Error(QStringLiteral("no %1 named '%2'").arg(m_tables.noun, name));
    return **id;
}

Result<qint64> OwnerLookup::findOrCreate(const QString &name) {
    auto id = find(name);
    if (!id)
        return id.error();
    if (id->has_value())
        return **id;
    auto stmt = m_db.prepare(m_tables.expand(
        QStringLiteral("INSERT INTO {owners} (project_id, name, created_at) VALUES (?, ?, ?)")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_projectId).bind(2, name).bind(3, QDateTime::currentDateTimeUtc());
    if (Status st = stmt->exec(); !st)
        return st.error();
    return m_db.lastInsertRowId();
}

Result<std::optional<qint64>> VersionRefResolver::headId(qint64 ownerId) {
    auto stmt = m_db.prepare(m_tables.expand(
        QStringLiteral("SELECT id FROM {versions} WHERE {owner_id} = ? ORDER BY number DESC "
                       "LIMIT 1")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ownerId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<qint64>();
    return std::optional<qint64>(stmt->columnInt64(0));
}

Result<qint64> VersionRefResolver::resolve(qint64 ownerId, const QString &ownerName,
                                           const QString &rawRef) {
    const QString ref = rawRef.trimmed();
    if (ref.isEmpty() || ref.compare(QLatin1String("head"), Qt::CaseInsensitive) == 0
        || ref.compare(QLatin1String("latest"), Qt::CaseInsensitive) == 0) {
        auto h = headId(ownerId);
        if (!h)
            return h.error();
        if (!h->has_value())
            return Error(QStringLiteral("%1 '%2' has no versions").arg(m_tables.noun, ownerName));
        return **h;
    }
    if (isNumber(ref))
        return byNumber(ownerId, ownerName, ref);
    auto labelled = LabelRepository(m_db, m_tables).versionIdOf(ownerId, ref);
    if (!labelled)
        return labelled.error();
    if (labelled->has_value())
        return **labelled;
    if (isHex(ref)) {
        if (ref.size() < kMinHashPrefix)
            return Error(QStringLiteral("'%1' is not a label of %2 '%3', and a hash prefix "
                                        "needs at least %4 hex digits")
                             .arg(ref, m_tables.noun, ownerName)
                             .arg(kMinHashPrefix));
        return byHashPrefix(ownerId, ownerName, ref.toLower());
    }
    return Error(QStringLiteral("'%1' is not a version number, label or hash prefix of %2 '%3'")
                     .arg(ref, m_tables.noun, ownerName));
}

Result<qint64> VersionRefResolver::byNumber(qint64 ownerId, const QString &ownerName,
                                            const QString &ref) {
    // One row either way: the id of the numbered version (NULL when missing) and the head's
    // number for the error message.
    auto stmt = m_db.prepare(m_tables.expand(
        QStringLiteral("SELECT max(CASE WHEN number = ? THEN id END), coalesce(max(number), 0) "
                       "FROM {versions} WHERE {owner_id} = ?")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ref.toLongLong()).bind(2, ownerId);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (*row && !stmt->isNull(0))
        return stmt->columnInt64(0);
    const qint64 latest = *row ? stmt->columnInt64(1) : 0;
    return Error(QStringLiteral("%1 '%2' has no version %3 (versions are 1 to %4)")
                     .arg(m_tables.noun, ownerName, ref)
                     .arg(latest));
}

Result<qint64> VersionRefResolver::byHashPrefix(qint64 ownerId, const QString &ownerName,
                                                const QString &prefix) {
    // Several versions can share a hash (a restore copies content); they are the same
    // content, and the newest one stands for it. Different hashes make the prefix ambiguous.
    auto stmt = m_db.prepare(m_tables.expand(QStringLiteral(
        "SELECT content_hash, max(id), group_concat(number, ', ') FROM {versions} "
        "WHERE {owner_id} = ? AND substr(content_hash, 1, ?) = ? GROUP BY content_hash")));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, ownerId).bind(2, qint64(prefix.size())).bind(3, prefix);
    QStringList matches;
    qint64 versionId = 0;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        versionId = stmt->columnInt64(1);
        matches << QStringLiteral("%1 (version %2)")
                       .arg(stmt->columnText(0).left(12), stmt->columnText(2));
    }
    if (matches.isEmpty())
        return Error(QStringLiteral("no version of %1 '%2' has a hash starting with '%3'")
                         .arg(m_tables.noun, ownerName, prefix));
    if (matches.size() > 1)
        return Error(
            QStringLiteral("hash prefix '%1' is ambiguous in %2 '%3': %4")
                .arg(prefix, m_tables.noun, ownerName, matches.join(QStringLiteral("; "))));
    return versionId;
}

} // namespace trellis::store
