#include "provider_registry.h"

#include "http_provider.h"
#include "redaction.h"

#include <QFile>

#include <limits>
#include <utility>

using nlohmann::json;

namespace trellis::providers {

namespace {

const QStringList kBuiltInKinds{QStringLiteral("openai"), QStringLiteral("anthropic"),
                                QStringLiteral("gemini"), QStringLiteral("ollama")};

QString defaultBaseUrl(const QString &kind, const QProcessEnvironment &env) {
    if (kind == u"openai")
        return env.value(QStringLiteral("OPENAI_BASE_URL"),
                         QStringLiteral("https://api.openai.com/v1"));
    if (kind == u"anthropic")
        return env.value(QStringLiteral("ANTHROPIC_BASE_URL"),
                         QStringLiteral("https://api.anthropic.com"));
    if (kind == u"gemini")
        return QStringLiteral("https://generativelanguage.googleapis.com");
    // OLLAMA_HOST may be "host:port", "0.0.0.0" or a full URL.
    QString host =
        env.value(QStringLiteral("OLLAMA_HOST"), QStringLiteral("http://127.0.0.1:11434"));
    if (!host.contains(u"://"))
        host = u"http://" + host;
    QUrl url(host);
    if (url.host() == u"0.0.0.0")
        url.setHost(QStringLiteral("127.0.0.1"));
    if (url.port() < 0)
        url.setPort(11434);
    return url.toString();
}

QString keyEnvFor(const EndpointSettings &s) {
    if (!s.apiKeyEnv.isEmpty())
        return s.apiKeyEnv;
    if (s.id == u"openai")
        return QStringLiteral("OPENAI_API_KEY");
    if (s.id == u"anthropic")
        return QStringLiteral("ANTHROPIC_API_KEY");
    if (s.id == u"gemini")
        return QStringLiteral("GEMINI_API_KEY");
    return {};
}

Result<EndpointSettings> parseEndpoint(const QString &id, const json &j, const QString &field,
                                       bool named) {
    if (!j.is_object())
        return Error(QStringLiteral("must be an object")).forField(field);
    for (const char *forbidden : {"api_key", "key", "apiKey", "token"}) {
        if (j.contains(forbidden))
            return Error(QStringLiteral(
                             "API keys do not belong in the settings file: store the key in "
                             "the system keychain or an environment variable"))
                .forField(field + u'.' + QLatin1String(forbidden));
    }
    EndpointSettings s;
    s.id = id;
    s.kind = named ? QString::fromStdString(j.value("kind", std::string("openai"))) : id;
    if (!kBuiltInKinds.contains(s.kind))
        return Error(QStringLiteral("unknown kind \"%1\"").arg(s.kind))
            .forField(field + QStringLiteral(".kind"));
    if (j.contains("base_url")) {
        if (!j["base_url"].is_string())
            return Error(QStringLiteral("must be a string"))
                .forField(field + QStringLiteral(".base_url"));
        s.baseUrl = QUrl(QString::fromStdString(j["base_url"].get<std::string>()));
        if (!s.baseUrl.isValid() || s.baseUrl.scheme().isEmpty())
            return Error(QStringLiteral("not a valid URL"))
                .forField(field + QStringLiteral(".base_url"));
    } else if (named) {
        return Error(QStringLiteral("a named endpoint needs a base_url")).forField(field);
    }
    if (j.contains("headers") && j["headers"].is_object()) {
        for (auto it = j["headers"].begin(); it != j["headers"].end(); ++it) {
            if (it->is_string())
                s.extraHeaders.append({QByteArray::fromStdString(it.key()),
                                       QByteArray::fromStdString(it->get<std::string>())});
        }
    }
    s.enabled = j.value("enabled", true);
    s.apiKeyEnv = QString::fromStdString(j.value("api_key_env", std::string()));
    s.maxTokensField = QByteArray::fromStdString(j.value("max_tokens_field", std::string()));
    return s;
}

} // namespace

static Result<ProviderSettings> parseSettings(const QByteArray &bytes);

Result<ProviderSettings> ProviderSettings::fromJson(const QByteArray &bytes) {
    try {
        return parseSettings(bytes);
    } catch (const json::exception &e) {
        return Error(QStringLiteral("provider settings: %1").arg(QString::fromUtf8(e.what())));
    }
}

static Result<ProviderSettings> parseSettings(const QByteArray &bytes) {
    const json j = json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return Error(QStringLiteral("provider settings are not a JSON object"));
    ProviderSettings out;
    QHash<QString, EndpointSettings> builtIn;
    const json providers = j.value("providers", json::object());
    for (auto it = providers.begin(); it != providers.end(); ++it) {
        const QString id = QString::fromStdString(it.key());
        if (!kBuiltInKinds.contains(id))
            return Error(QStringLiteral("unknown provider \"%1\" (named OpenAI-compatible servers "
                                        "go under \"endpoints\")")
                             .arg(id))
                .forField(u"providers." + id);
        auto e = parseEndpoint(id, it.value(), u"providers." + id, false);
        if (!e)
            return e.error();
        builtIn.insert(id, e.value());
    }
    for (const QString &kind : kBuiltInKinds) {
        EndpointSettings s = builtIn.value(kind);
        s.id = s.kind = kind;
        if (!builtIn.contains(kind))
            s.enabled = true;
        out.endpoints.append(s);
    }
    const json endpoints = j.value("endpoints", json::object());
    for (auto it = endpoints.begin(); it != endpoints.end(); ++it) {
        const QString id = QString::fromStdString(it.key()).toLower();
        if (kBuiltInKinds.contains(id) || id == u"dryrun" || id.contains(u':'))
            return Error(QStringLiteral("endpoint name \"%1\" is reserved or invalid").arg(id))
                .forField(u"endpoints." + id);
        auto e = parseEndpoint(id, it.value(), u"endpoints." + id, true);
        if (!e)
            return e.error();
        out.endpoints.append(e.value());
    }
    const json dry = j.value("dryrun", json::object());
    if (dry.is_object()) {
        for (const auto &[key, target] : {std::pair{"latency_ms", &out.dryRun.latencyMs},
                                          std::pair{"chunk_delay_ms", &out.dryRun.chunkDelayMs}}) {
            if (!dry.contains(key))
                continue;
            // Checked before converting: a double beyond int's range is undefined behaviour.
            const json &v = dry[key];
            if (!v.is_number() || !(v.get<double>() >= 0)
                || v.get<double>() > double(std::numeric_limits<int>::max()))
                return Error(QStringLiteral("must be a number of milliseconds from 0 to %1")
                                 .arg(std::numeric_limits<int>::max()))
                    .forField(u"dryrun." + QLatin1String(key));
            *target = int(v.get<double>());
        }
    }
    return out;
}

Result<ProviderSettings> ProviderSettings::load(const QString &path) {
    QFile file(path);
    if (!file.exists())
        return fromJson("{}");
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()))
            .inFile(path);
    auto s = fromJson(file.readAll());
    if (!s)
        s.error().inFile(path);
    return s;
}

ProviderRegistry::ProviderRegistry(ProviderSettings settings, QProcessEnvironment env,
                                   KeyStore *keys)
    : m_env(std::move(env))
    , m_keys(keys)
    , m_dryRun(settings.dryRun) {
    for (EndpointSettings &s : settings.endpoints) {
        if (s.baseUrl.isEmpty())
            s.baseUrl = QUrl(defaultBaseUrl(s.kind, m_env));
        m_order.append(s.id);
        m_entries[s.id].settings = s;
    }
}

Result<Provider *> ProviderRegistry::build(Entry &entry) {
    if (entry.provider)
        return entry.provider.get();
    const EndpointSettings &s = entry.settings;
    EndpointConfig c;
    c.providerId = s.id;
    c.baseUrl = s.baseUrl;
    c.extraHeaders = s.extraHeaders;
    if (!s.maxTokensField.isEmpty())
        c.maxTokensField = s.maxTokensField;
    const QString envName = keyEnvFor(s);
    if (!envName.isEmpty() && !m_env.value(envName).isEmpty()) {
        c.apiKey = m_env.value(envName);
        entry.keySource = u"env:" + envName;
    } else if (m_keys != nullptr) {
        auto key = m_keys->readKey(s.id);
        if (!key)
            return key.error();
        c.apiKey = key.value();
        entry.keySource = c.apiKey.isEmpty() ? QStringLiteral("none") : QStringLiteral("keychain");
    }
    Redactor::registerSecret(c.apiKey);
    const bool official = s.baseUrl.host().endsWith(u"api.openai.com")
                          || s.baseUrl.host().endsWith(u"api.anthropic.com")
                          || s.baseUrl.host().endsWith(u"googleapis.com");
    if (c.apiKey.isEmpty() && official)
        return Error(
            QStringLiteral("no API key for %1: set %2 or store a key in the system keychain")
                .arg(s.id, envName.isEmpty() ? QStringLiteral("one") : envName));
    std::unique_ptr<WireFormat> wire = s.kind == u"anthropic" ? makeAnthropicWire()
                                       : s.kind == u"gemini"  ? makeGeminiWire()
                                       : s.kind == u"ollama"  ? makeOllamaWire()
                                                              : makeOpenAiWire();
    entry.provider = std::make_unique<HttpProvider>(std::move(wire), c);
    return entry.provider.get();
}

Result<ResolvedModel> ProviderRegistry::resolve(const QString &modelId) {
    const auto id = ModelId::parse(modelId);
    if (!id)
        return Error(
            QStringLiteral("\"%1\" is not a model id of the form provider:model").arg(modelId));
    if (id->provider == u"dryrun")
        return ResolvedModel{&m_dryRun, id->model};
    auto it = m_entries.find(id->provider);
    if (it == m_entries.end())
        return Error(QStringLiteral("unknown provider \"%1\" in \"%2\"; known: %3")
                         .arg(id->provider, modelId,
                              m_order.join(QStringLiteral(", ")) + QStringLiteral(", dryrun")));
    if (!it->second.settings.enabled)
        return Error(
            QStringLiteral("provider \"%1\" is disabled in the settings").arg(id->provider));
    auto p = build(it->second);
    if (!p)
        return p.error();
    return ResolvedModel{p.value(), id->model};
}

Provider *ProviderRegistry::provider(const QString &id) {
    if (id == u"dryrun")
        return &m_dryRun;
    auto it = m_entries.find(id);
    if (it == m_entries.end() || !it->second.settings.enabled)
        return nullptr;
    auto p = build(it->second);
    return p ? p.value() : nullptr;
}

QList<ProviderInfo> ProviderRegistry::providers() const {
    QList<ProviderInfo> out;
    for (const QString &id : m_order) {
        const Entry &e = m_entries.at(id);
        QString source = e.keySource;
        if (source.isEmpty()) {
            const QString envName = keyEnvFor(e.settings);
            source = !envName.isEmpty() && !m_env.value(envName).isEmpty()
                         ? u"env:" + envName
                         : QStringLiteral("keychain or none");
        }
        out.append({id, e.settings.kind, Redactor::text(e.settings.baseUrl.toString()),
                    e.settings.enabled, source});
    }
    out.append({QStringLiteral("dryrun"), QStringLiteral("dryrun"), QString(), true,
                QStringLiteral("none")});
    return out;
}

} // namespace trellis::providers
