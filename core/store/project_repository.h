#pragma once

#include "common/result.h"
#include "store/store_types.h"

#include <optional>
#include <vector>

namespace trellis::store {

class Database;

// Projects group prompts, datasets, experiments and workflows.
class ProjectRepository {
public:
    explicit ProjectRepository(Database &db)
        : m_db(db) {}

    static QString defaultProjectName() { return QStringLiteral("default"); }

    // Fails with a clear message when the name is empty or taken.
    Result<Project> create(const QString &name, const QString &description = QString());
    Result<std::optional<Project>> find(const QString &name);
    Result<std::optional<Project>> findById(qint64 id);
    Result<std::vector<Project>> list(); // by name
    // The project named "default", created on first use.
    Result<Project> ensureDefault();

private:
    template <typename Key>
    Result<std::optional<Project>> findWhere(const QString &where, const Key &key);

    Database &m_db;
};

} // namespace trellis::store
