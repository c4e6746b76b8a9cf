#pragma once

#include "common/result.h"
#include "template/template.h"

#include <QString>

#include <vector>

namespace trellis::tmpl {

struct ChatMessage {
    QString role;
    QString content;
    bool operator==(const ChatMessage &o) const { return role == o.role && content == o.content; }
};

// One message of a chat prompt whose content is a template.
struct ChatMessageTemplate {
    QString role;
    QString templateText;
};

// Renders every message's template with the same context. Errors name the message
// ("messages[2]") in Error::field and keep the line/column inside that message.
Result<std::vector<ChatMessage>> renderChat(const std::vector<ChatMessageTemplate> &messages,
                                            const nlohmann::ordered_json &context,
                                            const RenderOptions &options = {});

// Splits Prompty-style text into messages: a line holding only `system:`, `user:`,
// `assistant:` (also `function:`/`tool:`, any case, optionally `# role:`) starts a message.
// Text before the first role line becomes a system message; contents are trimmed, as
// Prompty does.
std::vector<ChatMessage> parsePromptyMessages(const QString &text);

} // namespace trellis::tmpl
