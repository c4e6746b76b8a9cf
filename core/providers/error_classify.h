#pragma once

#include "provider_types.h"

#include <QDateTime>

namespace trellis::providers {

// Turns an HTTP error response into a ProviderError: kind, retryable flag, message and code
// from the body (OpenAI, Anthropic, Gemini and Ollama shapes), retry-after and rate-limit
// headers. The retry rules are the ones the pipeline relies on:
//   retryable:     408, 409, 429 (unless the quota is exhausted), 5xx, 529, network errors
//   not retryable: 400, 401, 403, 404, 413, 422, insufficient_quota, billing errors
ProviderError classifyHttpError(int status, const QByteArray &body, const HeaderList &headers);

// Fills kind/retryable/message/code from a JSON error object found in a body or a stream
// event; `status` may be 0 for mid-stream errors.
ProviderError errorFromJson(int status, const nlohmann::json &body);

// retry-after-ms wins over retry-after (seconds or an HTTP date, relative to `now`); -1 when
// neither is present or parseable.
qint64 retryAfterMs(const HeaderList &headers,
                    const QDateTime &now = QDateTime::currentDateTimeUtc());

// x-ratelimit-* and anthropic-ratelimit-* headers, names lower-cased.
QMap<QString, QString> rateLimitHeaders(const HeaderList &headers);

QByteArray headerValue(const HeaderList &headers, const QByteArray &name); // case-insensitive

} // namespace trellis::providers
