#pragma once

#include "common/result.h"
#include "store/store_types.h"
#include "store/versioned_entity.h"

#include <map>
#include <optional>
#include <vector>

namespace trellis::store {

class Database;

// Labels of one prompt or workflow (production, staging, any name) and their history.
// Works on ids; PromptRepository and WorkflowRepository offer the same by name and version
// reference. Every creation, move and removal lands in the label history, written by
// triggers in the schema. `ownerId` is the prompt's (or workflow's) id.
class LabelRepository {
public:
    explicit LabelRepository(Database &db,
                             const VersionedTables &tables = VersionedTables::prompts())
        : m_db(db)
        , m_tables(tables) {}

    // A label starts with a letter and holds letters, digits, '-', '_', '.'; at most 64
    // characters. It must not read like a version reference: "head", "latest", or seven or
    // more hex digits (a hash prefix).
    static Status validateName(const QString &label);

    // Points `label` at the version (creating the label or moving it).
    Result<LabelChange> set(qint64 ownerId, const QString &label, qint64 versionId);
    // Removes the label; an error when it does not exist.
    Status remove(qint64 ownerId, const QString &label);

    Result<std::optional<qint64>> versionIdOf(qint64 ownerId, const QString &label);
    Result<std::vector<Label>> list(qint64 ownerId); // by name
    // Newest first.
    Result<std::vector<LabelMove>> history(qint64 ownerId, const QString &label);
    // Version id -> its labels, sorted.
    Result<std::map<qint64, QStringList>> byVersion(qint64 ownerId);

private:
    Result<int> versionNumber(qint64 versionId);

    Database &m_db;
    const VersionedTables &m_tables;
};

} // namespace trellis::store
