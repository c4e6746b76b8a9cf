#pragma once

// Small helpers shared by the wire formats (internal to the providers module).

#include "wire_format.h"

#include <nlohmann/json.hpp>

namespace trellis::providers::wire {

inline std::string str(const QString &s) {
    return s.toStdString();
}

inline QString qstr(const nlohmann::json &j, const char *key) {
    if (j.is_object()) {
        const auto it = j.find(key);
        if (it != j.end() && it->is_string())
            return QString::fromStdString(it->get<std::string>());
    }
    return {};
}

// j[key] when j is an object holding key, else null: never throws, whatever the input.
inline nlohmann::json member(const nlohmann::json &j, const char *key) {
    if (j.is_object()) {
        const auto it = j.find(key);
        if (it != j.end())
            return *it;
    }
    return nullptr;
}

inline bool boolean(const nlohmann::json &j, const char *key) {
    const nlohmann::json v = member(j, key);
    return v.is_boolean() && v.get<bool>();
}

inline qint64 integer(const nlohmann::json &j, const char *key, qint64 fallback = 0) {
    const nlohmann::json v = member(j, key);
    if (v.is_number_integer())
        return v.get<qint64>();
    if (v.is_number_float()) {
        // Token counts are integers; a float is a broken server, and casting an out-of-range
        // double would be undefined behaviour.
        const double d = v.get<double>();
        return d >= -9.0e18 && d <= 9.0e18 ? qint64(d) : fallback;
    }
    return fallback;
}

// Parses JSON; malformed input becomes a parse error naming what was being read.
std::optional<nlohmann::json> parse(const QByteArray &bytes);
ProviderError parseError(const QString &what, const QByteArray &bytes);

// base "http://h/v1" + "chat/completions" → "http://h/v1/chat/completions"
QUrl join(const QUrl &base, const QString &suffix);

QByteArray dump(const nlohmann::json &j);

// A GET of base + suffix (with an optional query), e.g. the model listings.
HttpRequestSpec getRequest(const QUrl &base, const QString &suffix, HeaderList headers,
                           const QString &query = QString());

// Content-Type, Accept and the configured extra headers; the caller adds credentials.
HeaderList baseHeaders(const EndpointConfig &config, bool stream);

// OpenAI-style messages; system messages kept in place.
nlohmann::json chatMessages(const std::vector<ChatMessage> &messages);
// All system messages joined by a blank line (Anthropic, Gemini take them apart).
QString systemText(const std::vector<ChatMessage> &messages);

// Fills text/usage/finish for a list of models where the listing has no usable data.
Result<std::vector<ModelInfo>> modelList(const QByteArray &body, const char *arrayKey,
                                         const char *idKey, const char *nameKey,
                                         const char *contextKey, const QString &stripPrefix);

} // namespace trellis::providers::wire
