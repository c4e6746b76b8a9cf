#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace trellis::store {

class Database;

struct CacheEntry {
    QString keyHash; // hash of the normalized provider request (the runtime computes it)
    nlohmann::json request;
    std::shared_ptr<const std::string> requestJson; // as RunRecord::requestJson
    nlohmann::json response;
    QDateTime createdAt;
    QDateTime expiresAt; // invalid: never expires
    qint64 hitCount = 0;
};

// Provider responses keyed by request hash. The runtime owns the policy (what to cache, for
// how long); this class only stores, finds and expires entries.
class ResponseCacheRepository {
public:
    explicit ResponseCacheRepository(Database &db)
        : m_db(db) {}

    // The live entry for the key, counting the hit; nullopt when missing or expired.
    Result<std::optional<CacheEntry>>
    lookup(const QString &keyHash, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // The same without counting the hit: a read only, so it never ends an open group commit
    // (database.h). countHit() records the hit afterwards (the pipeline does it in its write
    // batch).
    Result<std::optional<CacheEntry>> find(const QString &keyHash,
                                           const QDateTime &now = QDateTime::currentDateTimeUtc());
    Status countHit(const QString &keyHash, const QDateTime &now = QDateTime::currentDateTimeUtc());
    // Stores or replaces the entry (a replaced entry starts again at zero hits).
    Status store(const CacheEntry &entry);
    // Deletes expired entries; returns how many.
    Result<int> purgeExpired(const QDateTime &now = QDateTime::currentDateTimeUtc());
    Result<int> clear();

private:
    Database &m_db;
};

} // namespace trellis::store
