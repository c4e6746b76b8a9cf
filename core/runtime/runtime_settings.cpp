#include "runtime_settings.h"

#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <cmath>
#include <limits>

namespace trellis::runtime {

using json = nlohmann::json;

namespace {

constexpr int kMaxRecordCommitDelayMs = 10000;

// Reads optional typed fields and remembers the first type error with its path.
class Reader {
public:
    explicit Reader(QString prefix)
        : m_prefix(std::move(prefix)) {}

    template <typename T>
    void read(const json &obj, const char *key, T &out) {
        if (!obj.is_object() || !obj.contains(key) || m_error)
            return;
        const json &v = obj.at(key);
        if constexpr (std::is_same_v<T, bool>) {
            if (!v.is_boolean())
                return setError(key, QStringLiteral("must be true or false"));
            out = v.get<bool>();
        } else if constexpr (std::is_arithmetic_v<T>) {
            if (!v.is_number() || v.get<double>() < 0)
                return setError(key, QStringLiteral("must be a number ≥ 0"));
            // Converting a double beyond the integer's range is undefined behaviour.
            if constexpr (std::is_integral_v<T>) {
                if (v.get<double>() >= std::ldexp(1.0, std::numeric_limits<T>::digits))
                    return setError(
                        key,
                        QStringLiteral("must be a number ≤ %1").arg(std::numeric_limits<T>::max()));
            }
            out = T(v.get<double>());
        } else if constexpr (std::is_same_v<T, QString>) {
            if (!v.is_string())
                return setError(key, QStringLiteral("must be a string"));
            out = QString::fromStdString(v.get<std::string>());
        } else if constexpr (std::is_same_v<T, QStringList>) {
            if (!v.is_array())
                return setError(key, QStringLiteral("must be an array of strings"));
            out.clear();
            for (const json &s : v) {
                if (!s.is_string())
                    return setError(key, QStringLiteral("must be an array of strings"));
                out << QString::fromStdString(s.get<std::string>());
            }
        } else {
            static_assert(sizeof(T) == 0, "unsupported type");
        }
    }
    template <typename T>
    void readOptional(const json &obj, const char *key, std::optional<T> &out) {
        if (!obj.is_object() || !obj.contains(key) || obj.at(key).is_null())
            return;
        T value{};
        read(obj, key, value);
        out = value;
    }
    void setError(const char *key, const QString &message) {
        if (!m_error)
            m_error = Error(message).forField(m_prefix + u'.' + QLatin1String(key));
    }
    std::optional<Error> m_error;
    QString m_prefix;
};

LaneLimits readLimits(const json &j, Reader &r) {
    LaneLimits l;
    r.read(j, "requests_per_minute", l.requestsPerMinute);
    r.read(j, "tokens_per_minute", l.tokensPerMinute);
    r.read(j, "max_concurrent", l.maxConcurrent);
    r.read(j, "burst_requests", l.burstRequests);
    r.read(j, "burst_tokens", l.burstTokens);
    return l;
}

SanitizePolicy readSanitize(const json &j, Reader &r) {
    SanitizePolicy s;
    r.read(j, "detect_injection", s.detectInjection);
    r.read(j, "block", s.blockOnFlag);
    r.read(j, "fence_all", s.fenceAll);
    r.read(j, "fence", s.fencedVariables);
    r.read(j, "fence_open", s.fenceOpen);
    r.read(j, "fence_close", s.fenceClose);
    return s;
}

} // namespace

QString defaultSettingsPath() {
    const QString env = qEnvironmentVariable("TRELLIS_SETTINGS");
    if (!env.isEmpty())
        return env;
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation)
           + QStringLiteral("/trellis/settings.json");
}

Result<PipelineConfig> pipelineConfigFromJson(const json &rt) {
    PipelineConfig c;
    if (rt.is_null())
        return c;
    if (!rt.is_object())
        return Error(QStringLiteral("must be an object")).forField(QStringLiteral("runtime"));
    Reader r(QStringLiteral("runtime"));
    r.read(rt, "stream", c.stream);
    r.read(rt, "strict_variables", c.strictVariables);
    r.read(rt, "network_managers", c.networkManagers);
    r.read(rt, "record_commit_delay_ms", c.recordCommitDelayMs);
    const json empty = json::object();
    const json &t = rt.contains("timeouts") ? rt["timeouts"] : empty;
    Reader rtm(QStringLiteral("runtime.timeouts"));
    rtm.read(t, "connect_ms", c.timeouts.connectMs);
    rtm.read(t, "first_token_ms", c.timeouts.firstTokenMs);
    rtm.read(t, "total_ms", c.timeouts.totalMs);
    Reader rr(QStringLiteral("runtime.retry"));
    const json &retry = rt.contains("retry") ? rt["retry"] : empty;
    rr.read(retry, "max_attempts", c.retry.maxAttempts);
    rr.read(retry, "base_delay_ms", c.retry.baseDelayMs);
    rr.read(retry, "max_delay_ms", c.retry.maxDelayMs);
    rr.read(retry, "max_retry_after_ms", c.retry.maxRetryAfterMs);
    Reader rb(QStringLiteral("runtime.budget"));
    const json &budget = rt.contains("budget") ? rt["budget"] : empty;
    rb.readOptional(budget, "per_run_usd", c.budget.perRunUsd);
    rb.readOptional(budget, "per_day_usd", c.budget.perDayUsd);
    rb.read(budget, "assumed_output_tokens", c.budget.assumedOutputTokens);
    Reader rc(QStringLiteral("runtime.cache"));
    const json &cache = rt.contains("cache") ? rt["cache"] : empty;
    rc.read(cache, "enabled", c.cache);
    rc.read(cache, "ttl_seconds", c.cacheTtlSeconds);
    Reader rs(QStringLiteral("runtime.sanitize"));
    c.sanitize = readSanitize(rt.contains("sanitize") ? rt["sanitize"] : empty, rs);
    for (Reader *each : {&r, &rtm, &rr, &rb, &rc, &rs})
        if (each->m_error)
            return *each->m_error;
    // A killed process loses the runs of the open group: keep that window short.
    if (c.recordCommitDelayMs > kMaxRecordCommitDelayMs)
        return Error(QStringLiteral("must be a number ≤ %1").arg(kMaxRecordCommitDelayMs))
            .forField(QStringLiteral("runtime.record_commit_delay_ms"));

    if (rt.contains("prompt_sanitize") && rt["prompt_sanitize"].is_object()) {
        for (auto it = rt["prompt_sanitize"].begin(); it != rt["prompt_sanitize"].end(); ++it) {
            Reader rp(QStringLiteral("runtime.prompt_sanitize.")
                      + QString::fromStdString(it.key()));
            c.promptSanitize.insert(QString::fromStdString(it.key()), readSanitize(*it, rp));
            if (rp.m_error)
                return *rp.m_error;
        }
    }
    if (rt.contains("limits") && rt["limits"].is_object()) {
        for (auto it = rt["limits"].begin(); it != rt["limits"].end(); ++it) {
            const QString key = QString::fromStdString(it.key());
            Reader rl(QStringLiteral("runtime.limits.") + key);
            const LaneLimits l = readLimits(*it, rl);
            if (rl.m_error)
                return *rl.m_error;
            if (key == u"default")
                c.defaultLimits = l;
            else
                c.limits.insert(key, l);
        }
    }
    if (rt.contains("fallbacks") && rt["fallbacks"].is_object()) {
        Reader rf(QStringLiteral("runtime.fallbacks"));
        for (auto it = rt["fallbacks"].begin(); it != rt["fallbacks"].end(); ++it) {
            QStringList chain;
            rf.read(rt["fallbacks"], it.key().c_str(), chain);
            if (rf.m_error)
                return *rf.m_error;
            c.fallbacks.insert(QString::fromStdString(it.key()), chain);
        }
    }
    if (rt.contains("routing")) {
        if (!rt["routing"].is_array())
            return Error(QStringLiteral("must be an array"))
                .forField(QStringLiteral("runtime.routing"));
        for (std::size_t i = 0; i < rt["routing"].size(); ++i) {
            const json &j = rt["routing"][i];
            Reader rl(QStringLiteral("runtime.routing[%1]").arg(i));
            RoutingRule rule;
            rule.name = QStringLiteral("rule %1").arg(i + 1);
            rl.read(j, "name", rule.name);
            rl.read(j, "model", rule.model);
            rl.read(j, "task", rule.taskTag);
            rl.read(j, "min_input_tokens", rule.minInputTokens);
            rl.read(j, "max_input_tokens", rule.maxInputTokens);
            rl.read(j, "when", rule.condition);
            if (rl.m_error)
                return *rl.m_error;
            c.routing.push_back(rule);
        }
        auto router = Router::create(c.routing);
        if (!router)
            return router.error();
    }
    return c;
}

Result<RuntimeSettings> RuntimeSettings::fromJson(const QByteArray &bytes) {
    auto providerSettings = providers::ProviderSettings::fromJson(bytes);
    if (!providerSettings)
        return providerSettings.error();
    const json j = json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    RuntimeSettings out;
    out.providers = providerSettings.value();
    auto pipeline = pipelineConfigFromJson(j.value("runtime", json()));
    if (!pipeline)
        return pipeline.error();
    out.pipeline = pipeline.value();
    if (j.contains("models"))
        out.catalogOverrides = bytes;
    return out;
}

Result<RuntimeSettings> RuntimeSettings::load(const QString &path) {
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

} // namespace trellis::runtime
