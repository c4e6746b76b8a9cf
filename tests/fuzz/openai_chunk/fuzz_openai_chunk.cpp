// Differential target: the in-place reader of OpenAI stream chunks (openAiChunk, built on
// wire::JsonCursor) must decide exactly as the nlohmann::json tree does (openAiChunkDom): the
// same errors, text, finish reason, model and usage for any input. Aborts on a difference.
#include "providers/openai_chunk.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace trellis::providers;

namespace {

bool same(const Usage &a, const Usage &b) {
    return a.reported == b.reported && a.inputTokens == b.inputTokens
           && a.outputTokens == b.outputTokens && a.cachedTokens == b.cachedTokens;
}

bool same(const DecodeState &a, const DecodeState &b) {
    return a.text == b.text && a.model == b.model && a.finishReason == b.finishReason
           && a.rawFinishReason == b.rawFinishReason && a.done == b.done && same(a.usage, b.usage);
}

bool same(const DecodeError &a, const DecodeError &b) {
    if (a.has_value() != b.has_value())
        return false;
    return !a
           || (a->kind == b->kind && a->message == b->message && a->retryable == b->retryable
               && a->httpStatus == b->httpStatus && a->code == b->code);
}

void check(const QByteArray &data, const DecodeState &start) {
    DecodeState fast = start;
    DecodeState dom = start;
    QString fastDelta;
    QString domDelta;
    const DecodeError fastError = openAiChunk(data, fast, fastDelta);
    const DecodeError domError = openAiChunkDom(data, dom, domDelta);
    if (!same(fastError, domError) || !same(fast, dom) || fastDelta != domDelta) {
        std::fprintf(stderr, "openAiChunk differs from openAiChunkDom\n");
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    check(bytes, DecodeState{});
    DecodeState used;
    used.model = QStringLiteral("earlier-model");
    used.text = QStringLiteral("earlier text ");
    used.usage.cachedTokens = 7;
    check(bytes, used);
    return 0;
}
