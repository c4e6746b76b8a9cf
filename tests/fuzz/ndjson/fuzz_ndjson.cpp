// Fuzzes the NDJSON splitter and the Ollama wire format, chunked as in fuzz_sse.cpp.
#include "providers/stream_decoder.h"

#include <cstdint>

using namespace trellis::providers;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0)
        return 0;
    static const auto ollama = makeOllamaWire();
    const size_t step = 1 + data[0] % 13;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    StreamDecoder decoder(*ollama);
    QString delta;
    for (qsizetype i = 0; i < bytes.size(); i += qsizetype(step))
        (void)decoder.feed(bytes.sliced(i, qMin<qsizetype>(qsizetype(step), bytes.size() - i)),
                           delta);
    (void)decoder.finish(delta);
    DecodeState whole;
    (void)ollama->onBody(bytes.toByteArray(), whole);
    return 0;
}
