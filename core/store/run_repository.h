#pragma once

#include "common/result.h"
#include "store/store_types.h"

#include <vector>

namespace trellis::store {

class Database;
class Statement;

// Runs: one row per pipeline call. Writers batch with insertBatch() (one transaction, one
// prepared statement) so recording a big experiment costs one fsync, not one per run.
class RunRepository {
public:
    explicit RunRepository(Database &db)
        : m_db(db) {}

    // Stores the run and returns its id. promptId is derived from promptVersionId.
    Result<qint64> insert(const RunRecord &run);
    // All or nothing: one failing run leaves none of the batch behind.
    Result<std::vector<qint64>> insertBatch(const std::vector<RunRecord> &runs);

    Result<std::optional<RunRecord>> find(qint64 id);
    // Newest first (by started_at, then id).
    Result<std::vector<RunRecord>> recent(const RunFilter &filter);
    // As recent(), without the payload: params, variables, request and responseText are left
    // empty (lists show a run's figures; a run's whole record is one find() away). A page of
    // runs with long prompts would otherwise parse megabytes of JSON nobody looks at.
    Result<std::vector<RunRecord>> recentSummaries(const RunFilter &filter);
    Result<std::vector<RunRecord>> runsOfVersion(qint64 promptVersionId, int limit = 100);
    // Per version of the prompt, oldest version first.
    Result<std::vector<VersionStats>> statsByVersion(qint64 promptId);

private:
    Result<std::vector<RunRecord>> select(const QString &columns, const RunFilter &filter);
    Result<qint64> insertWith(Statement &stmt, const RunRecord &run);

    Database &m_db;
};

} // namespace trellis::store
