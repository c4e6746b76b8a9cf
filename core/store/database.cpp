#include "store/database.h"

#include "store/statement.h"
#include "store/wal_checkpointer.h"

#include <QtGlobal>

#include <sqlite3.h>

namespace trellis::store {

namespace {

// Enough for the hot queries of a session; beyond it statements are simply finalized.
constexpr std::size_t kMaxIdleStatements = 64;

int openFlags(Database::Mode mode) {
    // NOMUTEX: a connection is used by one thread only, so SQLite's per-connection mutex is
    // pure overhead.
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
    switch (mode) {
    case Database::Mode::ReadWriteCreate:
        return flags | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    case Database::Mode::ReadWrite:
        return flags | SQLITE_OPEN_READWRITE;
    case Database::Mode::ReadOnly:
        return flags | SQLITE_OPEN_READONLY;
    }
    return flags | SQLITE_OPEN_READWRITE;
}

bool isMemoryPath(const QString &path) {
    return path.isEmpty() || path == QLatin1String(":memory:")
           || path.contains(QLatin1String("mode=memory"));
}

} // namespace

Database::Database(sqlite3 *handle, QString path)
    : m_db(handle)
    , m_path(std::move(path))
    , m_owner(std::this_thread::get_id()) {}

Database::Database(Database &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_path(std::move(other.m_path))
    , m_owner(other.m_owner)
    , m_idle(std::move(other.m_idle))
    , m_transactionDepth(std::exchange(other.m_transactionDepth, 0))
    , m_liveStatements(std::exchange(other.m_liveStatements, 0))
    , m_deferredCommit(std::exchange(other.m_deferredCommit, nullptr))
    , m_checkpointer(std::move(other.m_checkpointer)) {
    other.m_idle.clear();
}

Database &Database::operator=(Database &&other) noexcept {
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_path = std::move(other.m_path);
        m_owner = other.m_owner;
        m_idle = std::move(other.m_idle);
        other.m_idle.clear();
        m_transactionDepth = std::exchange(other.m_transactionDepth, 0);
        m_liveStatements = std::exchange(other.m_liveStatements, 0);
        m_deferredCommit = std::exchange(other.m_deferredCommit, nullptr);
        m_checkpointer = std::move(other.m_checkpointer);
    }
    return *this;
}

Database::~Database() {
    close();
}

void Database::close() {
    if (!m_db)
        return;
    assertOwner();
    commitDeferred();
    Q_ASSERT_X(m_liveStatements == 0, "Database", "statements outlive their connection");
    for (auto &entry : m_idle)
        sqlite3_finalize(entry.second);
    m_idle.clear();
    if (m_checkpointer) {
        // Unhook first, then let go of the checkpointer: if this was its last user, its
        // thread stops (after a checkpoint in progress) and closes its connection, so the
        // close below is the file's last and does SQLite's final checkpoint as usual.
        WalCheckpointer::detach(m_db);
        m_checkpointer.reset();
    }
    // close_v2 defers the close until stray statements are finalized instead of failing.
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

Result<Database> Database::open(const QString &path, const Options &options) {
    sqlite3 *handle = nullptr;
    const QByteArray name = path.isEmpty() ? QByteArrayLiteral(":memory:") : path.toUtf8();
    const int rc = sqlite3_open_v2(name.constData(), &handle, openFlags(options.mode), nullptr);
    if (rc != SQLITE_OK) {
        QString message = handle ? QString::fromUtf8(sqlite3_errmsg(handle))
                                 : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close_v2(handle);
        return Error(QStringLiteral("cannot open database: %1").arg(message)).inFile(path);
    }
    sqlite3_extended_result_codes(handle, 1);
    Database db(handle, path);
    if (Status configured = db.configure(options); !configured) {
        configured.error().file = path;
        return configured.error();
    }
    return db;
}

Status Database::configure(const Options &options) {
    sqlite3_busy_timeout(m_db, options.busyTimeoutMs);
    if (Status st = exec(QStringLiteral("PRAGMA foreign_keys = ON")); !st)
        return st;
    const bool isWal = options.wal && options.mode != Mode::ReadOnly && !isMemoryPath(m_path);
    if (isWal) {
        auto stmt = prepare(QStringLiteral("PRAGMA journal_mode = WAL"));
        if (!stmt)
            return stmt.error();
        auto row = stmt->step();
        if (!row)
            return row.error();
        const QString mode = *row ? stmt->columnText(0) : QString();
        if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            return Error(
                QStringLiteral("cannot switch the database to WAL mode (got '%1')").arg(mode));
    }
    if (Status st = exec(QStringLiteral("PRAGMA synchronous = NORMAL")); !st)
        return st;
    if (options.backgroundCheckpoint && isWal && sqlite3_db_readonly(m_db, "main") == 0) {
        const char *file = sqlite3_db_filename(m_db, "main");
        if (file && *file) {
            m_checkpointer = WalCheckpointer::forFile(QByteArray(file), options.checkpointPages);
            if (m_checkpointer)
                m_checkpointer->attach(m_db);
        }
    }
    return {};
}

void Database::assertOwner() const {
    Q_ASSERT_X(isOwnerThread(), "trellis::store::Database",
               "a SQLite connection is used only by the thread that opened it");
}

void Database::commitDeferred() {
    if (!m_deferredCommit)
        return;
    const std::function<void()> commit = std::exchange(m_deferredCommit, nullptr);
    commit();
}

Status Database::exec(const QString &sql) {
    assertOwner();
    commitDeferred();
    const QByteArray utf8 = sql.toUtf8();
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, utf8.constData(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK)
        return {};
    QString text = message ? QString::fromUtf8(message) : QString::fromUtf8(sqlite3_errstr(rc));
    sqlite3_free(message);
    return Error(QStringLiteral("SQLite error: %1 (%2) in: %3")
                     .arg(text, QString::fromUtf8(sqlite3_errstr(rc)), sql.simplified()));
}

Result<Statement> Database::prepare(const QString &sql) {
    assertOwner();
    QByteArray utf8 = sql.toUtf8();
    if (auto it = m_idle.find(utf8); it != m_idle.end()) {
        sqlite3_stmt *stmt = it->second;
        m_idle.erase(it);
        ++m_liveStatements;
        return Statement(this, stmt, std::move(utf8));
    }
    sqlite3_stmt *stmt = nullptr;
    const char *tail = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, utf8.constData(), int(utf8.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK)
        return error(rc, sql);
    if (!stmt)
        return Error(QStringLiteral("empty SQL statement: '%1'").arg(sql));
    if (tail && *tail && QByteArray(tail).trimmed().size() > 0) {
        sqlite3_finalize(stmt);
        return Error(QStringLiteral("prepare() takes one SQL statement; use exec() for scripts: %1")
                         .arg(sql.simplified()));
    }
    ++m_liveStatements;
    return Statement(this, stmt, std::move(utf8));
}

void Database::release(sqlite3_stmt *stmt, const QByteArray &sql) {
    --m_liveStatements;
    if (!m_db || m_idle.size() >= kMaxIdleStatements) {
        sqlite3_finalize(stmt);
        return;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    m_idle.emplace(sql, stmt);
}

qint64 Database::lastInsertRowId() const {
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const {
    return sqlite3_changes(m_db);
}

int Database::lastErrorCode() const {
    return m_db ? sqlite3_extended_errcode(m_db) : SQLITE_MISUSE;
}

bool Database::inTransaction() const {
    return m_db && sqlite3_get_autocommit(m_db) == 0;
}

Error Database::error(int resultCode, const QString &sql) const {
    const QString message = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString();
    const QString codeText = QString::fromUtf8(sqlite3_errstr(resultCode));
    QString text = message.isEmpty() || message == codeText
                       ? QStringLiteral("SQLite error: %1").arg(codeText)
                       : QStringLiteral("SQLite error: %1 (%2)").arg(message, codeText);
    if (!sql.isEmpty())
        text += QStringLiteral(" in: ") + sql.simplified();
    return Error(text);
}

} // namespace trellis::store
