// Ollama's native API: /api/chat streams NDJSON lines, the last one has "done": true and the
// token counts; /api/tags lists the local models.
#include "error_classify.h"
#include "wire_util.h"

using nlohmann::json;

namespace trellis::providers {

namespace {

using namespace wire;

DecodeError readLine(const json &j, DecodeState &state, QString &delta) {
    QString added;
    if (j.contains("error"))
        return errorFromJson(0, j);
    if (state.model.isEmpty())
        state.model = qstr(j, "model");
    added += qstr(member(j, "message"), "content");
    state.text += added;
    delta += added;
    if (boolean(j, "done")) {
        state.done = true;
        const QString raw = qstr(j, "done_reason");
        state.rawFinishReason = raw;
        state.finishReason = raw == u"length"                  ? QStringLiteral("length")
                             : raw.isEmpty() || raw == u"stop" ? QStringLiteral("stop")
                                                               : QStringLiteral("other");
        state.usage.reported = j.contains("prompt_eval_count") || j.contains("eval_count");
        state.usage.inputTokens = integer(j, "prompt_eval_count");
        state.usage.outputTokens = integer(j, "eval_count");
    }
    return std::nullopt;
}

class OllamaWire final : public WireFormat {
public:
    QString name() const override { return QStringLiteral("ollama"); }
    Framing framing() const override { return Framing::Ndjson; }

    HttpRequestSpec chatRequest(const ProviderRequest &r, const EndpointConfig &c) const override {
        json body = {
            {"model", str(r.model)}, {"messages", chatMessages(r.messages)}, {"stream", r.stream}};
        json options = json::object();
        if (r.temperature)
            options["temperature"] = *r.temperature;
        if (r.topP)
            options["top_p"] = *r.topP;
        if (r.maxTokens)
            options["num_predict"] = *r.maxTokens;
        if (r.seed)
            options["seed"] = *r.seed;
        if (!r.stop.isEmpty()) {
            json stop = json::array();
            for (const QString &s : r.stop)
                stop.push_back(str(s));
            options["stop"] = stop;
        }
        if (!options.empty())
            body["options"] = options;
        if (!r.outputSchema.is_null())
            body["format"] = r.outputSchema; // Ollama ≥ 0.5 takes a JSON Schema here
        HttpRequestSpec spec;
        spec.url = join(c.baseUrl, QStringLiteral("api/chat"));
        spec.headers = headers(c, r.stream);
        spec.body = dump(body);
        return spec;
    }

    DecodeError onEvent(const QByteArray &, const QByteArray &line, DecodeState &state,
                        QString &delta) const override {
        const auto j = parse(line);
        if (!j || !j->is_object())
            return parseError(QStringLiteral("an Ollama stream line"), line);
        return readLine(*j, state, delta);
    }

    DecodeError onBody(const QByteArray &body, DecodeState &state) const override {
        const auto j = parse(body);
        if (!j || !j->is_object())
            return parseError(QStringLiteral("an Ollama response"), body);
        QString added;
        return readLine(*j, state, added);
    }

    HttpRequestSpec modelsRequest(const EndpointConfig &c) const override {
        return getRequest(c.baseUrl, QStringLiteral("api/tags"), headers(c, false));
    }

    Result<std::vector<ModelInfo>> parseModels(const QByteArray &body) const override {
        return modelList(body, "models", "name", nullptr, nullptr, {});
    }

private:
    static HeaderList headers(const EndpointConfig &c, bool stream) {
        HeaderList h = baseHeaders(c, false);
        Q_UNUSED(stream)         // Ollama streams NDJSON whatever Accept says
        if (!c.apiKey.isEmpty()) // for Ollama behind an authenticating proxy
            h.append({"Authorization", "Bearer " + c.apiKey.toUtf8()});
        return h;
    }
};

} // namespace

std::unique_ptr<WireFormat> makeOllamaWire() {
    return std::make_unique<OllamaWire>();
}

} // namespace trellis::providers
