#include "template/chat.h"

#include <QRegularExpression>

namespace trellis::tmpl {

Result<std::vector<ChatMessage>> renderChat(const std::vector<ChatMessageTemplate> &messages,
                                            const nlohmann::ordered_json &context,
                                            const RenderOptions &options) {
    const Value ctx = Value::fromJson(context);
    std::vector<ChatMessage> out;
    out.reserve(messages.size());
    for (size_t i = 0; i < messages.size(); ++i) {
        const QString field = QStringLiteral("messages[%1]").arg(i);
        auto tpl = Template::parse(messages[i].templateText);
        if (!tpl.ok())
            return tpl.error().forField(field);
        auto text = (*tpl)->renderUtf8(ctx, options);
        if (!text.ok())
            return text.error().forField(field);
        out.push_back({messages[i].role, QString::fromStdString(*text)});
    }
    return out;
}

std::vector<ChatMessage> parsePromptyMessages(const QString &text) {
    static const QRegularExpression roleLine(
        QStringLiteral("^\\s*#?\\s*(system|user|assistant|function|tool)\\s*:\\s*$"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::MultilineOption);
    std::vector<ChatMessage> out;
    QString role = QStringLiteral("system");
    qsizetype contentStart = 0;
    bool sawRole = false;
    auto flush = [&](qsizetype end) {
        const QString content = text.mid(contentStart, end - contentStart).trimmed();
        if (sawRole || !content.isEmpty())
            out.push_back({role, content});
    };
    auto it = roleLine.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        flush(m.capturedStart());
        role = m.captured(1).toLower();
        contentStart = m.capturedEnd();
        sawRole = true;
    }
    flush(text.size());
    return out;
}

} // namespace trellis::tmpl
