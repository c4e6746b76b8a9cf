// Fuzzes the SSE parser and every SSE wire format behind it: the input is split into chunks
// at positions taken from its first byte, as a network would split it.
#include "providers/stream_decoder.h"

#include <cstdint>

using namespace trellis::providers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    static const auto openai = makeOpenAiWire();
    static const auto anthropic = makeAnthropicWire();
    static const auto gemini = makeGeminiWire();
    const WireFormat *wires[] = {openai.get(), anthropic.get(), gemini.get()};
    const size_t step = 1 + data[0] % 13;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    for (const WireFormat *wire : wires) {
        StreamDecoder decoder(*wire);
        QString delta;
        for (qsizetype i = 0; i < bytes.size(); i += qsizetype(step))
            (void)decoder.feed(bytes.sliced(i, qMin<qsizetype>(qsizetype(step), bytes.size() - i)),
                               delta);
        (void)decoder.finish(delta);
        DecodeState whole;
        (void)wire->onBody(bytes.toByteArray(), whole);
    }
    SseParser parser;
    QList<SseEvent> events;
    (void)parser.feed(bytes, events);
    parser.finish(events);
    return 0;
}
