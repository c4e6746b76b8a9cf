#include "provider_types.h"

namespace trellis::providers {

using nlohmann::json;

QString roleName(Role role) {
    switch (role) {
    case Role::System:
        return QStringLiteral("system");
    case Role::User:
        return QStringLiteral("user");
    case Role::Assistant:
        return QStringLiteral("assistant");
    }
    return {};
}

QString errorKindName(ErrorKind kind) {
    switch (kind) {
    case ErrorKind::Network:
        return QStringLiteral("network");
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::Http:
        return QStringLiteral("http");
    case ErrorKind::RateLimited:
        return QStringLiteral("rate_limited");
    case ErrorKind::Overloaded:
        return QStringLiteral("overloaded");
    case ErrorKind::Server:
        return QStringLiteral("server");
    case ErrorKind::Auth:
        return QStringLiteral("auth");
    case ErrorKind::BadRequest:
        return QStringLiteral("bad_request");
    case ErrorKind::Quota:
        return QStringLiteral("quota");
    case ErrorKind::Parse:
        return QStringLiteral("parse");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString ProviderError::toString() const {
    QString out = errorKindName(kind);
    if (httpStatus > 0)
        out += QStringLiteral(" (HTTP %1)").arg(httpStatus);
    if (!timeoutStage.isEmpty())
        out += QStringLiteral(" [%1]").arg(timeoutStage);
    if (!message.isEmpty())
        out += QStringLiteral(": ") + message;
    return out;
}

std::optional<ModelId> ModelId::parse(const QString &id) {
    const qsizetype colon = id.indexOf(u':');
    if (colon <= 0 || colon == id.size() - 1)
        return std::nullopt;
    ModelId out{id.left(colon).trimmed().toLower(), id.mid(colon + 1).trimmed()};
    if (out.provider.isEmpty() || out.model.isEmpty())
        return std::nullopt;
    return out;
}

namespace {

QString number(const json &params, const char *key, std::optional<double> &out) {
    if (!params.contains(key) || params[key].is_null())
        return {};
    if (!params[key].is_number())
        return QStringLiteral("%1 must be a number").arg(QLatin1String(key));
    out = params[key].get<double>();
    return {};
}

QString integer(const json &params, const char *key, std::optional<qint64> &out) {
    if (!params.contains(key) || params[key].is_null())
        return {};
    if (!params[key].is_number_integer())
        return QStringLiteral("%1 must be an integer").arg(QLatin1String(key));
    out = params[key].get<qint64>();
    return {};
}

} // namespace

QString ProviderRequest::applyParams(const json &params) {
    if (params.is_null())
        return {};
    if (!params.is_object())
        return QStringLiteral("params must be an object");
    QString problem = number(params, "temperature", temperature);
    if (problem.isEmpty())
        problem = number(params, "top_p", topP);
    std::optional<qint64> value;
    for (const char *key : {"max_tokens", "max_completion_tokens", "max_output_tokens"}) {
        if (problem.isEmpty())
            problem = integer(params, key, value);
        if (value) {
            maxTokens = int(*value);
            value.reset();
        }
    }
    if (problem.isEmpty())
        problem = integer(params, "seed", seed);
    if (problem.isEmpty() && params.contains("stop") && !params["stop"].is_null()) {
        const json &s = params["stop"];
        stop.clear();
        if (s.is_string()) {
            stop << QString::fromStdString(s.get<std::string>());
        } else if (s.is_array()) {
            for (const json &item : s) {
                if (!item.is_string())
                    return QStringLiteral("stop must be a string or an array of strings");
                stop << QString::fromStdString(item.get<std::string>());
            }
        } else {
            problem = QStringLiteral("stop must be a string or an array of strings");
        }
    }
    return problem;
}

json ProviderRequest::normalized() const {
    json messagesJson = json::array();
    for (const ChatMessage &m : messages)
        messagesJson.push_back(
            {{"role", roleName(m.role).toStdString()}, {"content", m.content.toStdString()}});
    json out = {{"model", model.toStdString()}, {"messages", messagesJson}};
    if (temperature)
        out["temperature"] = *temperature;
    if (topP)
        out["top_p"] = *topP;
    if (maxTokens)
        out["max_tokens"] = *maxTokens;
    if (seed)
        out["seed"] = *seed;
    if (!stop.isEmpty()) {
        json s = json::array();
        for (const QString &x : stop)
            s.push_back(x.toStdString());
        out["stop"] = s;
    }
    if (!outputSchema.is_null()) {
        out["output_schema"] = outputSchema;
        out["schema_name"] = schemaName.toStdString();
        out["strict"] = strictSchema;
    }
    return out; // nlohmann::json objects keep keys sorted, so dump() is canonical
}

} // namespace trellis::providers
