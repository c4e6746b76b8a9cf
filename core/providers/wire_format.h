#pragma once

#include "common/result.h"
#include "provider_types.h"

#include <QUrl>

#include <memory>
#include <optional>

namespace trellis::providers {

// Where and how to reach one endpoint. The key never leaves this struct except in the
// credential header of the request itself.
struct EndpointConfig {
    QString providerId; // "openai", "groq", "anthropic", ...
    QUrl baseUrl;
    QString apiKey;
    HeaderList extraHeaders;
    // OpenAI-compatible servers disagree: OpenAI wants max_completion_tokens, some older
    // servers only know max_tokens.
    QByteArray maxTokensField = "max_completion_tokens";
    int defaultMaxTokens = 4096; // Anthropic requires max_tokens
    QByteArray anthropicVersion = "2023-06-01";
};

struct HttpRequestSpec {
    QByteArray method = "POST";
    QUrl url;
    HeaderList headers; // credentials included: redact before logging
    QByteArray body;
};

enum class Framing { Sse, Ndjson };

// What the decoding of one response has gathered so far.
struct DecodeState {
    QString text;
    Usage usage;
    QString rawFinishReason;
    QString finishReason;
    QString model;
    bool done = false;      // the terminal event (or a finish reason) has been seen
    nlohmann::json scratch; // wire-specific bookkeeping (Anthropic's split usage counts)
};

using DecodeError = std::optional<ProviderError>;

// One wire format: builds requests and decodes responses. Stateless and thread-safe; all
// per-response state lives in DecodeState.
class WireFormat {
public:
    virtual ~WireFormat() = default;

    virtual QString name() const = 0; // "openai", "anthropic", "gemini", "ollama"
    virtual Framing framing() const = 0;
    virtual HttpRequestSpec chatRequest(const ProviderRequest &request,
                                        const EndpointConfig &config) const = 0;
    // One stream payload: an SSE event (event name and data) or one NDJSON line (empty name).
    // Appends newly received text to `delta`.
    virtual DecodeError onEvent(const QByteArray &name, const QByteArray &data, DecodeState &state,
                                QString &delta) const = 0;
    // A complete non-streaming body.
    virtual DecodeError onBody(const QByteArray &body, DecodeState &state) const = 0;

    virtual HttpRequestSpec modelsRequest(const EndpointConfig &config) const = 0;
    virtual Result<std::vector<ModelInfo>> parseModels(const QByteArray &body) const = 0;
};

std::unique_ptr<WireFormat> makeOpenAiWire();
std::unique_ptr<WireFormat> makeAnthropicWire();
std::unique_ptr<WireFormat> makeGeminiWire();
std::unique_ptr<WireFormat> makeOllamaWire();

} // namespace trellis::providers
