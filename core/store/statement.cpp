#include "store/statement.h"

#include "store/database.h"

#include <sqlite3.h>

namespace trellis::store {

Statement::Statement(Database *db, sqlite3_stmt *stmt, QByteArray sql)
    : m_db(db)
    , m_stmt(stmt)
    , m_sql(std::move(sql)) {}

Statement::Statement(Statement &&other) noexcept
    : m_db(std::exchange(other.m_db, nullptr))
    , m_stmt(std::exchange(other.m_stmt, nullptr))
    , m_sql(std::move(other.m_sql))
    , m_bindError(std::move(other.m_bindError))
    , m_hasBindError(std::exchange(other.m_hasBindError, false)) {}

Statement &Statement::operator=(Statement &&other) noexcept {
    if (this != &other) {
        finish();
        m_db = std::exchange(other.m_db, nullptr);
        m_stmt = std::exchange(other.m_stmt, nullptr);
        m_sql = std::move(other.m_sql);
        m_bindError = std::move(other.m_bindError);
        m_hasBindError = std::exchange(other.m_hasBindError, false);
    }
    return *this;
}

Statement::~Statement() {
    finish();
}

void Statement::finish() {
    if (!m_stmt)
        return;
    if (m_db)
        m_db->release(m_stmt, m_sql);
    else
        sqlite3_finalize(m_stmt);
    m_stmt = nullptr;
}

QString Statement::sql() const {
    return QString::fromUtf8(m_sql);
}

Statement &Statement::check(int rc, int index) {
    if (rc != SQLITE_OK && !m_hasBindError) {
        m_hasBindError = true;
        m_bindError =
            index <= 0
                ? Error(QStringLiteral("unknown SQL parameter in: %1").arg(sql().simplified()))
                : m_db->error(rc, sql());
        m_bindError.field = QStringLiteral("parameter %1").arg(index);
    }
    return *this;
}

int Statement::parameterIndex(const char *name) {
    const int index = sqlite3_bind_parameter_index(m_stmt, name);
    if (index == 0 && !m_hasBindError) {
        m_hasBindError = true;
        m_bindError = Error(QStringLiteral("unknown SQL parameter %1 in: %2")
                                .arg(QString::fromUtf8(name), sql().simplified()));
    }
    return index;
}

Statement &Statement::bind(int index, qint64 value) {
    return check(sqlite3_bind_int64(m_stmt, index, value), index);
}

Statement &Statement::bind(int index, double value) {
    return check(sqlite3_bind_double(m_stmt, index, value), index);
}

Statement &Statement::bind(int index, const QString &text) {
    const QByteArray utf8 = text.toUtf8();
    return check(sqlite3_bind_text64(m_stmt, index, utf8.constData(), sqlite3_uint64(utf8.size()),
                                     SQLITE_TRANSIENT, SQLITE_UTF8),
                 index);
}

Statement &Statement::bindBlob(int index, const QByteArray &bytes) {
    // A null QByteArray would bind SQL NULL; an empty blob is still a value.
    static const char empty = 0;
    const char *data = bytes.isNull() ? &empty : bytes.constData();
    return check(
        sqlite3_bind_blob64(m_stmt, index, data, sqlite3_uint64(bytes.size()), SQLITE_TRANSIENT),
        index);
}

Statement &Statement::bindNull(int index) {
    return check(sqlite3_bind_null(m_stmt, index), index);
}

Statement &Statement::bindJson(int index, const nlohmann::json &value) {
    // Invalid UTF-8 inside strings is replaced rather than thrown, so binding never throws.
    const std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return check(sqlite3_bind_text64(m_stmt, index, text.data(), sqlite3_uint64(text.size()),
                                     SQLITE_TRANSIENT, SQLITE_UTF8),
                 index);
}

Statement &Statement::bindJson(int index, const nlohmann::json &value,
                               const std::shared_ptr<const std::string> &serialized) {
    if (serialized == nullptr)
        return bindJson(index, value);
    return check(sqlite3_bind_text64(m_stmt, index, serialized->data(),
                                     sqlite3_uint64(serialized->size()), SQLITE_TRANSIENT,
                                     SQLITE_UTF8),
                 index);
}

Statement &Statement::bind(int index, const QDateTime &when) {
    return when.isValid() ? bind(index, when.toMSecsSinceEpoch()) : bindNull(index);
}

Result<bool> Statement::step() {
    if (m_hasBindError)
        return m_bindError;
    // A write outside the open group commit (database.h) ends the group first.
    if (m_db->m_deferredCommit && !sqlite3_stmt_readonly(m_stmt))
        m_db->commitDeferred();
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    Error error = m_db->error(rc, sql());
    // Reset right away so a failed statement releases its locks and can be retried.
    sqlite3_reset(m_stmt);
    return error;
}

Status Statement::exec() {
    for (;;) {
        auto row = step();
        if (!row)
            return row.error();
        if (!*row)
            break;
    }
    reset();
    return {};
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
}

void Statement::clearBindings() {
    sqlite3_clear_bindings(m_stmt);
    m_hasBindError = false;
    m_bindError = Error();
}

int Statement::columnCount() const {
    return sqlite3_column_count(m_stmt);
}

QString Statement::columnName(int column) const {
    return QString::fromUtf8(sqlite3_column_name(m_stmt, column));
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

qint64 Statement::columnInt64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::columnDouble(int column) const {
    return sqlite3_column_double(m_stmt, column);
}

QString Statement::columnText(int column) const {
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QString::fromUtf8(text, sqlite3_column_bytes(m_stmt, column));
}

QByteArray Statement::columnBlob(int column) const {
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

QDateTime Statement::columnDateTime(int column) const {
    if (isNull(column))
        return {};
    return QDateTime::fromMSecsSinceEpoch(columnInt64(column), Qt::UTC);
}

std::optional<qint64> Statement::columnOptionalInt64(int column) const {
    if (isNull(column))
        return std::nullopt;
    return columnInt64(column);
}

std::optional<double> Statement::columnOptionalDouble(int column) const {
    if (isNull(column))
        return std::nullopt;
    return columnDouble(column);
}

Result<nlohmann::json> Statement::columnJson(int column) const {
    if (isNull(column))
        return nlohmann::json();
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    const int size = sqlite3_column_bytes(m_stmt, column);
    nlohmann::json value = nlohmann::json::parse(text, text + size, nullptr, false);
    if (value.is_discarded())
        return Error(
            QStringLiteral("column '%1' does not hold valid JSON").arg(columnName(column)));
    return value;
}

} // namespace trellis::store
