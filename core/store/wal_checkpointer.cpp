#include "store/wal_checkpointer.h"

#include <QtGlobal>

#include <climits>
#include <map>
#include <sqlite3.h>
#include <system_error>

namespace trellis::store {

namespace {

struct Registry {
    std::mutex mutex;
    std::map<QByteArray, std::weak_ptr<WalCheckpointer>> byFile;
};

// Leaked on purpose: a Database destroyed during static destruction must still find it.
Registry &registry() {
    static auto *instance = new Registry;
    return *instance;
}

constexpr int kOpenBusyTimeoutMs = 200;

bool isMain(const char *dbName) {
    return dbName && qstrcmp(dbName, "main") == 0;
}

} // namespace

std::shared_ptr<WalCheckpointer> WalCheckpointer::forFile(const QByteArray &file,
                                                          int thresholdPages) {
    Registry &reg = registry();
    const std::lock_guard<std::mutex> lock(reg.mutex);
    std::weak_ptr<WalCheckpointer> &slot = reg.byFile[file];
    if (std::shared_ptr<WalCheckpointer> existing = slot.lock())
        return existing;
    try {
        std::shared_ptr<WalCheckpointer> created(new WalCheckpointer(file, thresholdPages));
        slot = created;
        return created;
    } catch (const std::system_error &e) { // no thread to be had: SQLite's own checkpoints
        qWarning("trellis: no WAL checkpoint thread for %s: %s", file.constData(), e.what());
        reg.byFile.erase(file);
        return nullptr;
    }
}

WalCheckpointer::WalCheckpointer(QByteArray file, int thresholdPages)
    : m_file(std::move(file))
    , m_threshold(std::max(1, thresholdPages))
    , m_trigger(m_threshold) {
    m_thread = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join(); // waits for a checkpoint in progress; the thread closes its connection
    Registry &reg = registry();
    const std::lock_guard<std::mutex> lock(reg.mutex);
    // A new checkpointer for the same file may have taken the slot meanwhile: keep that one.
    if (auto it = reg.byFile.find(m_file); it != reg.byFile.end() && it->second.expired())
        reg.byFile.erase(it);
}

void WalCheckpointer::attach(sqlite3 *db) {
    sqlite3_wal_autocheckpoint(db, 0);
    sqlite3_wal_hook(db, &WalCheckpointer::walHook, this);
    // After a burst past the safety valve the WAL file would stay that big (SQLite reuses it
    // from the start); the limit truncates it back at the next restart. Twice the threshold
    // leaves the steady state (threshold plus what commits during a checkpoint) untouched.
    sqlite3_stmt *stmt = nullptr;
    int pageSize = 4096;
    if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &stmt, nullptr) == SQLITE_OK
        && sqlite3_step(stmt) == SQLITE_ROW)
        pageSize = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    QByteArray limit = QByteArrayLiteral("PRAGMA journal_size_limit = ");
    limit.append(QByteArray::number(qint64(2) * m_threshold * pageSize));
    if (sqlite3_exec(db, limit.constData(), nullptr, nullptr, nullptr) != SQLITE_OK)
        qWarning("trellis: cannot set journal_size_limit on %s: %s", m_file.constData(),
                 sqlite3_errmsg(db));
}

void WalCheckpointer::detach(sqlite3 *db) {
    sqlite3_wal_hook(db, nullptr, nullptr);
    sqlite3_wal_autocheckpoint(db, kDefaultThresholdPages);
}

// Called by SQLite inside every commit on the writer's thread, so it must stay trivially
// cheap: two atomic loads, and a wake-up only on the edge where a request becomes pending.
int WalCheckpointer::walHook(void *context, sqlite3 *db, const char *dbName, int pages) {
    auto *self = static_cast<WalCheckpointer *>(context);
    const int threshold = self->m_threshold;
    if (!isMain(dbName)) {
        // An attached database has no checkpoint thread: behave like SQLite's own hook.
        if (pages >= threshold)
            sqlite3_wal_checkpoint_v2(db, dbName, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        return SQLITE_OK;
    }
    if (pages >= threshold * kSafetyFactor) {
        int log = -1;
        int copied = -1;
        const int rc =
            sqlite3_wal_checkpoint_v2(db, dbName, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
        self->m_onWriter.fetch_add(1, std::memory_order_relaxed);
        if (rc == SQLITE_OK && copied >= log)
            self->m_trigger.store(threshold, std::memory_order_relaxed);
        return SQLITE_OK; // a failed checkpoint never fails the commit that triggered it
    }
    if (pages >= self->m_trigger.load(std::memory_order_relaxed))
        self->request();
    return SQLITE_OK;
}

void WalCheckpointer::request() {
    if (m_pending.exchange(true))
        return; // already asked
    m_requested.fetch_add(1, std::memory_order_relaxed);
    // Taking the mutex orders this wake-up after the thread's predicate check: none is lost.
    { const std::lock_guard<std::mutex> lock(m_mutex); }
    m_wake.notify_one();
}

void WalCheckpointer::run() {
    sqlite3 *db = nullptr; // opened on first use: a short session that never needs it costs none
    std::unique_lock<std::mutex> lock(m_mutex);
    m_stats.threadId = std::this_thread::get_id();
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_pending.load(); });
        if (m_stop)
            break; // the last connection's close checkpoints anyway
        m_pending.store(false);
        const std::function<void()> before = m_beforeCheckpoint;
        lock.unlock();
        if (before)
            before();
        if (!db)
            db = openConnection();
        if (db)
            checkpoint(db);
        lock.lock();
        if (!db)
            ++m_stats.failed;
    }
    lock.unlock();
    if (db)
        sqlite3_close_v2(db);
}

sqlite3 *WalCheckpointer::openConnection() {
    sqlite3 *db = nullptr;
    int rc = sqlite3_open_v2(m_file.constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
    // Until it has read the file, a new connection does not know it is in WAL mode and its
    // checkpoints do nothing (log -1): one read opens the WAL. That read can meet a lock
    // another connection holds for a moment (closing connections probe for an exclusive
    // one), hence a short busy timeout; PASSIVE checkpoints never wait on it. A writer in
    // locking_mode=EXCLUSIVE makes it fail for good.
    if (rc == SQLITE_OK)
        sqlite3_busy_timeout(db, kOpenBusyTimeoutMs);
    if (rc == SQLITE_OK
        && sqlite3_exec(db, "PRAGMA schema_version", nullptr, nullptr, nullptr) != SQLITE_OK)
        rc = sqlite3_errcode(db);
    if (rc == SQLITE_OK)
        return db;
    qWarning("trellis: the WAL checkpoint thread cannot open %s: %s", m_file.constData(),
             db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close_v2(db);
    // As after a failed checkpoint: the writer's safety valve takes over (no retry and
    // warning on every commit) until its first complete checkpoint re-arms the thread.
    m_trigger.store(INT_MAX, std::memory_order_relaxed);
    return nullptr;
}

void WalCheckpointer::checkpoint(sqlite3 *db) {
    // No new requests while this one runs: commits meanwhile append a few pages that the
    // next request (or this checkpoint, if it sees them) takes care of.
    m_trigger.store(INT_MAX, std::memory_order_relaxed);
    int log = -1;
    int copied = -1;
    const int rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
    // Frames a reader still needs stay in the WAL: wait for another threshold's worth of
    // commits before trying again instead of waking on every commit.
    // After a failure (I/O error) the writer's safety valve takes over rather than a retry
    // and a warning on every commit; its first complete checkpoint re-arms this thread.
    const bool complete = rc == SQLITE_OK && copied >= log;
    const bool failed = rc != SQLITE_OK && rc != SQLITE_BUSY;
    m_trigger.store(failed                ? INT_MAX
                    : complete || log < 0 ? m_threshold
                                          : log + m_threshold,
                    std::memory_order_relaxed);
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (rc == SQLITE_OK) {
        ++m_stats.background;
    } else if (rc == SQLITE_BUSY) { // another checkpoint (the safety valve) is running
        ++m_stats.busy;
    } else {
        ++m_stats.failed;
        qWarning("trellis: WAL checkpoint of %s failed: %s", m_file.constData(),
                 sqlite3_errmsg(db));
    }
}

WalCheckpointStats WalCheckpointer::stats() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    WalCheckpointStats result = m_stats;
    result.onWriter = m_onWriter.load(std::memory_order_relaxed);
    result.requested = m_requested.load(std::memory_order_relaxed);
    return result;
}

void WalCheckpointer::setBeforeCheckpointForTesting(std::function<void()> hook) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_beforeCheckpoint = std::move(hook);
}

} // namespace trellis::store
