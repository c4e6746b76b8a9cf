#include "store/project_repository.h"

#include "store/database.h"
#include "store/statement.h"

namespace trellis::store {

namespace {

const QString kColumns = QStringLiteral("SELECT id, name, description, created_at FROM projects ");

Project readProject(const Statement &stmt) {
    Project p;
    p.id = stmt.columnInt64(0);
    p.name = stmt.columnText(1);
    p.description = stmt.columnText(2);
    p.createdAt = stmt.columnDateTime(3);
    return p;
}

} // namespace

Result<Project> ProjectRepository::create(const QString &name, const QString &description) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return Error(QStringLiteral("a project needs a name"));
    auto existing = find(trimmed);
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return Error(QStringLiteral("a project named '%1' already exists").arg(trimmed));
    auto stmt = m_db.prepare(
        QStringLiteral("INSERT INTO projects (name, description, created_at) VALUES (?, ?, ?)"));
    if (!stmt)
        return stmt.error();
    Project p;
    p.name = trimmed;
    p.description = description;
    p.createdAt = QDateTime::currentDateTimeUtc();
    stmt->bind(1, p.name).bind(2, p.description).bind(3, p.createdAt);
    if (Status st = stmt->exec(); !st)
        return st.error();
    p.id = m_db.lastInsertRowId();
    return p;
}

template <typename Key>
Result<std::optional<Project>> ProjectRepository::findWhere(const QString &where, const Key &key) {
    auto stmt = m_db.prepare(kColumns + where);
    if (!stmt)
        return stmt.error();
    stmt->bind(1, key);
    auto row = stmt->step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<Project>();
    return std::optional<Project>(readProject(*stmt));
}

Result<std::optional<Project>> ProjectRepository::find(const QString &name) {
    return findWhere(QStringLiteral("WHERE name = ?"), name.trimmed());
}

Result<std::optional<Project>> ProjectRepository::findById(qint64 id) {
    return findWhere(QStringLiteral("WHERE id = ?"), id);
}

Result<std::vector<Project>> ProjectRepository::list() {
    auto stmt = m_db.prepare(kColumns + QStringLiteral("ORDER BY name"));
    if (!stmt)
        return stmt.error();
    std::vector<Project> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        out.push_back(readProject(*stmt));
    }
}

Result<Project> ProjectRepository::ensureDefault() {
    auto existing = find(defaultProjectName());
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return **existing;
    return create(defaultProjectName(), QStringLiteral("Prompts not filed under another project"));
}

} // namespace trellis::store
