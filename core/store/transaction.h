#pragma once

#include "common/result.h"

namespace trellis::store {

class Database;

// An RAII transaction. The outermost guard on a connection runs BEGIN IMMEDIATE (it takes the
// write lock up front, so a read-then-write transaction never fails half way with SQLITE_BUSY);
// nested guards use SAVEPOINTs. Nothing is kept unless commit() is called: a guard that goes
// out of scope uncommitted (early return on an error) rolls back its part.
//
//     auto tx = Transaction::begin(db);
//     if (!tx) return tx.error();
//     ... statements; on error just return ...
//     return tx->commit();
//
// Guards must end in reverse order of creation, on the connection's own thread.
class Transaction {
public:
    static Result<Transaction> begin(Database &db);

    Transaction(Transaction &&other) noexcept;
    Transaction &operator=(Transaction &&) = delete;
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();

    Status commit();
    Status rollback();
    bool isActive() const { return m_db != nullptr; }
    bool isNested() const { return m_depth > 1; }

private:
    Transaction(Database *db, int depth)
        : m_db(db)
        , m_depth(depth) {}
    Status end(bool commit);

    Database *m_db = nullptr;
    int m_depth = 0; // 1 for the outermost guard
};

} // namespace trellis::store
