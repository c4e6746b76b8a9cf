#include "store/response_cache_repository.h"

#include "store/database.h"
#include "store/statement.h"

namespace trellis::store {

namespace {

// The row of a statement selecting request, response, created_at, expires_at, hit_count.
Result<std::optional<CacheEntry>> readEntry(Statement &stmt, const QString &keyHash) {
    auto row = stmt.step();
    if (!row)
        return row.error();
    if (!*row)
        return std::optional<CacheEntry>();
    CacheEntry entry;
    entry.keyHash = keyHash;
    auto request = stmt.columnJson(0);
    auto response = stmt.columnJson(1);
    if (!request || !response)
        return Error(QStringLiteral("cache entry %1 holds malformed JSON").arg(keyHash));
    entry.request = std::move(*request);
    entry.response = std::move(*response);
    entry.createdAt = stmt.columnDateTime(2);
    entry.expiresAt = stmt.columnDateTime(3);
    entry.hitCount = stmt.columnInt64(4);
    // Step to the end so the statement (and an implicit write transaction) finishes here.
    if (auto rest = stmt.step(); !rest)
        return rest.error();
    return std::optional<CacheEntry>(std::move(entry));
}

} // namespace

Result<std::optional<CacheEntry>> ResponseCacheRepository::lookup(const QString &keyHash,
                                                                  const QDateTime &now) {
    // find() and countHit() in one call: the entry as it is after the hit.
    auto entry = find(keyHash, now);
    if (!entry || !entry->has_value())
        return entry;
    if (Status counted = countHit(keyHash, now); !counted)
        return counted.error();
    ++(*entry)->hitCount;
    return entry;
}

Result<std::optional<CacheEntry>> ResponseCacheRepository::find(const QString &keyHash,
                                                                const QDateTime &now) {
    auto stmt = m_db.prepare(
        QStringLiteral("SELECT request, response, created_at, expires_at, hit_count FROM "
                       "response_cache WHERE key_hash = ?2 AND (expires_at IS NULL OR "
                       "expires_at > ?1)"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, now).bind(2, keyHash);
    return readEntry(*stmt, keyHash);
}

Status ResponseCacheRepository::countHit(const QString &keyHash, const QDateTime &now) {
    auto stmt = m_db.prepare(QStringLiteral("UPDATE response_cache SET hit_count = hit_count + 1, "
                                            "last_hit_at = ?1 WHERE key_hash = ?2"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, now).bind(2, keyHash);
    return stmt->exec();
}

Status ResponseCacheRepository::store(const CacheEntry &entry) {
    if (entry.keyHash.isEmpty())
        return Error(QStringLiteral("a cache entry needs a key"));
    auto stmt = m_db.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO response_cache (key_hash, request, response, created_at, "
        "expires_at, hit_count, last_hit_at) VALUES (?, ?, ?, ?, ?, 0, NULL)"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, entry.keyHash)
        .bindJson(2, entry.request, entry.requestJson)
        .bindJson(3, entry.response);
    stmt->bind(4, entry.createdAt.isValid() ? entry.createdAt : QDateTime::currentDateTimeUtc());
    stmt->bind(5, entry.expiresAt);
    return stmt->exec();
}

Result<int> ResponseCacheRepository::purgeExpired(const QDateTime &now) {
    auto stmt = m_db.prepare(QStringLiteral(
        "DELETE FROM response_cache WHERE expires_at IS NOT NULL AND expires_at <= ?"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, now);
    if (Status st = stmt->exec(); !st)
        return st.error();
    return m_db.changes();
}

Result<int> ResponseCacheRepository::clear() {
    if (Status st = m_db.exec(QStringLiteral("DELETE FROM response_cache")); !st)
        return st.error();
    return m_db.changes();
}

} // namespace trellis::store
