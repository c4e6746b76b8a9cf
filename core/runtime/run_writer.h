#pragma once

#include "common/result.h"
#include "store/response_cache_repository.h"
#include "store/store_types.h"
#include "store/transaction.h"

#include <QObject>

#include <optional>

class QTimer;

namespace trellis::store {
class Database;
}

namespace trellis::runtime {

// Writes run rows and cache entries with group commit. Each row is inserted at once, so its
// id is known and the row is visible on this connection (the pipeline's, which the app and
// the CLI read through) before the run ends. The inserts go into a write transaction that
// stays open for up to `commitDelayMs` (or kMaxGroupRows rows; 0: every write commits at
// once), so a stream of requests shares one commit instead of paying BEGIN, COMMIT and the
// WAL writes of the table's pages and indexes each time. The group is committed earlier when
// anything else writes on the connection (database.h), at commit(), and when the writer is
// destroyed. Other connections and processes see the rows once committed; a process killed
// in that window loses at most the rows of the open group (WAL keeps the file itself
// intact). Inside a transaction someone else holds open, writes go into it as a savepoint.
// Lives on the thread that owns the Database.
class RunWriter : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultCommitDelayMs = 20;
    static constexpr int kMaxGroupRows = 256;

    explicit RunWriter(store::Database *db, int commitDelayMs = kDefaultCommitDelayMs,
                       QObject *parent = nullptr);
    ~RunWriter() override; // commits

    bool enabled() const { return m_db != nullptr; }
    // The row's id, or why it could not be written.
    Result<qint64> addRun(const store::RunRecord &run);
    // A cache entry that cannot be written is only a miss later: no error.
    void addCache(const store::CacheEntry &entry);
    void addCacheHit(const QString &keyHash); // hit_count and last_hit_at of an entry
    // Commits the open group: its rows become durable and visible to every connection.
    Status commit();
    bool groupOpen() const { return m_group.has_value(); }

Q_SIGNALS:
    // Rows already reported as recorded did not reach the store after all: their group was
    // rolled back (disk full, I/O error). The app says so; nothing else can bring them back.
    void recordsLost(int rows, const QString &message);

private:
    Status begin(std::optional<store::Transaction> &local);
    Status end(std::optional<store::Transaction> &local);
    void endGroup();

    store::Database *m_db;
    int m_commitDelayMs;
    QTimer *m_commitTimer; // commitDelayMs after the group opened: commit it
    std::optional<store::Transaction> m_group;
    int m_groupRows = 0;
};

} // namespace trellis::runtime
