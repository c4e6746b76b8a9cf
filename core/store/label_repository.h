#pragma once

#include "common/result.h"
#include "store/store_types.h"

#include <map>
#include <optional>
#include <vector>

namespace trellis::store {

class Database;

// Labels of one prompt (production, staging, any name) and their history. Works on ids;
// PromptRepository offers the same by prompt name and version reference. Every creation,
// move and removal lands in label_history, written by triggers in the schema.
class LabelRepository {
public:
    explicit LabelRepository(Database &db)
        : m_db(db) {}

    // A label starts with a letter and holds letters, digits, '-', '_', '.'; at most 64
    // characters. It must not read like a version reference: "head", "latest", or seven or
    // more hex digits (a hash prefix).
    static Status validateName(const QString &label);

    // Points `label` at the version (creating the label or moving it).
    Result<LabelChange> set(qint64 promptId, const QString &label, qint64 versionId);
    // Removes the label; an error when it does not exist.
    Status remove(qint64 promptId, const QString &label);

    Result<std::optional<qint64>> versionIdOf(qint64 promptId, const QString &label);
    Result<std::vector<Label>> list(qint64 promptId); // by name
    // Newest first.
    Result<std::vector<LabelMove>> history(qint64 promptId, const QString &label);
    // Version id -> its labels, sorted.
    Result<std::map<qint64, QStringList>> byVersion(qint64 promptId);

private:
    Database &m_db;
};

} // namespace trellis::store
