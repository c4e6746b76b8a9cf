#pragma once

#include "common/result.h"
#include "store/response_cache_repository.h"
#include "store/store_types.h"

#include <QObject>

#include <functional>
#include <vector>

class QTimer;

namespace trellis::store {
class Database;
}

namespace trellis::runtime {

// Writes run rows and cache entries in batches: everything queued during one pass of the event
// loop goes to the store in one transaction on the next pass (or at flush()). Under load this
// turns hundreds of small commits per second into a few, which keeps the event loop free for
// the network. Lives on the thread that owns the Database.
class RunWriter : public QObject {
    Q_OBJECT
public:
    explicit RunWriter(store::Database *db, QObject *parent = nullptr);
    ~RunWriter() override; // flushes

    bool enabled() const { return m_db != nullptr; }
    // `done` gets the row id, or the error when the batch could not be written.
    void addRun(store::RunRecord run, std::function<void(Result<qint64>)> done);
    void addCache(store::CacheEntry entry);
    void flush();

private:
    store::Database *m_db;
    QTimer *m_timer;
    std::vector<store::RunRecord> m_runs;
    std::vector<std::function<void(Result<qint64>)>> m_done;
    std::vector<store::CacheEntry> m_cache;
};

} // namespace trellis::runtime
