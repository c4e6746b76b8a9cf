#include "ndjson_parser.h"

#include <cstring>

namespace trellis::providers {

Status NdjsonParser::feed(QByteArrayView bytes, QList<QByteArray> &out) {
    const char *p = bytes.data();
    const char *end = p + bytes.size();
    while (p != end) {
        const char *q = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
        const char *stop = q == nullptr ? end : q;
        m_line.append(p, stop - p);
        if (m_line.size() > maxLineBytes) {
            m_line.clear();
            return Error(QStringLiteral("NDJSON line longer than %1 bytes").arg(maxLineBytes));
        }
        if (q == nullptr)
            break;
        emitLine(out);
        p = q + 1;
    }
    return {};
}

void NdjsonParser::finish(QList<QByteArray> &out) {
    emitLine(out);
}

void NdjsonParser::emitLine(QList<QByteArray> &out) {
    QByteArray line = std::move(m_line);
    m_line = QByteArray();
    if (line.endsWith('\r'))
        line.chop(1);
    if (!line.trimmed().isEmpty())
        out.append(std::move(line));
}

} // namespace trellis::providers
