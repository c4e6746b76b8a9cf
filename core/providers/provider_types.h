#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::providers {

// Header name/value pairs in wire order; names are kept as received.
using HeaderList = QList<QPair<QByteArray, QByteArray>>;

enum class Role { System, User, Assistant };

QString roleName(Role role); // "system", "user", "assistant"

struct ChatMessage {
    Role role = Role::User;
    QString content;

    bool operator==(const ChatMessage &) const = default;
};

// Limits in milliseconds; 0 disables a limit. `connectMs` runs until the request has been
// sent, `firstTokenMs` until the first content delta (streaming) or the whole response
// (non-streaming), `totalMs` over the whole call.
struct Timeouts {
    int connectMs = 15000;
    int firstTokenMs = 120000;
    int totalMs = 600000;

    bool operator==(const Timeouts &) const = default;
};

// One call to a model, independent of the wire format. `model` is the provider-side name
// (without the "provider:" prefix).
struct ProviderRequest {
    QString model;
    std::vector<ChatMessage> messages;
    std::optional<double> temperature;
    std::optional<double> topP;
    std::optional<int> maxTokens;
    QStringList stop;
    std::optional<qint64> seed;
    nlohmann::json outputSchema; // JSON Schema; null for free text
    QString schemaName = QStringLiteral("output");
    bool strictSchema = false; // OpenAI strict structured outputs (needs a closed schema)
    bool stream = true;
    Timeouts timeouts;

    // Reads temperature, top_p, max_tokens (or max_completion_tokens), stop (string or array)
    // and seed from a prompt's params object; unknown keys are ignored, wrong types rejected.
    QString applyParams(const nlohmann::json &params); // empty on success, else the problem

    // Stable JSON of everything that affects the answer (for hashing, caching, dry run).
    nlohmann::json normalized() const;
};

struct Usage {
    qint64 inputTokens = 0;  // all prompt tokens, cached ones included
    qint64 outputTokens = 0; // completion tokens, reasoning/thinking included
    qint64 cachedTokens = 0; // the part of inputTokens read from the provider's cache
    bool reported = false;   // false when the provider sent no usage

    bool operator==(const Usage &) const = default;
};

struct ProviderResult {
    QString text;
    QString finishReason;    // normalized: stop, length, content_filter, tool_calls, other
    QString rawFinishReason; // as the provider spelled it
    Usage usage;
    QString model; // as reported by the provider, else as requested
    qint64 ttftMs = -1;
    qint64 totalMs = 0;
    int httpStatus = 0;
    HeaderList headers;     // response headers, secrets redacted
    QByteArray requestJson; // the body sent, secrets redacted
    bool dryRun = false;
};

enum class ErrorKind {
    Network,
    Timeout,
    Http,
    RateLimited,
    Overloaded,
    Server,
    Auth,
    BadRequest,
    Quota,
    Parse,
    Cancelled,
};

QString errorKindName(ErrorKind kind); // "network", "timeout", "rate_limited", ...

struct ProviderError {
    ErrorKind kind = ErrorKind::Network;
    int httpStatus = 0;
    QString message; // from the error body where there is one; secrets redacted
    QString code;    // provider error type/code, e.g. "insufficient_quota"
    bool retryable = false;
    qint64 retryAfterMs = -1;         // from retry-after-ms / retry-after; -1 when absent
    QString timeoutStage;             // "connect", "first_token" or "total" for timeouts
    QMap<QString, QString> rateLimit; // x-ratelimit-* / anthropic-ratelimit-* headers
    QString partialText;              // text streamed before the failure
    QByteArray requestJson;           // the body sent, secrets redacted
    HeaderList headers;               // response headers, secrets redacted

    QString toString() const; // "rate_limited (HTTP 429): message"
};

struct ModelInfo {
    QString id; // provider-side name
    QString displayName;
    qint64 contextWindow = 0; // 0 when the listing does not say

    bool operator==(const ModelInfo &) const = default;
};

// "openai:gpt-4o-mini" → {"openai", "gpt-4o-mini"}. The model part may itself contain ':'
// (Ollama tags such as "llama3.2:1b"); only the first ':' separates.
struct ModelId {
    QString provider;
    QString model;

    static std::optional<ModelId> parse(const QString &id);
    QString toString() const { return provider + u':' + model; }
};

} // namespace trellis::providers

Q_DECLARE_METATYPE(trellis::providers::ProviderResult)
Q_DECLARE_METATYPE(trellis::providers::ProviderError)
