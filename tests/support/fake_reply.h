#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace trellis::testing {

// The four wire formats the fake server speaks, chosen from the request path.
enum class FakeWire { OpenAI, Anthropic, Gemini, Ollama };

QString fakeWireName(FakeWire wire);

// What can go wrong on purpose.
enum class FakeFault {
    None,           // a normal answer
    HttpError,      // `status` with the format's error body (429, 500, 503, 529, 401, ...)
    SlowFirstToken, // headers at once, then `delayMs` before the first content
    NeverAnswer,    // read the request, never write a byte (total timeout)
    Truncated,      // stream stops cleanly before its terminal event / body cut short
    Disconnect,     // connection aborted in the middle of the body
    MalformedJson,  // a body or stream event that is not valid JSON
    SlowDrip,       // every chunk `delayMs` apart
    MidStreamError, // a stream that reports an error event after some content
};

QString fakeFaultName(FakeFault fault);

// One scripted reply. Fields that do not apply to the fault are ignored.
struct FakeReply {
    FakeFault fault = FakeFault::None;
    QString text;            // reply text; empty means the default echo of the last user message
    int status = 200;        // for HttpError
    QString errorType;       // e.g. "insufficient_quota", "overloaded_error"; default per status
    QString errorMessage;    // default per status
    int retryAfterSec = -1;  // adds `retry-after: N`
    int retryAfterMs = -1;   // adds `retry-after-ms: N`
    int delayMs = 0;         // SlowFirstToken / SlowDrip
    int latencyMs = -1;      // before the headers; -1 uses the server's setting
    int chunkChars = 8;      // text characters per stream chunk
    qint64 cachedTokens = 0; // reported as cached input tokens
    QList<QPair<QByteArray, QByteArray>> extraHeaders;

    static FakeReply ok(const QString &text = {});
    static FakeReply httpError(int status, const QString &errorType = {});
    static FakeReply rateLimited(int retryAfterSec, int retryAfterMs = -1);
    static FakeReply withFault(FakeFault fault, int delayMs = 0);
};

} // namespace trellis::testing
