#pragma once

#include "provider_types.h"

#include <QByteArray>
#include <QString>

namespace trellis::providers {

// Everything headed for a log, an error message, the store or an export passes through here.
// Removes the values of credential headers (Authorization, x-api-key, x-goog-api-key, api-key,
// ...), `key=` URL parameters, strings shaped like API keys (sk-..., sk-ant-..., AIza...,
// gsk_..., xai-..., hf_..., Bearer ...) and every secret registered with registerSecret()
// (the keys the registry actually loaded, whatever their shape).
class Redactor {
public:
    static constexpr QLatin1String placeholder{"[REDACTED]"};

    // Thread-safe. Secrets shorter than 6 characters are ignored (they would redact noise).
    static void registerSecret(const QString &secret);

    static QString text(const QString &text);
    static QByteArray bytes(const QByteArray &text);
    static bool isSecretHeader(const QByteArray &name);
    static HeaderList headers(const HeaderList &headers);
};

} // namespace trellis::providers
