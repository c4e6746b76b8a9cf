#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace trellis::providers {

// One server-sent event. `data` joins multiple data lines with '\n'.
struct SseEvent {
    QByteArray event; // empty means the default "message"
    QByteArray data;
    QByteArray id;
    int retryMs = -1;
};

// Incremental parser for text/event-stream (WHATWG HTML, "event stream interpretation").
// Bytes may arrive split anywhere, including inside a CRLF pair or a UTF-8 sequence; lines
// end in CRLF, LF or CR; comment lines (":" …, used for keep-alive pings) are counted and
// skipped. The parser never reads JSON: decoding the data is the wire format's business.
class SseParser {
public:
    // Appends the events completed by `bytes` to `out`. Fails only when a single line grows
    // beyond maxLineBytes (a stream that never sends a newline would otherwise eat memory).
    Status feed(QByteArrayView bytes, QList<SseEvent> &out);

    // End of input: a final line without a newline and an event without its blank line are
    // dispatched (lenient, as several servers end that way). Resets the parser.
    void finish(QList<SseEvent> &out);

    int comments() const { return m_comments; }
    qsizetype maxLineBytes = 16 * 1024 * 1024;

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);

    QByteArray m_line;
    SseEvent m_pending;
    bool m_hasData = false;
    bool m_skipLf = false; // the previous chunk ended in CR: a leading LF belongs to it
    bool m_started = false;
    int m_comments = 0;
};

} // namespace trellis::providers
