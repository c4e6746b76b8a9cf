#include "runtime/budget.h"
#include "runtime/response_cache.h"
#include "runtime/retry_policy.h"
#include "runtime/router.h"

#include <QCryptographicHash>
#include <QTest>

using namespace trellis::runtime;
using trellis::providers::ErrorKind;
using trellis::providers::ProviderError;
using json = nlohmann::json;

class TestRoutingRetry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void routesByTagLengthAndCondition() {
        std::vector<RoutingRule> rules = {
            {QStringLiteral("code"),
             QStringLiteral("a:code"),
             QStringLiteral("coding"),
             -1,
             -1,
             {}},
            {QStringLiteral("long"), QStringLiteral("a:big"), {}, 1000, -1, {}},
            {QStringLiteral("german"),
             QStringLiteral("a:de"),
             {},
             -1,
             -1,
             QStringLiteral("lang == 'de' and (n | int) > 2")},
        };
        auto router = Router::create(rules);
        QVERIFY(router.ok());
        const json de = {{"lang", "de"}, {"n", "3"}};
        const json en = {{"lang", "en"}, {"n", "3"}};
        auto pick = [&](QString tag, QStringList tags, qint64 tokens, const json &vars) {
            auto c = router->choose({tag, tags, tokens, &vars});
            return c ? c->rule : QString();
        };
        QCOMPARE(pick(QStringLiteral("coding"), {}, 10, en), QStringLiteral("code"));
        QCOMPARE(pick({}, {QStringLiteral("coding")}, 10, en), QStringLiteral("code"));
        QCOMPARE(pick({}, {}, 5000, en), QStringLiteral("long"));
        QCOMPARE(pick({}, {}, 10, de), QStringLiteral("german"));
        QCOMPARE(pick({}, {}, 10, en), QString());
        QCOMPARE(router->choose({{}, {}, 10, &de})->model, QStringLiteral("a:de"));
    }
    void badRulesAreRejected() {
        QVERIFY(!Router::create({{QStringLiteral("x"), QStringLiteral("nomodel"), {}, -1, -1, {}}})
                     .ok());
        auto bad = Router::create(
            {{QStringLiteral("x"), QStringLiteral("a:b"), {}, -1, -1, QStringLiteral("lang ==")}});
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.contains(QStringLiteral("bad condition")));
    }
    void cacheKeyIsTheHashOfProviderAndNormalizedRequest() {
        // Stored cache entries are found by this key: its format must not drift.
        trellis::providers::ProviderRequest req;
        req.model = QStringLiteral("gpt-4o-mini");
        req.messages = {{trellis::providers::Role::User, QStringLiteral("Grüße \"quoted\"")}};
        const json normalized = req.normalized();
        const std::string text = json{{"provider", "openai"}, {"request", normalized}}.dump();
        const QString expected = QString::fromLatin1(
            QCryptographicHash::hash(QByteArray::fromStdString(text), QCryptographicHash::Sha256)
                .toHex());
        QCOMPARE(ResponseCache::keyFor(QStringLiteral("openai"), normalized), expected);
        QCOMPARE(ResponseCache::keyFor(QStringLiteral("openai"), req), expected);
        QVERIFY(ResponseCache::keyFor(QStringLiteral("anthropic"), normalized) != expected);
    }
    void estimateTokensIsAboutFourCharacters() {
        QCOMPARE(estimateTokens(QString()), qint64(1));
        QCOMPARE(estimateTokens(QString(400, u'x')), qint64(100));
    }
    void retryClassification_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("retryable");
        QTest::addColumn<bool>("expected");
        QTest::newRow("rate limited") << int(ErrorKind::RateLimited) << true << true;
        QTest::newRow("server") << int(ErrorKind::Server) << true << true;
        QTest::newRow("auth") << int(ErrorKind::Auth) << false << false;
        QTest::newRow("quota") << int(ErrorKind::Quota) << false << false;
        QTest::newRow("cancelled even if flagged") << int(ErrorKind::Cancelled) << true << false;
    }
    void retryClassification() {
        QFETCH(int, kind);
        QFETCH(bool, retryable);
        QFETCH(bool, expected);
        ProviderError e;
        e.kind = ErrorKind(kind);
        e.retryable = retryable;
        RetryPolicy p;
        QCOMPARE(p.shouldRetry(e, 1), expected);
        QVERIFY(!p.shouldRetry(e, p.maxAttempts)); // exhausted
    }
    void fullJitterBackoff() {
        RetryPolicy p;
        p.baseDelayMs = 100;
        p.maxDelayMs = 1000;
        ProviderError e;
        e.retryable = true;
        auto one = [] {
            return 0.999999;
        };
        auto zero = [] {
            return 0.0;
        };
        auto half = [] {
            return 0.5;
        };
        QCOMPARE(p.delayMs(e, 1, zero), 0); // full jitter starts at zero
        QCOMPARE(p.delayMs(e, 1, one), 99);
        QCOMPARE(p.delayMs(e, 2, half), 100);  // 0.5 * 200
        QCOMPARE(p.delayMs(e, 3, half), 200);  // 0.5 * 400
        QCOMPARE(p.delayMs(e, 10, half), 500); // capped at maxDelay 1000
    }
    void retryAfterWinsButIsCapped() {
        RetryPolicy p;
        p.maxRetryAfterMs = 5000;
        ProviderError e;
        e.retryable = true;
        e.retryAfterMs = 1234;
        QCOMPARE(p.delayMs(e, 1, [] { return 0.9; }), 1234);
        e.retryAfterMs = 90000;
        QCOMPARE(p.delayMs(e, 1, [] { return 0.9; }), 5000);
    }
    void budgetStopsAndCountsReservations() {
        BudgetGuard b; // no store: the day starts at zero
        BudgetLimits l;
        l.perRunUsd = 0.10;
        l.perDayUsd = 1.00;
        b.setLimits(l);
        QVERIFY(b.check(0.05, 0.0).ok());
        const auto perRun = b.check(0.05, 0.06);
        QVERIFY(!perRun.ok());
        QVERIFY(perRun.error().message.contains(QStringLiteral("per-run limit")));
        QVERIFY(b.check(0.5, 0.0, 1.0).ok()); // the per-call override
        const qint64 r1 = b.reserve(0.6);
        const auto perDay = b.check(0.5, 0.0, 1.0);
        QVERIFY(!perDay.ok()); // 0.6 in flight + 0.5 > 1.0
        QVERIFY(perDay.error().message.contains(QStringLiteral("daily limit")));
        b.settle(r1, 0.2); // actual cost was lower
        QCOMPARE(b.spentToday().value(), 0.2);
        QVERIFY(b.check(0.5, 0.0, 1.0).ok());
    }
};

QTEST_GUILESS_MAIN(TestRoutingRetry)
#include "test_routing_retry.moc"
