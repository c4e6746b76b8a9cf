#include "sse_parser.h"

#include <cstring>

namespace trellis::providers {

Status SseParser::feed(QByteArrayView bytes, QList<SseEvent> &out) {
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    if (!m_started && p != end) {
        // A UTF-8 byte order mark may start the stream; it can itself arrive split.
        static constexpr char bom[] = "\xEF\xBB\xBF";
        while (p != end && m_line.size() < 3 && *p == bom[m_line.size()])
            m_line.append(*p++);
        if (p == end && m_line.size() < 3)
            return {};
        if (m_line.size() == 3)
            m_line.clear();
        m_started = true;
    }
    while (p != end) {
        if (m_skipLf) {
            m_skipLf = false;
            if (*p == '\n') {
                ++p;
                continue;
            }
        }
        const char *q = p;
        while (q != end && *q != '\n' && *q != '\r')
            ++q;
        // A line that lies whole in this chunk is read in place, without a copy.
        const bool inPlace = q != end && m_line.isEmpty();
        if (!inPlace)
            m_line.append(p, q - p);
        if ((inPlace ? q - p : m_line.size()) > maxLineBytes) {
            m_line.clear();
            return Error(
                QStringLiteral("event stream line longer than %1 bytes").arg(maxLineBytes));
        }
        if (q == end)
            break;
        m_skipLf = *q == '\r';
        if (inPlace) {
            processLine(QByteArrayView(p, q - p), out);
        } else {
            processLine(m_line, out);
            m_line.resize(0);
        }
        p = q + 1;
    }
    return {};
}

void SseParser::finish(QList<SseEvent> &out) {
    if (!m_line.isEmpty())
        processLine(m_line, out);
    dispatch(out);
    *this = SseParser{};
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent> &out) {
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.startsWith(':')) {
        ++m_comments;
        return;
    }
    const auto *colonAt = static_cast<const char *>(std::memchr(line.data(), ':', line.size()));
    const qsizetype colon = colonAt == nullptr ? -1 : colonAt - line.data();
    const QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value;
    if (colon >= 0) {
        value = line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }
    if (field == "data") {
        if (m_hasData)
            m_pending.data.append('\n');
        m_pending.data.append(value);
        m_hasData = true;
    } else if (field == "event") {
        m_pending.event = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_pending.id = value.toByteArray();
    } else if (field == "retry") {
        bool ok = false;
        const int ms = value.toByteArray().toInt(&ok);
        if (ok && ms >= 0)
            m_pending.retryMs = ms;
    }
    // Other fields are ignored, as the specification says.
}

void SseParser::dispatch(QList<SseEvent> &out) {
    if (m_hasData)
        out.append(std::move(m_pending));
    m_pending = SseEvent{};
    m_hasData = false;
}

} // namespace trellis::providers
