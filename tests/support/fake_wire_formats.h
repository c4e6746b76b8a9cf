#pragma once

#include "fake_reply.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace trellis::testing {

// What the fake server understood of a chat request, whatever its format.
struct ParsedChat {
    QString model;
    QString lastUserText;
    qint64 inputTokens = 1;
    bool stream = false;
    bool includeUsage = false; // OpenAI stream_options.include_usage
};

ParsedChat parseChatRequest(FakeWire wire, const nlohmann::json &body, const QString &pathModel,
                            bool sseQuery);

// The reply of one format as either one body or a list of stream pieces. The builders produce
// exactly what the real APIs send (see docs/providers.md for the shapes).
struct WireReply {
    QByteArray contentType;
    QByteArray body;          // non-streaming
    QList<QByteArray> pieces; // streaming: one SSE event or NDJSON line each
    int contentPieces = 0;    // index of the first piece that carries text
    int terminalPieces = 0;   // trailing pieces that finish the stream (cut by Truncated)
};

struct ReplyShape {
    QString text;
    int chunkChars = 8;
    qint64 outputTokens = 1;
    qint64 cachedTokens = 0;
};

WireReply buildChatReply(FakeWire wire, const ParsedChat &chat, const ReplyShape &shape);
QByteArray buildErrorBody(FakeWire wire, int status, const QString &type, const QString &message);
QByteArray buildMidStreamError(FakeWire wire);
QByteArray malformedPiece(FakeWire wire);
QByteArray buildModelList(FakeWire wire, const QStringList &models);

QString defaultErrorType(FakeWire wire, int status);
qint64 approxTokens(const QString &text);

} // namespace trellis::testing
