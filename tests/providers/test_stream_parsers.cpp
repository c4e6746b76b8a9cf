#include "providers/ndjson_parser.h"
#include "providers/sse_parser.h"

#include <QTest>

using namespace trellis::providers;

namespace {

// Feeds `bytes` in two pieces split at `cut`, then finishes.
QList<SseEvent> sseSplit(const QByteArray &bytes, qsizetype cut) {
    SseParser p;
    QList<SseEvent> out;
    if (!p.feed(QByteArrayView(bytes).first(cut), out)
        || !p.feed(QByteArrayView(bytes).sliced(cut), out))
        return {};
    p.finish(out);
    return out;
}

QByteArray describe(const QList<SseEvent> &events) {
    QByteArray out;
    for (const SseEvent &e : events)
        out += '[' + e.event + '|' + e.data + '|' + e.id + ']';
    return out;
}

} // namespace

class TestStreamParsers : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sseEventsEverySplit_data() {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("lf") << QByteArray("data: a\n\ndata: b\n\n") << QByteArray("[|a|][|b|]");
        QTest::newRow("crlf") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n")
                              << QByteArray("[|a|][|b|]");
        QTest::newRow("cr") << QByteArray("data: a\r\rdata: b\r\r") << QByteArray("[|a|][|b|]");
        QTest::newRow("event+id") << QByteArray("event: ping\nid: 7\ndata: {}\n\n")
                                  << QByteArray("[ping|{}|7]");
        QTest::newRow("multiline")
            << QByteArray("data: one\ndata:two\ndata\n\n") << QByteArray("[|one\ntwo\n|]");
        QTest::newRow("comments") << QByteArray(": keep-alive\n\n:x\ndata: z\n\n")
                                  << QByteArray("[|z|]");
        QTest::newRow("no data no event") << QByteArray("event: lonely\n\n") << QByteArray("");
        QTest::newRow("done") << QByteArray("data: [DONE]\n\n") << QByteArray("[|[DONE]|]");
        QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                           "data: x\n\n")
                             << QByteArray("[|x|]");
        QTest::newRow("unterminated last")
            << QByteArray("data: a\n\ndata: tail") << QByteArray("[|a|][|tail|]");
        QTest::newRow("utf8") << QByteArray("data: h\xC3\xA9llo \xE2\x82\xAC\n\n")
                              << QByteArray("[|h\xC3\xA9llo \xE2\x82\xAC|]");
        QTest::newRow("unknown field")
            << QByteArray("foo: bar\ndata: q\nretry: 100\n\n") << QByteArray("[|q|]");
    }

    void sseEventsEverySplit() {
        QFETCH(QByteArray, stream);
        QFETCH(QByteArray, expected);
        for (qsizetype cut = 0; cut <= stream.size(); ++cut)
            QCOMPARE(describe(sseSplit(stream, cut)), expected);
        // Byte by byte as well.
        SseParser p;
        QList<SseEvent> out;
        for (char c : stream)
            QVERIFY(p.feed(QByteArrayView(&c, 1), out).ok());
        p.finish(out);
        QCOMPARE(describe(out), expected);
    }

    void sseCountsComments() {
        SseParser p;
        QList<SseEvent> out;
        QVERIFY(p.feed(": ping\n: ping\ndata: x\n\n", out).ok());
        QCOMPARE(p.comments(), 2);
        QCOMPARE(out.size(), 1);
    }

    void sseRejectsEndlessLine() {
        SseParser p;
        p.maxLineBytes = 64;
        QList<SseEvent> out;
        QVERIFY(!p.feed(QByteArray(100, 'x'), out).ok());
    }

    void ndjsonEverySplit() {
        const QByteArray stream("{\"a\":1}\n\n{\"b\":2}\r\n  \n{\"c\":3}");
        const QList<QByteArray> expected{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"};
        for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
            NdjsonParser p;
            QList<QByteArray> out;
            QVERIFY(p.feed(QByteArrayView(stream).first(cut), out).ok());
            QVERIFY(p.feed(QByteArrayView(stream).sliced(cut), out).ok());
            p.finish(out);
            QCOMPARE(out, expected);
        }
    }

    void ndjsonRejectsEndlessLine() {
        NdjsonParser p;
        p.maxLineBytes = 10;
        QList<QByteArray> out;
        QVERIFY(!p.feed(QByteArray(11, 'x'), out).ok());
    }
};

QTEST_GUILESS_MAIN(TestStreamParsers)
#include "test_stream_parsers.moc"
