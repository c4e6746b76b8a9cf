#include "stream_decoder.h"

namespace trellis::providers {

StreamDecoder::StreamDecoder(const WireFormat &wire)
    : m_wire(wire) {}

DecodeError StreamDecoder::feed(QByteArrayView bytes, QString &delta) {
    if (m_failed)
        return std::nullopt;
    const Status framed = m_wire.framing() == Framing::Sse ? m_sse.feed(bytes, m_events)
                                                           : m_ndjson.feed(bytes, m_lines);
    if (!framed) {
        m_failed = true;
        ProviderError e;
        e.kind = ErrorKind::Parse;
        e.message = framed.error().message;
        return e;
    }
    return dispatch(delta);
}

DecodeError StreamDecoder::finish(QString &delta) {
    if (m_failed)
        return std::nullopt;
    if (m_wire.framing() == Framing::Sse)
        m_sse.finish(m_events);
    else
        m_ndjson.finish(m_lines);
    if (auto e = dispatch(delta))
        return e;
    if (m_state.done)
        return std::nullopt;
    // Some servers end an OpenAI stream after the finish_reason chunk without "[DONE]";
    // the answer is complete then, only the terminal marker is missing.
    if (!m_state.finishReason.isEmpty())
        return std::nullopt;
    m_failed = true;
    ProviderError e;
    e.kind = ErrorKind::Parse;
    e.retryable = true; // a dropped connection, most likely
    e.message = QStringLiteral("%1 stream ended before its final event (truncated after %2 "
                               "characters)")
                    .arg(m_wire.name())
                    .arg(m_state.text.size());
    return e;
}

DecodeError StreamDecoder::dispatch(QString &delta) {
    if (m_wire.framing() == Framing::Sse) {
        for (qsizetype i = 0; i < m_events.size(); ++i) {
            if (auto e = m_wire.onEvent(m_events[i].event, m_events[i].data, m_state, delta)) {
                m_failed = true;
                m_events.clear();
                return e;
            }
        }
        m_events.clear();
    } else {
        for (qsizetype i = 0; i < m_lines.size(); ++i) {
            if (auto e = m_wire.onEvent({}, m_lines[i], m_state, delta)) {
                m_failed = true;
                m_lines.clear();
                return e;
            }
        }
        m_lines.clear();
    }
    return std::nullopt;
}

} // namespace trellis::providers
