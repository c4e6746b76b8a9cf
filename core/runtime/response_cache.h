#pragma once

#include "common/result.h"
#include "providers/provider_types.h"
#include "store/response_cache_repository.h"

#include <QString>

#include <optional>

namespace trellis::store {
class Database;
}

namespace trellis::runtime {

// Exact-match cache of provider answers in the store (ResponseCacheRepository). The key is the
// SHA-256 of the normalized provider request (providers::ProviderRequest::normalized(): model,
// messages, sampling parameters, output schema; not streaming or timeouts) together with the
// provider id, so the same request to another endpoint is another entry.
class ResponseCache {
public:
    explicit ResponseCache(store::Database *db, int ttlSeconds = 0)
        : m_db(db)
        , m_ttlSeconds(ttlSeconds) {}

    static QString keyFor(const QString &providerId, const providers::ProviderRequest &request);
    // The same key from an already normalized request (request.normalized()).
    static QString keyFor(const QString &providerId, const nlohmann::json &normalizedRequest);
    // The compact text of a normalized request, as the store writes it; the key from it. The
    // runtime serializes each request once and uses the text for the key, the cache entry and
    // the run row.
    static std::string serialize(const nlohmann::json &normalizedRequest);
    static QString keyForSerialized(const QString &providerId,
                                    const std::string &normalizedRequest);

    bool enabled() const { return m_db != nullptr; }
    void setTtlSeconds(int seconds) { m_ttlSeconds = seconds; } // 0: entries never expire

    // Reads only; the caller counts a hit (RunWriter::addCacheHit, in its write batch).
    Result<std::optional<providers::ProviderResult>> lookup(const QString &key);
    // The entry to store for an answer (written by RunWriter in its next batch).
    // `normalizedRequest` is serialize()'s text.
    store::CacheEntry entryFor(const QString &key,
                               std::shared_ptr<const std::string> normalizedRequest,
                               const providers::ProviderResult &result) const;

private:
    store::Database *m_db;
    int m_ttlSeconds;
};

} // namespace trellis::runtime
