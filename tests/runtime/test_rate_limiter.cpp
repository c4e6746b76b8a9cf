#include "runtime/rate_limiter.h"

#include <QDateTime>
#include <QTest>

using namespace trellis::runtime;

namespace {
class ManualClock final : public Clock {
public:
    qint64 nowMs() const override { return now; }
    qint64 now = 1000;
};
} // namespace

class TestRateLimiter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bucketRefillsAndGoesIntoDebt() {
        TokenBucket b(60, 2, 0); // one per second, burst 2
        QCOMPARE(b.waitMs(1, 0), qint64(0));
        b.take(1, 0);
        b.take(1, 0);
        QCOMPARE(b.waitMs(1, 0), qint64(1000));
        QCOMPARE(b.waitMs(1, 500), qint64(500));
        QCOMPARE(b.waitMs(1, 1000), qint64(0));
        TokenBucket t(600, 10, 0);
        QCOMPARE(t.waitMs(50, 0), qint64(0)); // larger than the bucket: waits for a full one
        t.take(50, 0);
        QCOMPARE(t.level(0), -40.0);
        QCOMPARE(t.waitMs(50, 0), qint64(5000)); // the debt is paid back first
    }
    void requestsPerMinuteHold() {
        ManualClock clock;
        RateLimiter rl(&clock);
        rl.setLimits(QStringLiteral("p:m"), {120, 0, 0, 1, 0}); // 2/s, burst 1
        QList<qint64> grants;
        for (int i = 0; i < 5; ++i)
            rl.acquire(QStringLiteral("p:m"), 1, 0, [&] { grants << clock.now; });
        QCOMPARE(grants.size(), 1);
        for (int step = 0; step < 40; ++step) {
            clock.now += 100;
            rl.wake(QStringLiteral("p:m"));
        }
        QCOMPARE(grants.size(), 5);
        for (int i = 1; i < grants.size(); ++i)
            QVERIFY(grants[i] - grants[i - 1] >= 500);
    }
    void tokensPerMinuteHold() {
        ManualClock clock;
        RateLimiter rl(&clock);
        rl.setLimits(QStringLiteral("p:m"), {0, 6000, 0, 0, 1000}); // 100 tokens/s, burst 1000
        int granted = 0;
        rl.acquire(QStringLiteral("p:m"), 800, 0, [&] { ++granted; });
        rl.acquire(QStringLiteral("p:m"), 800, 0, [&] { ++granted; });
        QCOMPARE(granted, 1);
        clock.now += 5000; // 200 left + 500 refilled = 700 < 800
        rl.wake(QStringLiteral("p:m"));
        QCOMPARE(granted, 1);
        clock.now += 1000;
        rl.wake(QStringLiteral("p:m"));
        QCOMPARE(granted, 2);
    }
    void concurrencyAndPriorities() {
        ManualClock clock;
        RateLimiter rl(&clock);
        const QString lane = QStringLiteral("p:m");
        rl.setLimits(lane, {0, 0, 1, 0, 0});
        QStringList order;
        const auto first = rl.acquire(lane, 1, 0, [&] { order << QStringLiteral("first"); });
        rl.acquire(lane, 1, 0, [&] { order << QStringLiteral("low"); });
        const auto dropped = rl.acquire(lane, 1, 5, [&] { order << QStringLiteral("dropped"); });
        rl.acquire(lane, 1, 9, [&] { order << QStringLiteral("high"); });
        QCOMPARE(rl.queued(lane), 3);
        rl.cancel(dropped); // withdrawn while waiting: never granted
        rl.release(first);
        QCOMPARE(order, (QStringList{QStringLiteral("first"), QStringLiteral("high")}));
        QCOMPARE(rl.inFlight(lane), 1);
    }
    void slowsDownOn429AndRecovers() {
        ManualClock clock;
        RateLimiter rl(&clock);
        const QString lane = QStringLiteral("p:m");
        rl.setLimits(lane, {0, 0, 8, 0, 0});
        rl.reportRateLimited(lane, 2000);
        QCOMPARE(rl.effectiveConcurrency(lane), 4.0);
        QCOMPARE(rl.pausedUntilMs(lane), clock.now + 2000);
        int granted = 0;
        rl.acquire(lane, 1, 0, [&] { ++granted; });
        QCOMPARE(granted, 0);
        clock.now += 2000;
        rl.wake(lane);
        QCOMPARE(granted, 1);
        for (int i = 0; i < 10; ++i)
            rl.reportSuccess(lane);
        QCOMPARE(rl.effectiveConcurrency(lane), 8.0); // additive increase up to the limit
    }
    void remainingHeadersPause() {
        ManualClock clock;
        RateLimiter rl(&clock);
        const QString lane = QStringLiteral("p:m");
        rl.reportHeaders(lane, {{"x-ratelimit-remaining-requests", "0"},
                                {"x-ratelimit-reset-requests", "1.5s"}});
        QCOMPARE(rl.pausedUntilMs(lane), clock.now + 1500);
        rl.reportRateLimitInfo(lane, {{QStringLiteral("anthropic-ratelimit-requests-remaining"),
                                       QStringLiteral("3")}});
        QCOMPARE(rl.effectiveConcurrency(lane), 3.0);
    }
    void parsesResets() {
        const QDateTime now =
            QDateTime::fromString(QStringLiteral("2025-01-01T00:00:00Z"), Qt::ISODate);
        QCOMPARE(RateLimiter::parseReset(QStringLiteral("6m0s"), now), qint64(360000));
        QCOMPARE(RateLimiter::parseReset(QStringLiteral("20ms"), now), qint64(20));
        QCOMPARE(RateLimiter::parseReset(QStringLiteral("1h2m3s"), now), qint64(3723000));
        QCOMPARE(RateLimiter::parseReset(QStringLiteral("2"), now), qint64(2000));
        QCOMPARE(RateLimiter::parseReset(QStringLiteral("2025-01-01T00:00:05Z"), now),
                 qint64(5000));
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "test_rate_limiter.moc"
