#pragma once

#include "common/result.h"

#include <QHash>
#include <QString>

namespace trellis::providers {

// Where API keys live: the OS keychain, or memory in tests. Never a settings file, the store,
// an export or a log. Keys are addressed by provider id ("openai", "groq", ...).
class KeyStore {
public:
    virtual ~KeyStore() = default;
    // An empty string when there is no key; an error only when the backend fails.
    virtual Result<QString> readKey(const QString &providerId) = 0;
    virtual Status writeKey(const QString &providerId, const QString &key) = 0;
    virtual Status deleteKey(const QString &providerId) = 0;
};

class MemoryKeyStore final : public KeyStore {
public:
    Result<QString> readKey(const QString &providerId) override { return m_keys.value(providerId); }
    Status writeKey(const QString &providerId, const QString &key) override;
    Status deleteKey(const QString &providerId) override;

private:
    QHash<QString, QString> m_keys;
};

// QtKeychain (Secret Service / KWallet over D-Bus on Linux, Keychain on macOS, Credential
// Store on Windows). Blocks the calling thread in a local event loop until the backend
// answers; call it when resolving a provider, not per request.
class QtKeychainStore final : public KeyStore {
public:
    explicit QtKeychainStore(QString service = QStringLiteral("org.trellis.Trellis"));
    Result<QString> readKey(const QString &providerId) override;
    Status writeKey(const QString &providerId, const QString &key) override;
    Status deleteKey(const QString &providerId) override;

private:
    QString m_service;
};

} // namespace trellis::providers
