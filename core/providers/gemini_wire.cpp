// Google Gemini API (generativelanguage v1beta): generateContent and
// streamGenerateContent?alt=sse. The stream has no terminal event: the chunk carrying a
// finishReason is the last one.
#include "error_classify.h"
#include "wire_util.h"

using nlohmann::json;

namespace trellis::providers {

namespace {

using namespace wire;

QString normalizeFinish(const QString &raw) {
    if (raw == u"STOP")
        return QStringLiteral("stop");
    if (raw == u"MAX_TOKENS")
        return QStringLiteral("length");
    if (raw == u"SAFETY" || raw == u"RECITATION" || raw == u"BLOCKLIST"
        || raw == u"PROHIBITED_CONTENT" || raw == u"SPII" || raw == u"IMAGE_SAFETY")
        return QStringLiteral("content_filter");
    if (raw == u"MALFORMED_FUNCTION_CALL")
        return QStringLiteral("tool_calls");
    return raw.isEmpty() ? QString() : QStringLiteral("other");
}

// One GenerateContentResponse, streamed or whole. Returns the text it adds.
DecodeError readResponse(const json &j, DecodeState &state, QString &delta) {
    QString added;
    if (j.contains("error"))
        return errorFromJson(0, j);
    if (state.model.isEmpty())
        state.model = qstr(j, "modelVersion");
    const json candidates = member(j, "candidates");
    if (candidates.is_array() && !candidates.empty()) {
        const json &c = candidates[0];
        const json parts = member(member(c, "content"), "parts");
        if (parts.is_array()) {
            for (const json &p : parts) {
                if (p.is_object() && !boolean(p, "thought"))
                    added += qstr(p, "text");
            }
        }
        const QString raw = qstr(c, "finishReason");
        if (!raw.isEmpty()) {
            state.rawFinishReason = raw;
            state.finishReason = normalizeFinish(raw);
            state.done = true;
        }
    } else if (j.contains("promptFeedback")) {
        // The prompt itself was blocked: no candidates at all.
        state.rawFinishReason = qstr(j["promptFeedback"], "blockReason");
        state.finishReason = QStringLiteral("content_filter");
        state.done = true;
    }
    if (j.contains("usageMetadata")) {
        const json &u = j["usageMetadata"];
        state.usage.reported = true;
        state.usage.inputTokens = integer(u, "promptTokenCount");
        state.usage.outputTokens =
            integer(u, "candidatesTokenCount") + integer(u, "thoughtsTokenCount");
        state.usage.cachedTokens = integer(u, "cachedContentTokenCount");
    }
    state.text += added;
    delta += added;
    return std::nullopt;
}

class GeminiWire final : public WireFormat {
public:
    QString name() const override { return QStringLiteral("gemini"); }
    Framing framing() const override { return Framing::Sse; }

    HttpRequestSpec chatRequest(const ProviderRequest &r, const EndpointConfig &c) const override {
        json contents = json::array();
        for (const ChatMessage &m : r.messages) {
            if (m.role == Role::System)
                continue;
            contents.push_back({{"role", m.role == Role::Assistant ? "model" : "user"},
                                {"parts", json::array({{{"text", str(m.content)}}})}});
        }
        json body = {{"contents", contents}};
        const QString system = systemText(r.messages);
        if (!system.isEmpty())
            body["systemInstruction"] = {{"parts", json::array({{{"text", str(system)}}})}};
        json gen = json::object();
        if (r.temperature)
            gen["temperature"] = *r.temperature;
        if (r.topP)
            gen["topP"] = *r.topP;
        if (r.maxTokens)
            gen["maxOutputTokens"] = *r.maxTokens;
        if (r.seed)
            gen["seed"] = *r.seed;
        if (!r.stop.isEmpty()) {
            json stop = json::array();
            for (const QString &s : r.stop)
                stop.push_back(str(s));
            gen["stopSequences"] = stop;
        }
        if (!r.outputSchema.is_null()) {
            // responseJsonSchema takes standard JSON Schema ($ref, $defs, ...), unlike the
            // older OpenAPI-subset responseSchema.
            gen["responseMimeType"] = "application/json";
            gen["responseJsonSchema"] = r.outputSchema;
        }
        if (!gen.empty())
            body["generationConfig"] = gen;
        HttpRequestSpec spec;
        const QString model = r.model.startsWith(u"models/") ? r.model : u"models/" + r.model;
        spec.url = join(c.baseUrl, QStringLiteral("v1beta/") + model
                                       + (r.stream ? QStringLiteral(":streamGenerateContent")
                                                   : QStringLiteral(":generateContent")));
        if (r.stream)
            spec.url.setQuery(QStringLiteral("alt=sse"));
        spec.headers = authHeaders(c, r.stream);
        spec.body = dump(body);
        return spec;
    }

    DecodeError onEvent(const QByteArray &, const QByteArray &data, DecodeState &state,
                        QString &delta) const override {
        const auto j = parse(data);
        if (!j || !j->is_object())
            return parseError(QStringLiteral("a Gemini stream chunk"), data);
        return readResponse(*j, state, delta);
    }

    DecodeError onBody(const QByteArray &body, DecodeState &state) const override {
        const auto j = parse(body);
        if (!j || (!j->is_object() && !j->is_array()))
            return parseError(QStringLiteral("a Gemini response"), body);
        // streamGenerateContent without alt=sse answers with a JSON array of chunks.
        const json chunks = j->is_array() ? *j : json::array({*j});
        for (const json &chunk : chunks) {
            QString added;
            if (auto e = readResponse(chunk, state, added))
                return e;
        }
        if (!state.done)
            return parseError(QStringLiteral("a Gemini response without candidates"), body);
        return std::nullopt;
    }

    HttpRequestSpec modelsRequest(const EndpointConfig &c) const override {
        return getRequest(c.baseUrl, QStringLiteral("v1beta/models"), authHeaders(c, false),
                          QStringLiteral("pageSize=1000"));
    }

    Result<std::vector<ModelInfo>> parseModels(const QByteArray &body) const override {
        return modelList(body, "models", "name", "displayName", "inputTokenLimit",
                         QStringLiteral("models/"));
    }

private:
    static HeaderList authHeaders(const EndpointConfig &c, bool stream) {
        HeaderList h = baseHeaders(c, stream);
        if (!c.apiKey.isEmpty())
            h.append({"x-goog-api-key", c.apiKey.toUtf8()});
        return h;
    }
};

} // namespace

std::unique_ptr<WireFormat> makeGeminiWire() {
    return std::make_unique<GeminiWire>();
}

} // namespace trellis::providers
