#include "fake_reply.h"

namespace trellis::testing {

QString fakeFaultName(FakeFault fault) {
    switch (fault) {
    case FakeFault::None:
        return QStringLiteral("none");
    case FakeFault::HttpError:
        return QStringLiteral("http_error");
    case FakeFault::SlowFirstToken:
        return QStringLiteral("slow_first_token");
    case FakeFault::NeverAnswer:
        return QStringLiteral("never_answer");
    case FakeFault::Truncated:
        return QStringLiteral("truncated");
    case FakeFault::Disconnect:
        return QStringLiteral("disconnect");
    case FakeFault::MalformedJson:
        return QStringLiteral("malformed_json");
    case FakeFault::SlowDrip:
        return QStringLiteral("slow_drip");
    case FakeFault::MidStreamError:
        return QStringLiteral("mid_stream_error");
    }
    return {};
}

FakeReply FakeReply::ok(const QString &text) {
    FakeReply r;
    r.text = text;
    return r;
}

FakeReply FakeReply::httpError(int status, const QString &errorType) {
    FakeReply r;
    r.fault = FakeFault::HttpError;
    r.status = status;
    r.errorType = errorType;
    return r;
}

FakeReply FakeReply::rateLimited(int retryAfterSec, int retryAfterMs) {
    FakeReply r = httpError(429);
    r.retryAfterSec = retryAfterSec;
    r.retryAfterMs = retryAfterMs;
    return r;
}

FakeReply FakeReply::withFault(FakeFault f, int delayMs) {
    FakeReply r;
    r.fault = f;
    r.delayMs = delayMs;
    return r;
}

} // namespace trellis::testing
