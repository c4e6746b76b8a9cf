#include "openai_chunk.h"

#include "error_classify.h"
#include "json_cursor.h"
#include "wire_util.h"

using nlohmann::json;

namespace trellis::providers {

namespace {

using namespace wire;

QString normalizeFinish(const QString &raw) {
    if (raw == u"stop" || raw == u"length" || raw == u"content_filter" || raw == u"tool_calls")
        return raw;
    if (raw == u"function_call")
        return QStringLiteral("tool_calls");
    return raw.isEmpty() ? QString() : QStringLiteral("other");
}

// What one chunk says, as the DOM path reads it: a member seen twice counts as its last
// occurrence (each key resets what it feeds before reading its value).
struct Chunk {
    bool hasError = false;
    QString model;
    bool hasChoice = false; // "choices" is a non-empty array
    bool hasDelta = false;  // its first element is an object with "delta"
    QString content;
    QString finish;
    bool hasUsage = false;
    bool usageIsObject = false;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    bool hasDetails = false;
    qint64 cachedTokens = 0;
};

bool readDelta(JsonCursor &c, Chunk &k) {
    k.hasDelta = true;
    k.content.clear();
    if (c.peek() != '{')
        return c.skipValue();
    return c.members([&](std::string_view key) {
        return key == "content" ? c.stringOrEmpty(k.content) : c.skipValue();
    });
}

bool readChoice(JsonCursor &c, Chunk &k) {
    if (c.peek() != '{')
        return c.skipValue();
    return c.members([&](std::string_view key) {
        if (key == "delta")
            return readDelta(c, k);
        if (key == "finish_reason")
            return c.stringOrEmpty(k.finish);
        return c.skipValue();
    });
}

bool readUsage(JsonCursor &c, Chunk &k) {
    k.hasUsage = true;
    k.usageIsObject = c.peek() == '{';
    k.inputTokens = k.outputTokens = k.cachedTokens = 0;
    k.hasDetails = false;
    if (!k.usageIsObject)
        return c.skipValue();
    return c.members([&](std::string_view key) {
        if (key == "prompt_tokens")
            return c.integerOr(0, k.inputTokens);
        if (key == "completion_tokens")
            return c.integerOr(0, k.outputTokens);
        if (key == "prompt_tokens_details") {
            k.hasDetails = true;
            k.cachedTokens = 0;
            if (c.peek() != '{')
                return c.skipValue();
            return c.members([&](std::string_view inner) {
                return inner == "cached_tokens" ? c.integerOr(0, k.cachedTokens) : c.skipValue();
            });
        }
        return c.skipValue();
    });
}

bool readChunk(JsonCursor &c, Chunk &k) {
    return c.members([&](std::string_view key) {
        if (key == "error") {
            k.hasError = true;
            return c.skipValue();
        }
        if (key == "model")
            return c.stringOrEmpty(k.model);
        if (key == "choices") {
            k.hasChoice = k.hasDelta = false;
            k.content.clear();
            k.finish.clear();
            if (c.peek() != '[')
                return c.skipValue();
            return c.elements([&](int index) {
                if (index > 0)
                    return c.skipValue();
                k.hasChoice = true;
                return readChoice(c, k);
            });
        }
        if (key == "usage")
            return readUsage(c, k);
        return c.skipValue();
    });
}

} // namespace

void openAiFinish(const QString &raw, DecodeState &state) {
    if (!raw.isEmpty()) {
        state.rawFinishReason = raw;
        state.finishReason = normalizeFinish(raw);
    }
}

void openAiUsage(const json &u, DecodeState &state) {
    if (!u.is_object())
        return;
    state.usage.reported = true;
    state.usage.inputTokens = integer(u, "prompt_tokens");
    state.usage.outputTokens = integer(u, "completion_tokens");
    if (u.contains("prompt_tokens_details"))
        state.usage.cachedTokens = integer(u["prompt_tokens_details"], "cached_tokens");
}

DecodeError openAiChunk(const QByteArray &data, DecodeState &state, QString &delta) {
    if (QByteArrayView(data).trimmed() == "[DONE]") {
        state.done = true;
        return std::nullopt;
    }
    Chunk k;
    bool isObject = false;
    bool tooDeep = false;
    const bool ok = JsonCursor::document(
        data,
        [&](JsonCursor &c) {
            isObject = c.peek() == '{';
            return isObject ? readChunk(c, k) : c.skipValue();
        },
        &tooDeep);
    if (tooDeep || (ok && k.hasError))
        return openAiChunkDom(data, state, delta);
    if (!ok || !isObject)
        return parseError(QStringLiteral("an OpenAI stream chunk"), data);
    if (state.model.isEmpty())
        state.model = k.model;
    if (k.hasChoice) {
        if (k.hasDelta) {
            state.text += k.content;
            delta += k.content;
        }
        openAiFinish(k.finish, state);
    }
    if (k.hasUsage && k.usageIsObject) {
        state.usage.reported = true;
        state.usage.inputTokens = k.inputTokens;
        state.usage.outputTokens = k.outputTokens;
        if (k.hasDetails)
            state.usage.cachedTokens = k.cachedTokens;
    }
    return std::nullopt;
}

DecodeError openAiChunkDom(const QByteArray &data, DecodeState &state, QString &delta) {
    if (data.trimmed() == "[DONE]") {
        state.done = true;
        return std::nullopt;
    }
    const auto j = parse(data);
    if (!j || !j->is_object())
        return parseError(QStringLiteral("an OpenAI stream chunk"), data);
    if (j->contains("error"))
        return errorFromJson(0, *j);
    if (state.model.isEmpty())
        state.model = qstr(*j, "model");
    if (j->contains("choices") && (*j)["choices"].is_array() && !(*j)["choices"].empty()) {
        const json &choice = (*j)["choices"][0];
        if (choice.contains("delta")) {
            const QString text = qstr(choice["delta"], "content");
            state.text += text;
            delta += text;
        }
        openAiFinish(qstr(choice, "finish_reason"), state);
    }
    if (j->contains("usage"))
        openAiUsage((*j)["usage"], state);
    return std::nullopt;
}

} // namespace trellis::providers
