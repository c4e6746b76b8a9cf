#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

struct sqlite3_stmt;

namespace trellis::store {

class Database;

// A prepared statement, finalized (or handed back to its connection's cache) on destruction.
//
// Binding never fails loudly: a bad index or unknown name is remembered and reported by the
// next step()/exec(), so call sites can bind a row of values without checking each one.
// Indexes are 1-based like SQLite's; names include their prefix (":name").
class Statement {
public:
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    Statement &bind(int index, qint64 value);
    Statement &bind(int index, int value) { return bind(index, qint64(value)); }
    Statement &bind(int index, bool value) { return bind(index, qint64(value ? 1 : 0)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, const QString &text);
    Statement &bind(int index, const char16_t *text) {
        return bind(index, QString::fromUtf16(text));
    }
    Statement &bindBlob(int index, const QByteArray &bytes);
    Statement &bindNull(int index);
    Statement &bindJson(int index, const nlohmann::json &value); // stored as compact text
    // `serialized` (that compact text, made earlier) when set, else `value`.
    Statement &bindJson(int index, const nlohmann::json &value,
                        const std::shared_ptr<const std::string> &serialized);
    Statement &bind(int index, const QDateTime &when); // ms since epoch; null if invalid
    template <typename T>
    Statement &bind(int index, const std::optional<T> &value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    template <typename T>
    Statement &bind(const char *name, const T &value) {
        return bind(parameterIndex(name), value);
    }
    Statement &bindBlob(const char *name, const QByteArray &bytes) {
        return bindBlob(parameterIndex(name), bytes);
    }
    Statement &bindNull(const char *name) { return bindNull(parameterIndex(name)); }
    Statement &bindJson(const char *name, const nlohmann::json &value) {
        return bindJson(parameterIndex(name), value);
    }

    // Advances to the next row: true when a row is available, false when done.
    Result<bool> step();
    // Steps through every remaining row, turning each into a T with `read(statement)`, which
    // returns T or Result<T>. The first failure ends the loop and is returned.
    template <typename T, typename Read>
    Result<std::vector<T>> collect(Read read);
    // Runs a statement that returns no rows (or ignores them) to completion.
    Status exec();
    // Ready to run again with new bindings. Keeps bindings unless clearBindings() is called.
    void reset();
    void clearBindings();

    int columnCount() const;
    QString columnName(int column) const;
    bool isNull(int column) const;
    qint64 columnInt64(int column) const;
    double columnDouble(int column) const;
    QString columnText(int column) const;
    QByteArray columnBlob(int column) const;
    QDateTime columnDateTime(int column) const; // invalid when NULL
    std::optional<qint64> columnOptionalInt64(int column) const;
    std::optional<double> columnOptionalDouble(int column) const;
    // Parses a JSON text column; NULL gives a JSON null, malformed text an error naming it.
    Result<nlohmann::json> columnJson(int column) const;

    QString sql() const;

private:
    friend class Database;
    Statement(Database *db, sqlite3_stmt *stmt, QByteArray sql);

    int parameterIndex(const char *name);
    Statement &check(int rc, int index);
    void finish();

    Database *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
    QByteArray m_sql;
    Error m_bindError;
    bool m_hasBindError = false;
};

template <typename T, typename Read>
Result<std::vector<T>> Statement::collect(Read read) {
    std::vector<T> out;
    for (;;) {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        if constexpr (std::is_convertible_v<std::invoke_result_t<Read, const Statement &>, T>) {
            out.push_back(read(static_cast<const Statement &>(*this)));
        } else {
            auto item = read(static_cast<const Statement &>(*this));
            if (!item)
                return item.error();
            out.push_back(std::move(*item));
        }
    }
}

} // namespace trellis::store
