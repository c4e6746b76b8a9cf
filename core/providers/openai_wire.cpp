// OpenAI Chat Completions, also spoken by Azure OpenAI (v1 API), OpenRouter, Groq, Together,
// vLLM, llama.cpp server, LM Studio and Ollama's /v1.
#include "error_classify.h"
#include "openai_chunk.h"
#include "wire_util.h"

using nlohmann::json;

namespace trellis::providers {

namespace {

using namespace wire;

class OpenAiWire final : public WireFormat {
public:
    QString name() const override { return QStringLiteral("openai"); }
    Framing framing() const override { return Framing::Sse; }

    HttpRequestSpec chatRequest(const ProviderRequest &r, const EndpointConfig &c) const override {
        json body = {
            {"model", str(r.model)}, {"messages", chatMessages(r.messages)}, {"stream", r.stream}};
        if (r.stream)
            body["stream_options"] = {{"include_usage", true}};
        if (r.maxTokens)
            body[c.maxTokensField.toStdString()] = *r.maxTokens;
        if (r.temperature)
            body["temperature"] = *r.temperature;
        if (r.topP)
            body["top_p"] = *r.topP;
        if (r.seed)
            body["seed"] = *r.seed;
        if (!r.stop.isEmpty()) {
            json stop = json::array();
            for (const QString &s : r.stop)
                stop.push_back(str(s));
            body["stop"] = stop;
        }
        if (!r.outputSchema.is_null()) {
            body["response_format"] = {{"type", "json_schema"},
                                       {"json_schema",
                                        {{"name", str(r.schemaName)},
                                         {"schema", r.outputSchema},
                                         {"strict", r.strictSchema}}}};
        }
        HttpRequestSpec spec;
        spec.url = join(c.baseUrl, QStringLiteral("chat/completions"));
        spec.headers = baseHeaders(c, r.stream);
        if (!c.apiKey.isEmpty())
            spec.headers.append({"Authorization", "Bearer " + c.apiKey.toUtf8()});
        spec.body = dump(body);
        return spec;
    }

    DecodeError onEvent(const QByteArray &, const QByteArray &data, DecodeState &state,
                        QString &delta) const override {
        return openAiChunk(data, state, delta);
    }

    DecodeError onBody(const QByteArray &body, DecodeState &state) const override {
        const auto j = parse(body);
        if (!j || !j->is_object())
            return parseError(QStringLiteral("an OpenAI response"), body);
        if (j->contains("error"))
            return errorFromJson(0, *j);
        const json choices = member(*j, "choices");
        if (!choices.is_array() || choices.empty())
            return parseError(QStringLiteral("an OpenAI response without choices"), body);
        state.model = qstr(*j, "model");
        state.text = qstr(member(choices[0], "message"), "content");
        openAiFinish(qstr(choices[0], "finish_reason"), state);
        openAiUsage(member(*j, "usage"), state);
        state.done = true;
        return std::nullopt;
    }

    HttpRequestSpec modelsRequest(const EndpointConfig &c) const override {
        HttpRequestSpec spec =
            getRequest(c.baseUrl, QStringLiteral("models"), baseHeaders(c, false));
        if (!c.apiKey.isEmpty())
            spec.headers.append({"Authorization", "Bearer " + c.apiKey.toUtf8()});
        return spec;
    }

    Result<std::vector<ModelInfo>> parseModels(const QByteArray &body) const override {
        return modelList(body, "data", "id", nullptr, "context_length", {});
    }
};

} // namespace

std::unique_ptr<WireFormat> makeOpenAiWire() {
    return std::make_unique<OpenAiWire>();
}

} // namespace trellis::providers
