#include "providers/error_classify.h"
#include "providers/redaction.h"

#include <QTest>

using namespace trellis::providers;

class TestRedaction : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void removesKeys_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("secret");
        QTest::newRow("openai") << QStringLiteral("key sk-proj-abcdefghijklmnop1234 end")
                                << QStringLiteral("sk-proj-abcdefghijklmnop1234");
        QTest::newRow("anthropic") << QStringLiteral("sk-ant-api03-AAAABBBBCCCCDDDDEEEE")
                                   << QStringLiteral("AAAABBBBCCCCDDDDEEEE");
        QTest::newRow("google") << QStringLiteral("AIzaSyA1234567890abcdefghijklmnopqrstu")
                                << QStringLiteral("AIzaSyA1234567890");
        QTest::newRow("bearer") << QStringLiteral("Authorization: Bearer abc.def-ghi")
                                << QStringLiteral("abc.def-ghi");
        QTest::newRow("x-api-key")
            << QStringLiteral("x-api-key: plainvalue123") << QStringLiteral("plainvalue123");
        QTest::newRow("json") << QStringLiteral(R"({"api_key": "zzzsecretzzz"})")
                              << QStringLiteral("zzzsecretzzz");
        QTest::newRow("query") << QStringLiteral("https://h/v1?key=qqqsecret&x=1")
                               << QStringLiteral("qqqsecret");
        QTest::newRow("groq") << QStringLiteral("gsk_0123456789abcdefghij")
                              << QStringLiteral("0123456789abcdefghij");
    }

    void removesKeys() {
        QFETCH(QString, text);
        QFETCH(QString, secret);
        const QString out = Redactor::text(text);
        QVERIFY2(!out.contains(secret), qPrintable(out));
        QVERIFY(out.contains(u"[REDACTED]"));
    }

    // Redactor::bytes skips the regular expressions for ASCII text without any of their
    // literal parts; names in any case and non-ASCII text must still be redacted.
    void bytesMatchText_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("upper header") << QStringLiteral("X-API-KEY: plainvalue123");
        QTest::newRow("upper bearer") << QStringLiteral("BEARER abc.def-ghi");
        QTest::newRow("token") << QStringLiteral("{\"Refresh_Token\": \"abcdef\"}");
        QTest::newRow("query") << QStringLiteral("/v1?KEY=qqqsecret");
        QTest::newRow("non-ascii") << QStringLiteral("caf\u00e9 x-api-key: plainvalue123");
        QTest::newRow("clean") << QStringLiteral("{\"model\":\"gpt-4o-mini\",\"stream\":true}");
        QTest::newRow("clean non-ascii") << QStringLiteral("na\u00efve r\u00e9sum\u00e9");
    }
    void bytesMatchText() {
        QFETCH(QString, text);
        QCOMPARE(QString::fromUtf8(Redactor::bytes(text.toUtf8())), Redactor::text(text));
        if (!QByteArray(QTest::currentDataTag()).startsWith("clean"))
            QVERIFY(Redactor::text(text).contains(u"[REDACTED]"));
    }

    void registeredSecretsOfAnyShape() {
        Redactor::registerSecret(QStringLiteral("plain-local-token-42"));
        QCOMPARE(Redactor::text(QStringLiteral("use plain-local-token-42 now")),
                 QStringLiteral("use [REDACTED] now"));
        // The same in bytes and in header values, ASCII or not, under names that are no
        // credential headers.
        QCOMPARE(Redactor::bytes("use plain-local-token-42 now"), QByteArray("use [REDACTED] now"));
        Redactor::registerSecret(QStringLiteral("p\u00e4sswort-geheim-9"));
        QCOMPARE(Redactor::bytes(QStringLiteral("k=p\u00e4sswort-geheim-9 \u00e9").toUtf8()),
                 QStringLiteral("k=[REDACTED] \u00e9").toUtf8());
        QCOMPARE(Redactor::bytes("no p-sswort-geheim-9 here"),
                 QByteArray("no p-sswort-geheim-9 here"));
        const HeaderList out =
            Redactor::headers({{"x-echo", "plain-local-token-42"},
                               {"x-other", QStringLiteral("p\u00e4sswort-geheim-9").toUtf8()}});
        QCOMPARE(out[0].second, QByteArray("[REDACTED]"));
        QCOMPARE(out[1].second, QByteArray("[REDACTED]"));
    }

    void secretHeaderNamesInAnyCase_data() {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<bool>("secret");
        QTest::newRow("authorization") << QByteArray("AUTHORIZATION") << true;
        QTest::newRow("proxy") << QByteArray("Proxy-Authorization") << true;
        QTest::newRow("api key") << QByteArray("X-Api-Key") << true;
        QTest::newRow("cookie") << QByteArray("Set-Cookie") << true;
        QTest::newRow("secret inside") << QByteArray("X-Client-SECRET-Id") << true;
        QTest::newRow("token suffix") << QByteArray("X-Session-Token") << true;
        QTest::newRow("token suffix underscore") << QByteArray("csrf_TOKEN") << true;
        QTest::newRow("long name") << QByteArray(100, 'a') + "-Token" << true;
        QTest::newRow("rate limit") << QByteArray("x-ratelimit-remaining-tokens") << false;
        QTest::newRow("content type") << QByteArray("Content-Type") << false;
        QTest::newRow("empty") << QByteArray() << false;
    }
    void secretHeaderNamesInAnyCase() {
        QFETCH(QByteArray, name);
        QFETCH(bool, secret);
        QCOMPARE(Redactor::isSecretHeader(name), secret);
    }

    void leavesOrdinaryTextAlone() {
        const QString s = QStringLiteral(
            R"({"prompt_tokens": 12, "completion_tokens": 3, "model": "gpt-4o-mini"})");
        QCOMPARE(Redactor::text(s), s);
    }

    void headers() {
        const HeaderList in{{"Authorization", "Bearer sk-aaaaaaaaaaaaaaaaaaaaaa"},
                            {"x-goog-api-key", "AIzaXYZ"},
                            {"x-ratelimit-remaining-tokens", "99"},
                            {"content-type", "application/json"}};
        const HeaderList out = Redactor::headers(in);
        QCOMPARE(out[0].second, QByteArray("[REDACTED]"));
        QCOMPARE(out[1].second, QByteArray("[REDACTED]"));
        QCOMPARE(out[2].second, QByteArray("99"));
        QCOMPARE(out[3].second, QByteArray("application/json"));
    }

    void retryAfter() {
        QCOMPARE(retryAfterMs({{"retry-after", "7"}}), qint64(7000));
        QCOMPARE(retryAfterMs({{"Retry-After-Ms", "120"}, {"retry-after", "7"}}), qint64(120));
        const QDateTime now = QDateTime::fromString(
            QStringLiteral("Wed, 21 Oct 2015 07:28:00 +0000"), Qt::RFC2822Date);
        QCOMPARE(retryAfterMs({{"retry-after", "Wed, 21 Oct 2015 07:28:05 GMT"}}, now),
                 qint64(5000));
        QCOMPARE(retryAfterMs({{"retry-after", "soon"}}), qint64(-1));
        QCOMPARE(retryAfterMs({}), qint64(-1));
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "test_redaction.moc"
