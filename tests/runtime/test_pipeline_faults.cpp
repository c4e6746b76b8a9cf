// Failure handling against the fake server: retries (timed from the server's own request
// timestamps), fallbacks, a 30% fault rate, rate limits, timeouts and cancellation at each stage.
#include "pipeline_fixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace trellis;
using namespace trellis::runtime;
using trellis::test::PipelineFixture;
using trellis::testing::FakeFault;
using trellis::testing::FakeReply;
using json = nlohmann::json;

namespace {
QList<qint64> chatTimes(const testing::FakeLlmServer &server) {
    QList<qint64> out;
    for (const auto &r : server.requests())
        if (r.isChat)
            out << r.receivedMs;
    return out;
}

bool waitStage(RunHandle *h, RunStage stage, int timeoutMs = 10000) {
    QElapsedTimer t;
    t.start();
    while (h->stage() != stage && t.elapsed() < timeoutMs)
        QTest::qWait(5);
    return h->stage() == stage;
}
} // namespace

class TestPipelineFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void retriesWaitAsTold() {
        PipelineFixture f;
        f.server.enqueue(FakeReply::rateLimited(-1, 400)); // retry-after-ms: 400
        f.server.enqueue(FakeReply::rateLimited(1));       // retry-after: 1 (second)
        f.server.enqueue(FakeReply::httpError(503));       // no hint: backoff (10 ms base)
        const RunOutcome o = f.run(f.request(QStringLiteral("patience")));
        QVERIFY2(o.ok, qPrintable(o.errorMessage));
        QCOMPARE(o.attempts, 4);
        const QList<qint64> t = chatTimes(f.server);
        QCOMPARE(t.size(), 4);
        QVERIFY2(t[1] - t[0] >= 400, qPrintable(QString::number(t[1] - t[0])));
        QVERIFY2(t[2] - t[1] >= 1000, qPrintable(QString::number(t[2] - t[1])));
        QVERIFY2(t[3] - t[2] < 1000, qPrintable(QString::number(t[3] - t[2])));
        const auto rows = f.runs();
        QCOMPARE(rows.size(), std::size_t(4));
        QCOMPARE(rows[0].status, QStringLiteral("error"));
        QVERIFY(rows[0].error.contains(QStringLiteral("429")));
        QVERIFY(rows[0].params["_run"]["final"] == json(false));
        QCOMPARE(rows[3].status, QStringLiteral("ok"));
        QCOMPARE(rows[3].attempts, 4);
        QVERIFY(rows[3].params["_run"]["id"] == rows[0].params["_run"]["id"]);
    }

    void retryAfterIsCapped() {
        PipelineConfig c = PipelineFixture::fastConfig();
        c.retry.maxRetryAfterMs = 200;
        PipelineFixture f(c);
        f.server.enqueue(FakeReply::rateLimited(30)); // 30 s asked, 200 ms allowed
        QVERIFY(f.run(f.request(QStringLiteral("x"))).ok);
        const QList<qint64> t = chatTimes(f.server);
        QVERIFY(t[1] - t[0] >= 200);
        QVERIFY(t[1] - t[0] < 5000);
    }

    void neverRetriesClientErrors_data() {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("400") << 400 << QString();
        QTest::newRow("401") << 401 << QString();
        QTest::newRow("403") << 403 << QString();
        QTest::newRow("404") << 404 << QString();
        QTest::newRow("quota") << 429 << QStringLiteral("insufficient_quota");
    }
    void neverRetriesClientErrors() {
        QFETCH(int, status);
        QFETCH(QString, type);
        PipelineFixture f;
        f.server.enqueue(FakeReply::httpError(status, type));
        const RunOutcome o = f.run(f.request(QStringLiteral("x")));
        QVERIFY(!o.ok);
        QCOMPARE(o.errorKind, RunErrorKind::Provider);
        QCOMPARE(o.attempts, 1);
        QCOMPARE(f.server.chatRequestCount(), 1);
    }

    void fallbacksFire() {
        PipelineConfig c = PipelineFixture::fastConfig();
        c.retry.maxAttempts = 2;
        c.fallbacks.insert(QStringLiteral("openai:gpt-4o-mini"),
                           {QStringLiteral("anthropic:claude-haiku-4-5")});
        PipelineFixture f(c);
        f.server.enqueue(FakeReply::httpError(500));
        f.server.enqueue(FakeReply::httpError(529));
        const RunOutcome o = f.run(f.request(QStringLiteral("fall back")));
        QVERIFY2(o.ok, qPrintable(o.errorMessage));
        QCOMPARE(o.model, QStringLiteral("anthropic:claude-haiku-4-5"));
        QCOMPARE(o.attempts, 3);
        const auto reqs = f.server.requests();
        QVERIFY(reqs[1].path.endsWith("/chat/completions"));
        QVERIFY(reqs[2].path.endsWith("/v1/messages"));
        const auto rows = f.runs();
        QCOMPARE(rows.size(), std::size_t(3));
        QCOMPARE(rows[2].provider, QStringLiteral("anthropic"));
        // A non-retryable error goes to the fallback at once; the request's own chain wins.
        PipelineFixture g;
        g.server.enqueue(FakeReply::httpError(401));
        RunRequest r = g.request(QStringLiteral("x"));
        r.fallbackModels = {QStringLiteral("anthropic:claude-haiku-4-5")};
        const RunOutcome o2 = g.run(r);
        QVERIFY(o2.ok);
        QCOMPARE(g.server.chatRequestCount(), 2);
        // Everything exhausted: a controlled error naming the last failure.
        PipelineFixture h(c);
        for (int i = 0; i < 4; ++i)
            h.server.enqueue(FakeReply::httpError(503));
        const RunOutcome o3 = h.run(h.request(QStringLiteral("x")));
        QVERIFY(!o3.ok);
        QCOMPARE(o3.errorKind, RunErrorKind::Provider);
        QVERIFY(o3.providerError && o3.providerError->httpStatus == 503);
        QCOMPARE(h.server.chatRequestCount(), 4);
    }

    void nothingIsLostAtThirtyPercentFaults_data() {
        QTest::addColumn<int>("maxAttempts");
        QTest::newRow("with retries") << 10;
        QTest::newRow("without retries") << 1;
    }
    void nothingIsLostAtThirtyPercentFaults() {
        QFETCH(int, maxAttempts);
        PipelineConfig c = PipelineFixture::fastConfig();
        c.retry.maxAttempts = maxAttempts;
        c.retry.maxRetryAfterMs = 100;
        c.defaultLimits.maxConcurrent = 16;
        PipelineFixture f(c);
        f.server.setRandomFaults(0.3, 42);
        constexpr int kRuns = 300;
        QList<RunHandle *> handles;
        for (int i = 0; i < kRuns; ++i)
            handles << f.pipeline->start(f.request(QStringLiteral("request %1").arg(i)));
        int ok = 0;
        int failed = 0;
        for (RunHandle *h : handles) {
            QVERIFY(PipelineFixture::waitDone(h, 60000));
            if (h->outcome().ok) {
                ++ok;
                QVERIFY(h->outcome().text.contains(QStringLiteral("request")));
            } else {
                ++failed;
                QCOMPARE(h->outcome().errorKind, RunErrorKind::Provider);
                QVERIFY(h->outcome().providerError.has_value());
            }
        }
        QCOMPARE(ok + failed, kRuns);
        const auto finals = f.finalRuns();
        QCOMPARE(int(finals.size()), kRuns); // every run has its final row
        int recordedErrors = 0;
        for (const auto &r : finals)
            recordedErrors += r.status == u"error" ? 1 : 0;
        QCOMPARE(recordedErrors, failed);
        if (maxAttempts > 1) {
            QCOMPARE(ok, kRuns);
            QVERIFY(f.server.chatRequestCount() > kRuns); // the faults did happen
        } else {
            QVERIFY(failed > 30); // the faults did happen, and each one is accounted for
        }
        qDeleteAll(handles);
    }

    void rateLimitsHold() {
        PipelineConfig c = PipelineFixture::fastConfig();
        LaneLimits l;
        l.requestsPerMinute = 600; // 10 per second
        l.burstRequests = 1;
        c.limits.insert(QStringLiteral("openai:gpt-4o-mini"), l);
        PipelineFixture f(c);
        QList<RunHandle *> handles;
        for (int i = 0; i < 12; ++i)
            handles << f.pipeline->start(f.request(QStringLiteral("r%1").arg(i)));
        for (RunHandle *h : handles)
            QVERIFY(PipelineFixture::waitDone(h));
        const QList<qint64> t = chatTimes(f.server);
        QCOMPARE(t.size(), 12);
        // One request per 100 ms after the burst of one. The first request also paid for the
        // TCP connect, so the spacing is checked from the second one on (connections are reused).
        QVERIFY2(t.last() - t.first() >= 1100 - 10,
                 qPrintable(QString::number(t.last() - t.first())));
        for (int i = 2; i < t.size(); ++i)
            QVERIFY2(t[i] - t[1] >= (i - 1) * 100 - 10,
                     qPrintable(QStringLiteral("%1: %2").arg(i).arg(t[i] - t[1])));
    }

    void concurrencyIsBounded() {
        PipelineConfig c = PipelineFixture::fastConfig();
        c.defaultLimits.maxConcurrent = 2;
        PipelineFixture f(c);
        f.server.setLatencyMs(150);
        QList<RunHandle *> handles;
        for (int i = 0; i < 6; ++i)
            handles << f.pipeline->start(f.request(QStringLiteral("c%1").arg(i)));
        for (RunHandle *h : handles)
            QVERIFY(PipelineFixture::waitDone(h));
        const QList<qint64> t = chatTimes(f.server);
        QCOMPARE(t.size(), 6);
        for (int i = 2; i < t.size(); ++i) // the third waits for the first to finish
            QVERIFY2(t[i] - t[i - 2] >= 140, qPrintable(QString::number(t[i] - t[i - 2])));
    }

    void timeoutsAreControlledErrors() {
        PipelineConfig c = PipelineFixture::fastConfig();
        c.retry.maxAttempts = 1;
        c.timeouts.firstTokenMs = 200;
        PipelineFixture f(c);
        f.server.enqueue(FakeReply::withFault(FakeFault::SlowFirstToken, 3000));
        const RunOutcome o = f.run(f.request(QStringLiteral("slow")));
        QVERIFY(!o.ok);
        QVERIFY(o.providerError.has_value());
        QCOMPARE(o.providerError->timeoutStage, QStringLiteral("first_token"));
        QCOMPARE(f.finalRuns().at(0).status, QStringLiteral("error"));
    }

    void cancelsAtEveryStage() {
        // Pending: nothing was done.
        {
            PipelineFixture f;
            RunHandle *h = f.pipeline->start(f.request(QStringLiteral("x")));
            QSignalSpy failed(h, &RunHandle::failed);
            h->cancel();
            QCOMPARE(failed.size(), 1);
            QCOMPARE(h->outcome().errorKind, RunErrorKind::Cancelled);
            QCOMPARE(h->outcome().stage, RunStage::Pending);
            QTest::qWait(50);
            QCOMPARE(f.server.chatRequestCount(), 0);
            QCOMPARE(f.finalRuns().at(0).status, QStringLiteral("cancelled"));
        }
        // Queued behind a concurrency limit.
        {
            PipelineConfig c = PipelineFixture::fastConfig();
            c.defaultLimits.maxConcurrent = 1;
            PipelineFixture f(c);
            f.server.setLatencyMs(300);
            RunHandle *first = f.pipeline->start(f.request(QStringLiteral("first")));
            RunHandle *second = f.pipeline->start(f.request(QStringLiteral("second")));
            QVERIFY(waitStage(second, RunStage::Queued));
            second->cancel();
            QCOMPARE(second->outcome().stage, RunStage::Queued);
            QVERIFY(PipelineFixture::waitDone(first));
            QVERIFY(first->outcome().ok);
            QCOMPARE(f.server.chatRequestCount(), 1);
            QCOMPARE(f.pipeline->rateLimiter().inFlight(QStringLiteral("openai:gpt-4o-mini")), 0);
        }
        // Calling: the socket is aborted.
        {
            PipelineFixture f;
            f.server.setLatencyMs(5000);
            RunHandle *h = f.pipeline->start(f.request(QStringLiteral("x")));
            QSignalSpy received(&f.server, &testing::FakeLlmServer::requestReceived);
            QVERIFY(received.wait(5000));
            QCOMPARE(h->stage(), RunStage::Calling);
            h->cancel();
            QCOMPARE(h->outcome().errorKind, RunErrorKind::Cancelled);
            QCOMPARE(h->outcome().stage, RunStage::Calling);
            QCOMPARE(f.finalRuns().at(0).status, QStringLiteral("cancelled"));
        }
        // Backing off between retries.
        {
            PipelineConfig c = PipelineFixture::fastConfig();
            c.retry.baseDelayMs = 20000;
            c.retry.maxDelayMs = 20000;
            PipelineFixture f(c);
            f.server.enqueue(FakeReply::httpError(500));
            RunHandle *h = f.pipeline->start(f.request(QStringLiteral("x")));
            QVERIFY(waitStage(h, RunStage::Backoff));
            h->cancel();
            QCOMPARE(h->outcome().stage, RunStage::Backoff);
            QTest::qWait(50);
            QCOMPARE(f.server.chatRequestCount(), 1);
        }
        // Waiting for a coalesced twin: the twin goes on; cancelling the twin restarts the wait.
        {
            PipelineFixture f;
            f.server.setLatencyMs(300);
            RunHandle *leader = f.pipeline->start(f.request(QStringLiteral("same")));
            RunHandle *twin = f.pipeline->start(f.request(QStringLiteral("same")));
            RunHandle *third = f.pipeline->start(f.request(QStringLiteral("same")));
            QVERIFY(waitStage(twin, RunStage::Coalesced));
            twin->cancel();
            QCOMPARE(twin->outcome().stage, RunStage::Coalesced);
            QVERIFY(waitStage(leader, RunStage::Calling));
            leader->cancel();
            QVERIFY(PipelineFixture::waitDone(third));
            QVERIFY(third->outcome().ok);
            QVERIFY(!third->outcome().coalesced); // it made the call itself
            QCOMPARE(third->outcome().attempts, 1);
            QVERIFY(leader->outcome().errorKind == RunErrorKind::Cancelled);
        }
    }
};

QTEST_GUILESS_MAIN(TestPipelineFaults)
#include "test_pipeline_faults.moc"
