#include "error_classify.h"

#include "redaction.h"

using nlohmann::json;

namespace trellis::providers {

namespace {

QString jsonString(const json &j, const char *key) {
    if (!j.is_object() || !j.contains(key))
        return {};
    const json &v = j[key];
    if (v.is_string())
        return QString::fromStdString(v.get<std::string>());
    if (v.is_number_integer())
        return QString::number(v.get<qint64>());
    return {};
}

ErrorKind kindForStatus(int status) {
    if (status == 401 || status == 403)
        return ErrorKind::Auth;
    if (status == 402)
        return ErrorKind::Quota;
    if (status == 408)
        return ErrorKind::Timeout;
    if (status == 429)
        return ErrorKind::RateLimited;
    if (status == 529)
        return ErrorKind::Overloaded;
    if (status >= 500)
        return ErrorKind::Server;
    if (status == 400 || status == 404 || status == 405 || status == 413 || status == 422)
        return ErrorKind::BadRequest;
    return ErrorKind::Http;
}

bool retryableKind(ErrorKind kind, int status) {
    switch (kind) {
    case ErrorKind::Network:
    case ErrorKind::Timeout:
    case ErrorKind::RateLimited:
    case ErrorKind::Overloaded:
    case ErrorKind::Server:
        return true;
    case ErrorKind::Http:
        return status == 409;
    default:
        return false;
    }
}

// Codes that say more than the status: exhausted quota is a 429 that must not be retried,
// an overloaded_error may arrive mid-stream with no status at all.
void refineByCode(ProviderError &e) {
    const QString c = e.code.toLower();
    if (c.contains(u"insufficient_quota") || c.contains(u"billing") || c == u"quota_exceeded")
        e.kind = ErrorKind::Quota;
    else if (c == u"overloaded_error" || c == u"overloaded")
        e.kind = ErrorKind::Overloaded;
    else if (c == u"rate_limit_error" || c == u"rate_limit_exceeded")
        e.kind = ErrorKind::RateLimited;
    else if (c == u"authentication_error" || c == u"permission_error" || c == u"invalid_api_key"
             || c == u"unauthenticated" || c == u"permission_denied")
        e.kind = ErrorKind::Auth;
    else if (e.httpStatus == 0
             && (c == u"api_error" || c == u"server_error" || c == u"internal"
                 || c == u"unavailable"))
        e.kind = ErrorKind::Server;
    // Gemini reports a spent free-tier quota as RESOURCE_EXHAUSTED with "quota" in the text;
    // per-minute limits recover, daily ones do not, and the message says which.
    if (c == u"resource_exhausted" && e.message.contains(u"per day", Qt::CaseInsensitive))
        e.kind = ErrorKind::Quota;
}

} // namespace

QByteArray headerValue(const HeaderList &headers, const QByteArray &name) {
    for (const auto &[n, v] : headers) {
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

qint64 retryAfterMs(const HeaderList &headers, const QDateTime &now) {
    bool ok = false;
    const QByteArray ms = headerValue(headers, "retry-after-ms").trimmed();
    if (!ms.isEmpty()) {
        const double v = ms.toDouble(&ok);
        if (ok && v >= 0)
            return qint64(v);
    }
    const QByteArray after = headerValue(headers, "retry-after").trimmed();
    if (after.isEmpty())
        return -1;
    const double secs = after.toDouble(&ok);
    if (ok && secs >= 0)
        return qint64(secs * 1000.0);
    // An HTTP date (RFC 9110 IMF-fixdate); Qt's RFC 2822 parser wants a numeric zone.
    QString date = QString::fromLatin1(after);
    if (date.endsWith(u" GMT"))
        date = date.chopped(4) + QStringLiteral(" +0000");
    const QDateTime when = QDateTime::fromString(date, Qt::RFC2822Date);
    if (when.isValid())
        return qMax<qint64>(0, now.msecsTo(when));
    return -1;
}

QMap<QString, QString> rateLimitHeaders(const HeaderList &headers) {
    QMap<QString, QString> out;
    for (const auto &[n, v] : headers) {
        const QByteArray lower = n.toLower();
        if (lower.startsWith("x-ratelimit-") || lower.startsWith("anthropic-ratelimit-"))
            out.insert(QString::fromLatin1(lower), QString::fromLatin1(v));
    }
    return out;
}

ProviderError errorFromJson(int status, const json &body) {
    ProviderError e;
    e.httpStatus = status;
    e.kind = status > 0 ? kindForStatus(status) : ErrorKind::Server;
    // {"error": "text"} (Ollama) | {"error": {...}} (OpenAI, Gemini, Anthropic's inner object)
    const json err = body.is_object() && body.contains("error") ? body["error"] : body;
    if (err.is_string()) {
        e.message = QString::fromStdString(err.get<std::string>());
    } else if (err.is_object()) {
        e.message = jsonString(err, "message");
        const QString code = jsonString(err, "code");
        const QString type = jsonString(err, "type");
        const QString statusText = jsonString(err, "status");
        // Gemini names the error in `status` (its `code` is the HTTP number); OpenAI in `code`
        // or `type`; Anthropic in `type`.
        if (!statusText.isEmpty())
            e.code = statusText;
        else if (!code.isEmpty() && code.toInt() == 0)
            e.code = code;
        else
            e.code = type;
        if (type == u"insufficient_quota")
            e.code = type;
    }
    e.message = Redactor::text(e.message);
    refineByCode(e);
    e.retryable = retryableKind(e.kind, status);
    return e;
}

ProviderError classifyHttpError(int status, const QByteArray &body, const HeaderList &headers) {
    json parsed = json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
    ProviderError e = errorFromJson(status, parsed.is_discarded() ? json() : parsed);
    if (e.message.isEmpty()) {
        const QByteArray text = body.trimmed().left(300);
        e.message = text.isEmpty() ? QStringLiteral("HTTP status %1").arg(status)
                                   : Redactor::text(QString::fromUtf8(text));
    }
    e.retryAfterMs = retryAfterMs(headers);
    e.rateLimit = rateLimitHeaders(headers);
    e.headers = Redactor::headers(headers);
    return e;
}

} // namespace trellis::providers
