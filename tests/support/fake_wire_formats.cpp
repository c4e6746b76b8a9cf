#include "fake_wire_formats.h"

#include "fake_json_template.h"

#include <QDateTime>

#include <optional>

using nlohmann::json;

namespace trellis::testing {

namespace {

std::string str(const QString &s) {
    return s.toStdString();
}

QByteArray dump(const json &j) {
    return QByteArray::fromStdString(j.dump());
}

QByteArray sse(const QByteArray &data, const char *event = nullptr) {
    QByteArray out;
    out.reserve(data.size() + 40);
    if (event != nullptr)
        out.append("event: ").append(event).append('\n');
    return out.append("data: ").append(data).append("\n\n");
}

QByteArray sse(const json &j, const char *event = nullptr) {
    return sse(dump(j), event);
}

// A stream event whose data is `t` filled with `values`, built in one buffer.
QByteArray sse(const JsonTemplate &t, std::initializer_list<QByteArrayView> values,
               const char *event = nullptr) {
    QByteArray out;
    if (event != nullptr)
        out.append("event: ").append(event).append('\n');
    t.appendTo(out, values, "data: ", "\n\n");
    return out;
}

QString contentText(const json &content) {
    if (content.is_string())
        return QString::fromStdString(content.get<std::string>());
    QString out;
    if (content.is_array()) {
        for (const json &part : content) {
            if (part.is_object() && part.contains("text") && part["text"].is_string())
                out += QString::fromStdString(part["text"].get<std::string>());
        }
    }
    return out;
}

// Views into `text`, which must outlive them.
QList<QStringView> chunksOf(const QString &text, int size) {
    QList<QStringView> out;
    size = qMax(1, size);
    out.reserve(text.size() / size + 1);
    for (qsizetype i = 0; i < text.size(); i += size)
        out << QStringView(text).mid(i, qMin<qsizetype>(size, text.size() - i));
    return out;
}

void collectMessages(const json &messages, const char *contentKey, ParsedChat &chat,
                     bool geminiParts) {
    if (!messages.is_array())
        return;
    for (const json &m : messages) {
        if (!m.is_object())
            continue;
        QString text;
        if (geminiParts)
            text = contentText(m.value("parts", json::array()));
        else
            text = contentText(m.value(contentKey, json()));
        chat.inputTokens += approxTokens(text);
        if (m.value("role", std::string()) == "user")
            chat.lastUserText = text;
    }
}

} // namespace

QString fakeWireName(FakeWire wire) {
    switch (wire) {
    case FakeWire::OpenAI:
        return QStringLiteral("openai");
    case FakeWire::Anthropic:
        return QStringLiteral("anthropic");
    case FakeWire::Gemini:
        return QStringLiteral("gemini");
    case FakeWire::Ollama:
        return QStringLiteral("ollama");
    }
    return {};
}

qint64 approxTokens(const QString &text) {
    return (text.size() + 3) / 4;
}

ParsedChat parseChatRequest(FakeWire wire, const json &body, const QString &pathModel,
                            bool sseQuery) {
    ParsedChat chat;
    if (!body.is_object())
        return chat;
    chat.model = QString::fromStdString(body.value("model", std::string()));
    switch (wire) {
    case FakeWire::OpenAI:
        collectMessages(body.value("messages", json()), "content", chat, false);
        chat.stream = body.value("stream", false);
        chat.includeUsage = body.contains("stream_options") && body["stream_options"].is_object()
                            && body["stream_options"].value("include_usage", false);
        break;
    case FakeWire::Anthropic:
        collectMessages(body.value("messages", json()), "content", chat, false);
        if (body.contains("system"))
            chat.inputTokens += approxTokens(contentText(body["system"]));
        chat.stream = body.value("stream", false);
        break;
    case FakeWire::Gemini:
        collectMessages(body.value("contents", json()), "parts", chat, true);
        chat.model = pathModel;
        chat.stream = sseQuery;
        break;
    case FakeWire::Ollama:
        collectMessages(body.value("messages", json()), "content", chat, false);
        chat.stream = body.value("stream", true); // Ollama streams unless told not to
        break;
    }
    return chat;
}

namespace {

json openAiUsage(const json &prompt, const json &completion, const json &total,
                 const json &cached) {
    return {{"prompt_tokens", prompt},
            {"completion_tokens", completion},
            {"total_tokens", total},
            {"prompt_tokens_details", {{"cached_tokens", cached}}}};
}

json openAiBase(const QString &model, qint64 created) {
    return {{"id", "chatcmpl-fake"}, {"created", created}, {"model", str(model)}};
}

// The stream's documents change only with the model and the second, so consecutive requests
// share them (per thread, as each server lives on one).
struct OpenAiStreamTemplates {
    QString model;
    qint64 created = 0;
    JsonTemplate chunk;   // slots: delta, finish_reason
    JsonTemplate content; // a text chunk; slot: the text
    JsonTemplate usage;   // slots: prompt, completion, total and cached tokens
};

const OpenAiStreamTemplates &openAiStreamTemplates(const QString &model, qint64 created) {
    thread_local std::optional<OpenAiStreamTemplates> last;
    if (!last || last->created != created || last->model != model) {
        json base = openAiBase(model, created);
        base["object"] = "chat.completion.chunk";
        json chunk = base;
        chunk["choices"] = json::array({{{"index", 0},
                                         {"delta", JsonTemplate::slot(0)},
                                         {"finish_reason", JsonTemplate::slot(1)}}});
        json content = base;
        content["choices"] = json::array({{{"index", 0},
                                           {"delta", {{"content", JsonTemplate::slot(0)}}},
                                           {"finish_reason", nullptr}}});
        json usage = base;
        usage["choices"] = json::array();
        usage["usage"] = openAiUsage(JsonTemplate::slot(0), JsonTemplate::slot(1),
                                     JsonTemplate::slot(2), JsonTemplate::slot(3));
        last.emplace(OpenAiStreamTemplates{model, created, JsonTemplate(chunk),
                                           JsonTemplate(content), JsonTemplate(usage)});
    }
    return *last;
}

} // namespace

static WireReply openAiReply(const ParsedChat &chat, const ReplyShape &shape) {
    WireReply r;
    const qint64 created = QDateTime::currentSecsSinceEpoch();
    if (!chat.stream) {
        r.contentType = "application/json";
        json b = openAiBase(chat.model, created);
        b["object"] = "chat.completion";
        b["choices"] =
            json::array({{{"index", 0},
                          {"message", {{"role", "assistant"}, {"content", str(shape.text)}}},
                          {"finish_reason", "stop"}}});
        b["usage"] = openAiUsage(chat.inputTokens, shape.outputTokens,
                                 chat.inputTokens + shape.outputTokens, shape.cachedTokens);
        r.body = dump(b);
        return r;
    }
    r.contentType = "text/event-stream";
    const OpenAiStreamTemplates &templates = openAiStreamTemplates(chat.model, created);
    const JsonTemplate &chunk = templates.chunk;
    static const QByteArray roleDelta = dump({{"role", "assistant"}, {"content", ""}});
    r.pieces << sse(chunk, {roleDelta, "null"});
    r.contentPieces = int(r.pieces.size());
    for (const QStringView c : chunksOf(shape.text, shape.chunkChars))
        r.pieces << sse(templates.content, {jsonStringLiteral(c)});
    const int before = int(r.pieces.size());
    r.pieces << sse(chunk, {"{}", "\"stop\""});
    if (chat.includeUsage) {
        r.pieces << sse(templates.usage, {QByteArray::number(chat.inputTokens),
                                          QByteArray::number(shape.outputTokens),
                                          QByteArray::number(chat.inputTokens + shape.outputTokens),
                                          QByteArray::number(shape.cachedTokens)});
    }
    r.pieces << QByteArray("data: [DONE]\n\n");
    r.terminalPieces = int(r.pieces.size()) - before;
    return r;
}

static WireReply anthropicReply(const ParsedChat &chat, const ReplyShape &shape) {
    WireReply r;
    const qint64 uncached = qMax<qint64>(0, chat.inputTokens - shape.cachedTokens);
    json message = {{"id", "msg_fake"},
                    {"type", "message"},
                    {"role", "assistant"},
                    {"model", str(chat.model)},
                    {"stop_sequence", nullptr}};
    if (!chat.stream) {
        r.contentType = "application/json";
        message["content"] = json::array({{{"type", "text"}, {"text", str(shape.text)}}});
        message["stop_reason"] = "end_turn";
        message["usage"] = {{"input_tokens", uncached},
                            {"output_tokens", shape.outputTokens},
                            {"cache_read_input_tokens", shape.cachedTokens},
                            {"cache_creation_input_tokens", 0}};
        r.body = dump(message);
        return r;
    }
    r.contentType = "text/event-stream; charset=utf-8";
    message["content"] = json::array();
    message["stop_reason"] = nullptr;
    message["usage"] = {{"input_tokens", uncached},
                        {"output_tokens", 1},
                        {"cache_read_input_tokens", shape.cachedTokens},
                        {"cache_creation_input_tokens", 0}};
    r.pieces << sse({{"type", "message_start"}, {"message", message}}, "message_start");
    r.pieces << sse({{"type", "content_block_start"},
                     {"index", 0},
                     {"content_block", {{"type", "text"}, {"text", ""}}}},
                    "content_block_start");
    r.pieces << sse({{"type", "ping"}}, "ping");
    r.contentPieces = int(r.pieces.size());
    static const JsonTemplate delta(
        json{{"type", "content_block_delta"},
             {"index", 0},
             {"delta", {{"type", "text_delta"}, {"text", JsonTemplate::slot(0)}}}});
    for (const QStringView c : chunksOf(shape.text, shape.chunkChars))
        r.pieces << sse(delta, {jsonStringLiteral(c)}, "content_block_delta");
    const int before = int(r.pieces.size());
    r.pieces << sse({{"type", "content_block_stop"}, {"index", 0}}, "content_block_stop");
    r.pieces << sse({{"type", "message_delta"},
                     {"delta", {{"stop_reason", "end_turn"}, {"stop_sequence", nullptr}}},
                     {"usage", {{"output_tokens", shape.outputTokens}}}},
                    "message_delta");
    r.pieces << sse({{"type", "message_stop"}}, "message_stop");
    r.terminalPieces = int(r.pieces.size()) - before;
    return r;
}

static WireReply geminiReply(const ParsedChat &chat, const ReplyShape &shape) {
    WireReply r;
    const json usage = {{"promptTokenCount", chat.inputTokens},
                        {"candidatesTokenCount", shape.outputTokens},
                        {"totalTokenCount", chat.inputTokens + shape.outputTokens},
                        {"cachedContentTokenCount", shape.cachedTokens}};
    auto candidate = [](const json &text, bool last) {
        json c = {{"content", {{"parts", json::array({{{"text", text}}})}, {"role", "model"}}},
                  {"index", 0}};
        if (last)
            c["finishReason"] = "STOP";
        return c;
    };
    if (!chat.stream) {
        r.contentType = "application/json; charset=UTF-8";
        r.body = dump({{"candidates", json::array({candidate(str(shape.text), true)})},
                       {"usageMetadata", usage},
                       {"modelVersion", str(chat.model)}});
        return r;
    }
    r.contentType = "text/event-stream";
    const QList<QStringView> chunks = chunksOf(shape.text, shape.chunkChars);
    // All chunks but the last (which adds finishReason and usage) differ only in their text.
    const JsonTemplate middle(
        json{{"candidates", json::array({candidate(JsonTemplate::slot(0), false)})},
             {"modelVersion", str(chat.model)}});
    for (qsizetype i = 0; i < chunks.size(); ++i) {
        QByteArray data;
        if (i + 1 < chunks.size()) {
            data = middle.fill({jsonStringLiteral(chunks[i])});
        } else {
            data = dump({{"candidates", json::array({candidate(str(chunks[i].toString()), true)})},
                         {"modelVersion", str(chat.model)},
                         {"usageMetadata", usage}});
        }
        r.pieces << "data: " + data + "\r\n\r\n"; // Gemini uses CRLF
    }
    if (chunks.isEmpty()) {
        r.pieces << "data: "
                        + dump({{"candidates", json::array({candidate(std::string(), true)})},
                                {"usageMetadata", usage}})
                        + "\r\n\r\n";
    }
    r.terminalPieces = 1; // the last chunk carries finishReason
    return r;
}

static WireReply ollamaReply(const ParsedChat &chat, const ReplyShape &shape) {
    WireReply r;
    r.contentType = chat.stream ? "application/x-ndjson" : "application/json; charset=utf-8";
    const std::string created = str(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    auto line = [&](const json &text, bool done) {
        json l = {{"model", str(chat.model)},
                  {"created_at", created},
                  {"message", {{"role", "assistant"}, {"content", text}}},
                  {"done", done}};
        if (done) {
            l["done_reason"] = "stop";
            l["prompt_eval_count"] = chat.inputTokens;
            l["eval_count"] = shape.outputTokens;
            l["total_duration"] = 1000000;
        }
        return l;
    };
    if (!chat.stream) {
        r.body = dump(line(str(shape.text), true));
        return r;
    }
    const JsonTemplate middle(line(JsonTemplate::slot(0), false));
    for (const QStringView c : chunksOf(shape.text, shape.chunkChars))
        r.pieces << middle.fill({jsonStringLiteral(c)}) + "\n";
    r.pieces << dump(line(std::string(), true)) + "\n";
    r.terminalPieces = 1;
    return r;
}

WireReply buildChatReply(FakeWire wire, const ParsedChat &chat, const ReplyShape &shape) {
    switch (wire) {
    case FakeWire::OpenAI:
        return openAiReply(chat, shape);
    case FakeWire::Anthropic:
        return anthropicReply(chat, shape);
    case FakeWire::Gemini:
        return geminiReply(chat, shape);
    case FakeWire::Ollama:
        return ollamaReply(chat, shape);
    }
    return {};
}

QString defaultErrorType(FakeWire wire, int status) {
    if (wire == FakeWire::Gemini) {
        switch (status) {
        case 400:
            return QStringLiteral("INVALID_ARGUMENT");
        case 401:
            return QStringLiteral("UNAUTHENTICATED");
        case 403:
            return QStringLiteral("PERMISSION_DENIED");
        case 404:
            return QStringLiteral("NOT_FOUND");
        case 429:
            return QStringLiteral("RESOURCE_EXHAUSTED");
        case 503:
            return QStringLiteral("UNAVAILABLE");
        default:
            return QStringLiteral("INTERNAL");
        }
    }
    switch (status) {
    case 400:
        return QStringLiteral("invalid_request_error");
    case 401:
        return QStringLiteral("authentication_error");
    case 403:
        return QStringLiteral("permission_error");
    case 404:
        return QStringLiteral("not_found_error");
    case 429:
        return QStringLiteral("rate_limit_error");
    case 529:
        return QStringLiteral("overloaded_error");
    default:
        return QStringLiteral("api_error");
    }
}

QByteArray buildErrorBody(FakeWire wire, int status, const QString &type, const QString &message) {
    switch (wire) {
    case FakeWire::OpenAI:
        return dump({{"error",
                      {{"message", str(message)},
                       {"type", str(type)},
                       {"param", nullptr},
                       {"code", str(type)}}}});
    case FakeWire::Anthropic:
        return dump(
            {{"type", "error"}, {"error", {{"type", str(type)}, {"message", str(message)}}}});
    case FakeWire::Gemini:
        return dump(
            {{"error", {{"code", status}, {"message", str(message)}, {"status", str(type)}}}});
    case FakeWire::Ollama:
        return dump({{"error", str(message)}});
    }
    return {};
}

QByteArray buildMidStreamError(FakeWire wire) {
    const QString msg = QStringLiteral("Overloaded");
    switch (wire) {
    case FakeWire::Anthropic:
        return sse({{"type", "error"},
                    {"error", {{"type", "overloaded_error"}, {"message", "Overloaded"}}}},
                   "error");
    case FakeWire::Ollama:
        return dump({{"error", "server overloaded"}}) + "\n";
    case FakeWire::OpenAI:
        return sse(
            {{"error", {{"message", str(msg)}, {"type", "server_error"}, {"code", nullptr}}}});
    case FakeWire::Gemini:
        return "data: " + buildErrorBody(wire, 503, QStringLiteral("UNAVAILABLE"), msg)
               + "\r\n\r\n";
    }
    return {};
}

QByteArray malformedPiece(FakeWire wire) {
    if (wire == FakeWire::Ollama)
        return "{\"model\":\"x\",\"message\":{\"content\":\"oops\"\n";
    if (wire == FakeWire::Anthropic)
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"delta\":\n\n";
    return "data: {\"choices\":[{\"delta\":{\"content\":\"oops\"\n\n";
}

QByteArray buildModelList(FakeWire wire, const QStringList &models) {
    json list = json::array();
    for (const QString &m : models) {
        switch (wire) {
        case FakeWire::OpenAI:
            list.push_back({{"id", str(m)},
                            {"object", "model"},
                            {"created", 1700000000},
                            {"owned_by", "fake"}});
            break;
        case FakeWire::Anthropic:
            list.push_back({{"type", "model"},
                            {"id", str(m)},
                            {"display_name", str(m.toUpper())},
                            {"created_at", "2025-01-01T00:00:00Z"}});
            break;
        case FakeWire::Gemini:
            list.push_back({{"name", "models/" + str(m)},
                            {"displayName", str(m.toUpper())},
                            {"inputTokenLimit", 1048576},
                            {"supportedGenerationMethods", {"generateContent", "countTokens"}}});
            break;
        case FakeWire::Ollama:
            list.push_back({{"name", str(m)},
                            {"model", str(m)},
                            {"modified_at", "2025-01-01T00:00:00Z"},
                            {"size", 2019393189},
                            {"details", {{"family", "llama"}, {"parameter_size", "3.2B"}}}});
            break;
        }
    }
    switch (wire) {
    case FakeWire::OpenAI:
        return dump({{"object", "list"}, {"data", list}});
    case FakeWire::Anthropic:
        return dump({{"data", list}, {"has_more", false}});
    case FakeWire::Gemini:
    case FakeWire::Ollama:
        return dump({{"models", list}});
    }
    return {};
}

} // namespace trellis::testing
