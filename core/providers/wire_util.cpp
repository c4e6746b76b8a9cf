#include "wire_util.h"

#include "redaction.h"

using nlohmann::json;

namespace trellis::providers::wire {

std::optional<json> parse(const QByteArray &bytes) {
    json j = json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    if (j.is_discarded())
        return std::nullopt;
    return j;
}

ProviderError parseError(const QString &what, const QByteArray &bytes) {
    ProviderError e;
    e.kind = ErrorKind::Parse;
    // A garbled response is usually a transient server or proxy fault: worth another try.
    e.retryable = true;
    e.message = QStringLiteral("malformed JSON in %1: %2")
                    .arg(what, Redactor::text(QString::fromUtf8(bytes.left(120))));
    return e;
}

QUrl join(const QUrl &base, const QString &suffix) {
    QUrl url = base;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u'/' + suffix);
    return url;
}

HttpRequestSpec getRequest(const QUrl &base, const QString &suffix, HeaderList headers,
                           const QString &query) {
    HttpRequestSpec spec;
    spec.method = "GET";
    spec.url = join(base, suffix);
    if (!query.isEmpty())
        spec.url.setQuery(query);
    spec.headers = std::move(headers);
    return spec;
}

QByteArray dump(const json &j) {
    return QByteArray::fromStdString(j.dump(-1, ' ', false, json::error_handler_t::replace));
}

HeaderList baseHeaders(const EndpointConfig &config, bool stream) {
    HeaderList h{{"Content-Type", "application/json"},
                 {"Accept", stream ? "text/event-stream" : "application/json"}};
    h += config.extraHeaders;
    return h;
}

json chatMessages(const std::vector<ChatMessage> &messages) {
    json out = json::array();
    for (const ChatMessage &m : messages)
        out.push_back({{"role", str(roleName(m.role))}, {"content", str(m.content)}});
    return out;
}

QString systemText(const std::vector<ChatMessage> &messages) {
    QStringList parts;
    for (const ChatMessage &m : messages) {
        if (m.role == Role::System)
            parts << m.content;
    }
    return parts.join(QStringLiteral("\n\n"));
}

Result<std::vector<ModelInfo>> modelList(const QByteArray &body, const char *arrayKey,
                                         const char *idKey, const char *nameKey,
                                         const char *contextKey, const QString &stripPrefix) {
    const auto j = parse(body);
    if (!j || !j->is_object() || !j->contains(arrayKey) || !(*j)[arrayKey].is_array())
        return Error(
            QStringLiteral("unexpected model list: %1").arg(QString::fromUtf8(body.left(120))));
    std::vector<ModelInfo> out;
    for (const json &m : (*j)[arrayKey]) {
        ModelInfo info;
        info.id = qstr(m, idKey);
        if (!stripPrefix.isEmpty() && info.id.startsWith(stripPrefix))
            info.id = info.id.mid(stripPrefix.size());
        if (info.id.isEmpty())
            continue;
        info.displayName = nameKey != nullptr ? qstr(m, nameKey) : QString();
        info.contextWindow = contextKey != nullptr ? integer(m, contextKey) : 0;
        out.push_back(std::move(info));
    }
    return out;
}

} // namespace trellis::providers::wire
