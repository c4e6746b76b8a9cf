#include "response_cache.h"

#include "store/response_cache_repository.h"

#include <QCryptographicHash>
#include <QDateTime>

namespace trellis::runtime {

using json = nlohmann::json;

QString ResponseCache::keyFor(const QString &providerId,
                              const providers::ProviderRequest &request) {
    return keyFor(providerId, request.normalized());
}

QString ResponseCache::keyFor(const QString &providerId, const json &normalizedRequest) {
    return keyForSerialized(providerId, serialize(normalizedRequest));
}

std::string ResponseCache::serialize(const json &normalizedRequest) {
    // As the store writes JSON (Statement::bindJson), so the same text serves both.
    return normalizedRequest.dump(-1, ' ', false, json::error_handler_t::replace);
}

QString ResponseCache::keyForSerialized(const QString &providerId,
                                        const std::string &normalizedRequest) {
    // Byte for byte the dump of {"provider": id, "request": normalized} (keys sorted), built
    // without copying the request into a new document first.
    std::string text = "{\"provider\":";
    text += json(providerId.toStdString()).dump();
    text += ",\"request\":";
    text += normalizedRequest;
    text += '}';
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArrayView(text.data(), qsizetype(text.size())),
                                 QCryptographicHash::Sha256)
            .toHex());
}

Result<std::optional<providers::ProviderResult>> ResponseCache::lookup(const QString &key) {
    if (m_db == nullptr)
        return std::optional<providers::ProviderResult>();
    store::ResponseCacheRepository repo(*m_db);
    auto found = repo.find(key); // the hit is counted in the write batch (RunWriter)
    if (!found)
        return found.error();
    if (!found->has_value())
        return std::optional<providers::ProviderResult>();
    const json &r = (*found)->response;
    if (!r.is_object() || !r.contains("text") || !r["text"].is_string())
        return std::optional<providers::ProviderResult>(); // unreadable entry: a miss
    providers::ProviderResult out;
    out.text = QString::fromStdString(r["text"].get<std::string>());
    out.finishReason = QString::fromStdString(r.value("finish_reason", std::string()));
    out.rawFinishReason = out.finishReason;
    out.model = QString::fromStdString(r.value("model", std::string()));
    const json usage = r.value("usage", json::object());
    if (usage.is_object()) {
        out.usage.inputTokens = usage.value("input", qint64(0));
        out.usage.outputTokens = usage.value("output", qint64(0));
        out.usage.cachedTokens = usage.value("cached", qint64(0));
        out.usage.reported = usage.value("reported", false);
    }
    out.dryRun = r.value("dry_run", false);
    return std::optional<providers::ProviderResult>(std::move(out));
}

store::CacheEntry ResponseCache::entryFor(const QString &key,
                                          std::shared_ptr<const std::string> normalizedRequest,
                                          const providers::ProviderResult &result) const {
    store::CacheEntry entry;
    entry.keyHash = key;
    entry.requestJson = std::move(normalizedRequest);
    entry.response = {{"text", result.text.toStdString()},
                      {"finish_reason", result.finishReason.toStdString()},
                      {"model", result.model.toStdString()},
                      {"dry_run", result.dryRun},
                      {"usage",
                       {{"input", result.usage.inputTokens},
                        {"output", result.usage.outputTokens},
                        {"cached", result.usage.cachedTokens},
                        {"reported", result.usage.reported}}}};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    entry.createdAt = now;
    if (m_ttlSeconds > 0)
        entry.expiresAt = now.addSecs(m_ttlSeconds);
    return entry;
}

} // namespace trellis::runtime
