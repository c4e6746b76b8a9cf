#include "run_writer.h"

#include "store/database.h"
#include "store/run_repository.h"
#include "store/transaction.h"

#include <QTimer>

namespace trellis::runtime {

RunWriter::RunWriter(store::Database *db, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_timer(new QTimer(this)) {
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &RunWriter::flush);
}

RunWriter::~RunWriter() {
    flush();
}

void RunWriter::addRun(store::RunRecord run, std::function<void(Result<qint64>)> done) {
    m_runs.push_back(std::move(run));
    m_done.push_back(std::move(done));
    if (!m_timer->isActive())
        m_timer->start();
}

void RunWriter::addCache(store::CacheEntry entry) {
    m_cache.push_back(std::move(entry));
    if (!m_timer->isActive())
        m_timer->start();
}

void RunWriter::flush() {
    m_timer->stop();
    if (m_runs.empty() && m_cache.empty())
        return;
    std::vector<store::RunRecord> runs = std::exchange(m_runs, {});
    std::vector<std::function<void(Result<qint64>)>> done = std::exchange(m_done, {});
    std::vector<store::CacheEntry> cache = std::exchange(m_cache, {});

    Result<std::vector<qint64>> ids = std::vector<qint64>();
    auto tx = store::Transaction::begin(*m_db);
    if (!tx) {
        ids = tx.error();
    } else {
        store::ResponseCacheRepository cacheRepo(*m_db);
        for (const store::CacheEntry &e : cache)
            (void)cacheRepo.store(e); // a cache entry that cannot be written is only a miss later
        // Row by row inside this transaction (insertBatch() would add a savepoint of its
        // own): a failed row fails the whole batch, and the guard rolls everything back.
        store::RunRepository runRepo(*m_db);
        std::vector<qint64> written;
        written.reserve(runs.size());
        for (std::size_t i = 0; i < runs.size() && ids; ++i) {
            auto id = runRepo.insert(runs[i]);
            if (id)
                written.push_back(*id);
            else
                ids = id.error();
        }
        if (ids) {
            if (Status s = tx->commit(); !s)
                ids = s.error();
            else
                ids = std::move(written);
        }
    }
    for (std::size_t i = 0; i < done.size(); ++i) {
        if (ids)
            done[i](ids.value()[i]);
        else
            done[i](ids.error());
    }
}

} // namespace trellis::runtime
