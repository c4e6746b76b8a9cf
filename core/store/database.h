#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <thread>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace trellis::store {

class Statement;
class WalCheckpointer;

// One SQLite connection. A connection belongs to the thread that opened it (DESIGN.md,
// "Threading"): every call from another thread is a bug, caught by an assertion in debug
// builds. Threads that need the store open their own Database on the same file; WAL lets
// readers run while one writer commits.
//
// Statements prepared here must not outlive the Database, and the Database must not be moved
// while statements are alive (they point back at it for error messages and the cache).
class Database {
public:
    enum class Mode { ReadWriteCreate, ReadWrite, ReadOnly };

    struct Options {
        Mode mode = Mode::ReadWriteCreate;
        int busyTimeoutMs = 5000; // how long a writer waits for another writer's lock
        bool wal = true;          // ignored for in-memory and read-only databases
        // WAL checkpoints on a background thread instead of inside this connection's commits
        // (wal_checkpointer.h); only for read-write file databases in WAL mode.
        bool backgroundCheckpoint = true;
        int checkpointPages = 1000; // WAL size (pages) that wakes the checkpoint thread
    };

    // Opens `path` (":memory:" for a private in-memory database) and applies the connection
    // settings every Trellis connection uses: WAL, foreign_keys=ON, busy_timeout and
    // synchronous=NORMAL (in WAL mode a crash of the process never loses a committed
    // transaction; only a power loss can roll back the last few).
    static Result<Database> open(const QString &path, const Options &options);
    static Result<Database> open(const QString &path) { return open(path, Options{}); }

    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    const QString &path() const { return m_path; }

    // Runs one or more SQL statements that return no rows (scripts, pragmas, DDL).
    Status exec(const QString &sql);

    // A prepared statement. Statements come from a small per-connection cache keyed by the SQL
    // text: a finished Statement returns its handle to the cache, so hot queries are parsed once.
    Result<Statement> prepare(const QString &sql);

    qint64 lastInsertRowId() const;
    int changes() const;        // rows changed by the last INSERT/UPDATE/DELETE
    int lastErrorCode() const;  // extended result code of the last failed call
    bool inTransaction() const; // false in autocommit mode

    // The nesting depth of Transaction guards on this connection (0 = none).
    int transactionDepth() const { return m_transactionDepth; }

    // Group commit (runtime's RunWriter): a write transaction left open across event-loop
    // passes so that many small writes share one commit. Its holder registers how to end it;
    // this connection calls that before any other write (Transaction::begin, exec(), a
    // statement that writes) and before closing, so no other work rides on the group's fate.
    // One holder at a time; it clears the hook while it writes into the group itself.
    void setDeferredCommit(std::function<void()> commit) { m_deferredCommit = std::move(commit); }
    void clearDeferredCommit() { m_deferredCommit = nullptr; }
    bool hasDeferredCommit() const { return bool(m_deferredCommit); }
    void commitDeferred(); // runs and clears the hook; no-op without one

    // Builds an error from the connection's last failure: SQLite's message and the SQL.
    Error error(int resultCode, const QString &sql) const;

    // The background checkpointer this connection hands its WAL checkpoints to, if any.
    WalCheckpointer *walCheckpointer() const { return m_checkpointer.get(); }

    // True when called on the thread that opened the connection.
    bool isOwnerThread() const { return std::this_thread::get_id() == m_owner; }

private:
    friend class Statement;
    friend class Transaction;

    Database(sqlite3 *handle, QString path);
    Status configure(const Options &options);
    void assertOwner() const;
    void release(sqlite3_stmt *stmt, const QByteArray &sql); // statement returns to the cache
    void close();

    sqlite3 *m_db = nullptr;
    QString m_path;
    std::thread::id m_owner;
    std::multimap<QByteArray, sqlite3_stmt *> m_idle; // prepared, reset, not in use
    int m_transactionDepth = 0;
    int m_liveStatements = 0;
    std::function<void()> m_deferredCommit;
    std::shared_ptr<WalCheckpointer> m_checkpointer;
};

} // namespace trellis::store
