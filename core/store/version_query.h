#pragma once

#include "common/result.h"
#include "store/store_types.h"

#include <optional>
#include <vector>

namespace trellis::store {

class Database;

// Reads prompt versions and turns a reference into one (the forms of a reference are listed
// at VersionRefResolver).
class VersionQuery {
public:
    explicit VersionQuery(Database &db)
        : m_db(db) {}

    Result<std::optional<PromptVersion>> head(qint64 promptId);
    Result<PromptVersion> byId(qint64 versionId);
    // `promptName` only words the errors.
    Result<PromptVersion> resolve(qint64 promptId, const QString &promptName, const QString &ref);
    // Newest first; limit <= 0 means all.
    Result<std::vector<PromptVersion>> log(qint64 promptId, int limit = 0);

private:
    Result<std::vector<PromptVersion>> select(const QString &where, const std::vector<qint64> &keys,
                                              int limit);
    Result<PromptVersion> one(const QString &where, const std::vector<qint64> &keys);
    Status attachLabels(qint64 promptId, std::vector<PromptVersion> &versions);

    Database &m_db;
};

} // namespace trellis::store
