#pragma once

#include "ndjson_parser.h"
#include "sse_parser.h"
#include "wire_format.h"

namespace trellis::providers {

// Feeds response bytes through the framing parser (SSE or NDJSON) into a wire format and keeps
// the decoded state. Network-free, so every wire format can be tested with its bytes split at
// every position. After the first error the decoder ignores further input.
class StreamDecoder {
public:
    explicit StreamDecoder(const WireFormat &wire);

    // Appends newly decoded text to `delta`.
    DecodeError feed(QByteArrayView bytes, QString &delta);
    // End of the body: flushes the parser, then fails if the terminal event never came.
    DecodeError finish(QString &delta);

    const DecodeState &state() const { return m_state; }
    DecodeState &state() { return m_state; }

private:
    DecodeError dispatch(QString &delta);

    const WireFormat &m_wire;
    SseParser m_sse;
    NdjsonParser m_ndjson;
    QList<SseEvent> m_events;
    QList<QByteArray> m_lines;
    DecodeState m_state;
    bool m_failed = false;
};

} // namespace trellis::providers
