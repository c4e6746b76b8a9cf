#pragma once

#include "common/result.h"
#include "dryrun_provider.h"
#include "key_store.h"
#include "provider.h"

#include <QHash>
#include <QProcessEnvironment>
#include <QUrl>

#include <map>
#include <memory>

namespace trellis::providers {

// One configured endpoint, from the settings file (never holds a key).
struct EndpointSettings {
    QString id;   // "openai", "anthropic", "gemini", "ollama", or a named endpoint ("groq")
    QString kind; // wire format: openai, anthropic, gemini, ollama
    QUrl baseUrl; // empty: the default for the kind (or its environment variable)
    HeaderList extraHeaders;
    bool enabled = true;
    QString apiKeyEnv; // environment variable holding the key, for named endpoints
    QByteArray maxTokensField;
};

// The JSON settings file:
// { "providers": { "openai": {"base_url": ..., "headers": {...}, "enabled": true}, ... },
//   "endpoints": { "groq": {"base_url": "https://api.groq.com/openai/v1",
//                           "api_key_env": "GROQ_API_KEY"} },
//   "dryrun": {"latency_ms": 40, "chunk_delay_ms": 8} }
// A key written into the file is refused with an error saying where keys belong.
struct ProviderSettings {
    QList<EndpointSettings> endpoints;
    DryRunConfig dryRun;

    static Result<ProviderSettings> fromJson(const QByteArray &json);
    static Result<ProviderSettings> load(const QString &path); // missing file = defaults
};

struct ProviderInfo {
    QString id;
    QString kind;
    QString baseUrl;
    bool enabled = true;
    QString keySource; // "env:OPENAI_API_KEY", "keychain", "none"
};

struct ResolvedModel {
    Provider *provider = nullptr;
    QString model; // provider-side name
};

// Builds providers from settings, the environment and the key store, and resolves
// "provider:model" ids. Never substitutes the dry run for anything: only "dryrun:" ids reach it.
class ProviderRegistry {
public:
    ProviderRegistry(ProviderSettings settings, QProcessEnvironment env, KeyStore *keys);

    Result<ResolvedModel> resolve(const QString &modelId);
    Provider *provider(const QString &id); // null when unknown or disabled
    QList<ProviderInfo> providers() const;

private:
    struct Entry {
        EndpointSettings settings;
        QString keySource;
        std::unique_ptr<Provider> provider; // built on first use
    };
    Result<Provider *> build(Entry &entry);

    std::map<QString, Entry> m_entries;
    QStringList m_order;
    QProcessEnvironment m_env;
    KeyStore *m_keys;
    DryRunProvider m_dryRun;
};

} // namespace trellis::providers
