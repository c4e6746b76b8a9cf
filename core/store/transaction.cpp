#include "store/transaction.h"

#include "store/database.h"
#include "store/statement.h"

#include <QtGlobal>

namespace trellis::store {

namespace {

QString savepointName(int depth) {
    return QStringLiteral("trellis_sp_%1").arg(depth);
}

// BEGIN, COMMIT, SAVEPOINT and RELEASE run for every write, so they go through the
// connection's statement cache instead of being parsed again each time by exec().
Status run(Database &db, const QString &sql) {
    auto stmt = db.prepare(sql);
    if (!stmt)
        return stmt.error();
    return stmt->exec();
}

} // namespace

Result<Transaction> Transaction::begin(Database &db) {
    db.assertOwner();
    db.commitDeferred(); // an open group commit ends before any other transaction starts
    const int depth = db.m_transactionDepth + 1;
    const Status st = depth == 1 ? run(db, QStringLiteral("BEGIN IMMEDIATE"))
                                 : run(db, QStringLiteral("SAVEPOINT ") + savepointName(depth));
    if (!st)
        return st.error();
    db.m_transactionDepth = depth;
    return Transaction(&db, depth);
}

Transaction::Transaction(Transaction &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_depth(std::exchange(other.m_depth, 0)) {}

Transaction::~Transaction() {
    if (m_db) {
        const Status st = end(false);
        if (!st)
            qWarning("trellis: rollback failed: %s", qUtf8Printable(st.error().message));
    }
}

Status Transaction::commit() {
    if (!m_db)
        return Error(QStringLiteral("commit() on a transaction that has already ended"));
    return end(true);
}

Status Transaction::rollback() {
    if (!m_db)
        return Error(QStringLiteral("rollback() on a transaction that has already ended"));
    return end(false);
}

Status Transaction::end(bool commit) {
    Database *db = std::exchange(m_db, nullptr);
    Q_ASSERT_X(db->m_transactionDepth == m_depth, "Transaction",
               "transaction guards must end in reverse order of creation");
    db->m_transactionDepth = m_depth - 1;
    const QString sp = savepointName(m_depth);
    if (commit) {
        const Status st = m_depth == 1 ? run(*db, QStringLiteral("COMMIT"))
                                       : run(*db, QStringLiteral("RELEASE ") + sp);
        if (st)
            return st;
        // A failed COMMIT can leave the transaction open; never leave it half-done.
        if (m_depth == 1 && db->inTransaction())
            (void)db->exec(QStringLiteral("ROLLBACK"));
        else if (m_depth > 1)
            (void)db->exec(QStringLiteral("ROLLBACK TO ") + sp + QStringLiteral("; RELEASE ") + sp);
        return st;
    }
    if (m_depth > 1)
        return db->exec(QStringLiteral("ROLLBACK TO ") + sp + QStringLiteral("; RELEASE ") + sp);
    // SQLite may already have rolled back by itself (e.g. on SQLITE_FULL or an interrupt).
    return db->inTransaction() ? db->exec(QStringLiteral("ROLLBACK")) : Status();
}

} // namespace trellis::store
