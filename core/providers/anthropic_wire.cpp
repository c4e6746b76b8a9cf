// Anthropic Messages API: system prompt at the top level, max_tokens required, typed SSE events.
#include "error_classify.h"
#include "wire_util.h"

using nlohmann::json;

namespace trellis::providers {

namespace {

using namespace wire;

QString normalizeFinish(const QString &raw) {
    if (raw == u"end_turn" || raw == u"stop_sequence" || raw == u"pause_turn")
        return QStringLiteral("stop");
    if (raw == u"max_tokens" || raw == u"model_context_window_exceeded")
        return QStringLiteral("length");
    if (raw == u"tool_use")
        return QStringLiteral("tool_calls");
    if (raw == u"refusal")
        return QStringLiteral("content_filter");
    return raw.isEmpty() ? QString() : QStringLiteral("other");
}

// Anthropic counts uncached input, cache reads and cache writes apart; Usage wants the total
// input with the cached part inside it. message_delta repeats cumulative counts.
void mergeUsage(const json &u, DecodeState &state) {
    if (!u.is_object())
        return;
    json &s = state.scratch;
    if (!s.is_object())
        s = json::object();
    for (const char *key : {"input_tokens", "output_tokens", "cache_read_input_tokens",
                            "cache_creation_input_tokens"}) {
        if (u.contains(key) && u[key].is_number())
            s[key] = integer(u, key);
    }
    const qint64 read = integer(s, "cache_read_input_tokens");
    state.usage.inputTokens =
        integer(s, "input_tokens") + read + integer(s, "cache_creation_input_tokens");
    state.usage.outputTokens = integer(s, "output_tokens");
    state.usage.cachedTokens = read;
    state.usage.reported = true;
}

void setFinish(const QString &raw, DecodeState &state) {
    if (raw.isEmpty())
        return;
    state.rawFinishReason = raw;
    state.finishReason = normalizeFinish(raw);
}

class AnthropicWire final : public WireFormat {
public:
    QString name() const override { return QStringLiteral("anthropic"); }
    Framing framing() const override { return Framing::Sse; }

    HttpRequestSpec chatRequest(const ProviderRequest &r, const EndpointConfig &c) const override {
        json messages = json::array();
        for (const ChatMessage &m : r.messages) {
            if (m.role != Role::System)
                messages.push_back({{"role", str(roleName(m.role))}, {"content", str(m.content)}});
        }
        json body = {{"model", str(r.model)},
                     {"messages", messages},
                     {"max_tokens", r.maxTokens.value_or(c.defaultMaxTokens)},
                     {"stream", r.stream}};
        QString system = systemText(r.messages);
        if (!r.outputSchema.is_null()) {
            // The Messages API has no response_format; the schema travels as an instruction
            // and the pipeline's validator checks the answer.
            system += (system.isEmpty() ? QString() : QStringLiteral("\n\n"))
                      + QStringLiteral("Respond with only a JSON value, no prose and no code "
                                       "fences, that is valid against this JSON Schema:\n")
                      + QString::fromStdString(r.outputSchema.dump());
        }
        if (!system.isEmpty())
            body["system"] = str(system);
        if (r.temperature)
            body["temperature"] = *r.temperature;
        if (r.topP)
            body["top_p"] = *r.topP;
        if (!r.stop.isEmpty()) {
            json stop = json::array();
            for (const QString &s : r.stop)
                stop.push_back(str(s));
            body["stop_sequences"] = stop;
        }
        HttpRequestSpec spec;
        spec.url = join(c.baseUrl, QStringLiteral("v1/messages"));
        spec.headers = authHeaders(c, r.stream);
        spec.body = dump(body);
        return spec;
    }

    DecodeError onEvent(const QByteArray &, const QByteArray &data, DecodeState &state,
                        QString &delta) const override {
        const auto j = parse(data);
        if (!j || !j->is_object())
            return parseError(QStringLiteral("an Anthropic stream event"), data);
        const QString type = qstr(*j, "type");
        if (type == u"message_start") {
            const json message = member(*j, "message");
            state.model = qstr(message, "model");
            mergeUsage(member(message, "usage"), state);
        } else if (type == u"content_block_delta") {
            const json d = member(*j, "delta");
            if (qstr(d, "type") == u"text_delta") {
                const QString text = qstr(d, "text");
                state.text += text;
                delta += text;
            }
        } else if (type == u"message_delta") {
            setFinish(qstr(member(*j, "delta"), "stop_reason"), state);
            mergeUsage(member(*j, "usage"), state);
        } else if (type == u"message_stop") {
            state.done = true;
        } else if (type == u"error") {
            return errorFromJson(0, *j);
        }
        // ping, content_block_start/stop and unknown future events carry nothing we need.
        return std::nullopt;
    }

    DecodeError onBody(const QByteArray &body, DecodeState &state) const override {
        const auto j = parse(body);
        if (!j || !j->is_object())
            return parseError(QStringLiteral("an Anthropic response"), body);
        if (qstr(*j, "type") == u"error")
            return errorFromJson(0, *j);
        if (!j->contains("content") || !(*j)["content"].is_array())
            return parseError(QStringLiteral("an Anthropic response without content"), body);
        for (const json &block : (*j)["content"]) {
            if (qstr(block, "type") == u"text")
                state.text += qstr(block, "text");
        }
        state.model = qstr(*j, "model");
        setFinish(qstr(*j, "stop_reason"), state);
        mergeUsage(member(*j, "usage"), state);
        state.done = true;
        return std::nullopt;
    }

    HttpRequestSpec modelsRequest(const EndpointConfig &c) const override {
        return getRequest(c.baseUrl, QStringLiteral("v1/models"), authHeaders(c, false),
                          QStringLiteral("limit=1000"));
    }

    Result<std::vector<ModelInfo>> parseModels(const QByteArray &body) const override {
        return modelList(body, "data", "id", "display_name", nullptr, {});
    }

private:
    static HeaderList authHeaders(const EndpointConfig &c, bool stream) {
        HeaderList h = baseHeaders(c, stream);
        h.append({"anthropic-version", c.anthropicVersion});
        if (!c.apiKey.isEmpty())
            h.append({"x-api-key", c.apiKey.toUtf8()});
        return h;
    }
};

} // namespace

std::unique_ptr<WireFormat> makeAnthropicWire() {
    return std::make_unique<AnthropicWire>();
}

} // namespace trellis::providers
