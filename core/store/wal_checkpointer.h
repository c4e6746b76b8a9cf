#pragma once

#include <QByteArray>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace trellis::store {

// What a checkpointer has done so far (tests and diagnostics).
struct WalCheckpointStats {
    int requested = 0;  // times a commit woke the checkpoint thread
    int background = 0; // passive checkpoints run on the checkpoint thread
    int busy = 0;       // background attempts that found another checkpoint running
    int onWriter = 0;   // safety valve: checkpoints run inside a commit on the writer's thread
    int failed = 0;     // checkpoints that returned an error (logged, never fatal)
    std::thread::id threadId; // the checkpoint thread
};

// Moves WAL checkpoints off the threads that write. SQLite's automatic checkpoint runs inside
// COMMIT on the committing thread every 1000 WAL pages and fsyncs the WAL and the database:
// on a laptop disk that can stall the GUI thread for 50 ms and more. A writing connection
// attached here turns the automatic checkpoint off and installs a WAL hook; when the WAL
// passes `thresholdPages`, the hook wakes this checkpointer's thread, which runs a PASSIVE
// checkpoint (it never waits for readers or writers) on a connection of its own (connections
// belong to their thread).
//
// Safety valve: when the WAL passes 10x the threshold anyway (a reader pins old frames, or the
// disk cannot keep up), the committing connection checkpoints itself (PASSIVE, as SQLite's
// automatic checkpoint would), so the WAL cannot grow without bound; `journal_size_limit`
// shrinks the file back after such a burst.
//
// SQLite restarts the WAL (writes it again from its start) only in a write transaction that
// begins while every frame is checkpointed; that commit syncs the WAL header on the writer's
// thread (small, and required). Under a continuous stream of writes the checkpoint thread
// keeps catching up (a request at each commit past the threshold) until it finishes inside a
// gap between two write transactions; if none comes, the safety valve bounds the WAL.
//
// One checkpointer (one thread, one connection) per database file per process, shared by
// every writing connection to that file: the WAL belongs to the file, so one thread keeps it
// short whoever writes, and N connections do not cost N idle threads. It is reference-counted
// (each Database holds a shared_ptr); the last holder's release stops and joins the thread,
// closing its connection, before the holder closes its own connection, which is then the last
// one and does SQLite's final checkpoint as usual.
class WalCheckpointer {
public:
    static constexpr int kDefaultThresholdPages = 1000; // SQLite's wal_autocheckpoint default
    static constexpr int kSafetyFactor = 10;

    // The checkpointer of `file` (an absolute file name, as sqlite3_db_filename gives it);
    // created with its thread on first use. A later caller with a different threshold shares
    // the existing one. Null (and a warning) when no thread can be started.
    static std::shared_ptr<WalCheckpointer> forFile(const QByteArray &file, int thresholdPages);

    ~WalCheckpointer(); // stops and joins the thread

    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    // Makes `db` (a read-write connection in WAL mode, on the caller's thread) hand its
    // checkpoints to this checkpointer: wal_autocheckpoint off, the WAL hook, and the
    // journal size limit. The connection must detach (or close) before this object dies.
    void attach(sqlite3 *db);
    static void detach(sqlite3 *db); // restores SQLite's automatic checkpoint

    int thresholdPages() const { return m_threshold; }
    WalCheckpointStats stats() const;

    // Tests only: runs on the checkpoint thread right before each checkpoint.
    void setBeforeCheckpointForTesting(std::function<void()> hook);

private:
    WalCheckpointer(QByteArray file, int thresholdPages);
    static int walHook(void *self, sqlite3 *db, const char *dbName, int pages);
    void request();
    void run();
    sqlite3 *openConnection(); // the thread's own connection; null (logged) on failure
    void checkpoint(sqlite3 *db);

    const QByteArray m_file;
    const int m_threshold;
    // The hook wakes the thread once the WAL has this many pages. Raised past the WAL's end
    // when a checkpoint could not copy every frame (a reader still uses them), so a pinned
    // WAL does not wake the thread on every commit; back to the threshold once it caught up.
    std::atomic<int> m_trigger;
    std::atomic<bool> m_pending{false};
    std::atomic<int> m_onWriter{0};
    std::atomic<int> m_requested{0};

    mutable std::mutex m_mutex; // guards m_stop, m_stats, m_beforeCheckpoint; with m_wake
    std::condition_variable m_wake;
    bool m_stop = false;
    WalCheckpointStats m_stats;
    std::function<void()> m_beforeCheckpoint;
    std::thread m_thread;
};

} // namespace trellis::store
