#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace trellis::providers {

// Incremental splitter for newline-delimited JSON (Ollama's stream). Bytes may arrive split
// anywhere; lines end in LF or CRLF; blank lines are skipped. Lines are returned undecoded.
class NdjsonParser {
public:
    // Appends the completed lines to `out`; fails when one line exceeds maxLineBytes.
    Status feed(QByteArrayView bytes, QList<QByteArray> &out);
    // End of input: a last line without its newline is still a line.
    void finish(QList<QByteArray> &out);

    qsizetype maxLineBytes = 16 * 1024 * 1024;

private:
    void emitLine(QList<QByteArray> &out);

    QByteArray m_line;
};

} // namespace trellis::providers
