// The fake server itself, exercised with a bare QNetworkAccessManager so that a provider bug
// cannot hide a server bug (and the other way round).
#include "fake_llm_server.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace trellis::testing;
using nlohmann::json;

class TestFakeLlmServer : public QObject {
    Q_OBJECT

private:
    struct Reply {
        int status = 0;
        QByteArray body;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QByteArray header(const QByteArray &n) const { return headers.value(n.toLower()); }
        QHash<QByteArray, QByteArray> headers;
    };

    Reply send(const QByteArray &path, const json &body,
               const QList<QPair<QByteArray, QByteArray>> &headers = {}) {
        QNetworkRequest req(QUrl(m_server->baseUrl().toString() + QString::fromUtf8(path)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
        for (const auto &[n, v] : headers)
            req.setRawHeader(n, v);
        QNetworkReply *r = body.is_null() ? m_nam.get(req)
                                          : m_nam.post(req, QByteArray::fromStdString(body.dump()));
        QSignalSpy done(r, &QNetworkReply::finished);
        if (!r->isFinished())
            done.wait(10000);
        Reply out;
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = r->readAll();
        out.error = r->error();
        for (const auto &p : r->rawHeaderPairs())
            out.headers.insert(p.first.toLower(), p.second);
        r->deleteLater();
        return out;
    }

    static json chat(bool stream) {
        return {{"model", "m"},
                {"stream", stream},
                {"messages", json::array({{{"role", "user"}, {"content", "hello there"}}})}};
    }

    QNetworkAccessManager m_nam;
    std::unique_ptr<FakeLlmServer> m_server;

private Q_SLOTS:
    void init() {
        m_server = std::make_unique<FakeLlmServer>();
        QVERIFY(m_server->listen());
    }

    void openAiNonStreamEchoes() {
        const Reply r = send("/v1/chat/completions", chat(false));
        QCOMPARE(r.status, 200);
        const json j = json::parse(r.body.toStdString());
        QCOMPARE(j["choices"][0]["message"]["content"].get<std::string>(),
                 std::string("echo: hello there"));
        QVERIFY(j["usage"]["prompt_tokens"].get<int>() > 0);
        QCOMPARE(m_server->requestCount(), 1);
        QCOMPARE(m_server->requests().at(0).path, QByteArray("/v1/chat/completions"));
        QCOMPARE(m_server->requests().at(0).json()["model"].get<std::string>(), std::string("m"));
    }

    void wrongFieldTypesAreABadRequest() {
        json body = chat(false);
        body["stream"] = "yes";
        const Reply bad = send("/v1/chat/completions", body);
        QCOMPARE(bad.status, 400);
        QVERIFY(json::parse(bad.body.toStdString(), nullptr, false).contains("error"));
        const Reply good = send("/v1/chat/completions", chat(false)); // still serving
        QCOMPARE(good.status, 200);
    }

    void everyFormatStreams_data() {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("marker");
        QTest::newRow("openai") << QByteArray("/v1/chat/completions") << QByteArray("data: [DONE]");
        QTest::newRow("anthropic")
            << QByteArray("/v1/messages") << QByteArray("event: message_stop");
        QTest::newRow("gemini") << QByteArray("/v1beta/models/g:streamGenerateContent?alt=sse")
                                << QByteArray("\"finishReason\":\"STOP\"");
        QTest::newRow("ollama") << QByteArray("/api/chat") << QByteArray("\"done\":true");
    }

    void everyFormatStreams() {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, marker);
        const Reply r = send(path, chat(true));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.contains(marker), r.body.constData());
        QVERIFY(r.body.contains("echo"));
    }

    void rateLimitHeadersAndBody() {
        m_server->enqueue(FakeReply::rateLimited(2, 1500));
        const Reply r = send("/v1/chat/completions", chat(false));
        QCOMPARE(r.status, 429);
        QCOMPARE(r.header("retry-after"), QByteArray("2"));
        QCOMPARE(r.header("retry-after-ms"), QByteArray("1500"));
        QVERIFY(r.body.contains("rate_limit_error"));
        // The queue is consumed: the next request is answered normally.
        QCOMPARE(send("/v1/chat/completions", chat(false)).status, 200);
    }

    void modelListings_data() {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<bool>("anthropic");
        QTest::addColumn<QByteArray>("marker");
        QTest::newRow("openai") << QByteArray("/v1/models") << false
                                << QByteArray("\"object\":\"list\"");
        QTest::newRow("anthropic")
            << QByteArray("/v1/models") << true << QByteArray("display_name");
        QTest::newRow("gemini") << QByteArray("/v1beta/models") << false
                                << QByteArray("models/fake-small");
        QTest::newRow("ollama") << QByteArray("/api/tags") << false << QByteArray("parameter_size");
    }

    void modelListings() {
        QFETCH(QByteArray, path);
        QFETCH(bool, anthropic);
        QFETCH(QByteArray, marker);
        QList<QPair<QByteArray, QByteArray>> headers;
        if (anthropic)
            headers.append(qMakePair(QByteArray("anthropic-version"), QByteArray("2023-06-01")));
        const Reply r = send(path, json(), headers);
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.contains(marker), r.body.constData());
    }

    void truncatedStreamLacksTerminalEvent() {
        m_server->enqueue(FakeReply::withFault(FakeFault::Truncated));
        const Reply r = send("/v1/messages", chat(true));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.contains("content_block_delta"));
        QVERIFY(!r.body.contains("message_stop"));
    }

    void disconnectIsAnError() {
        m_server->enqueue(FakeReply::withFault(FakeFault::Disconnect));
        const Reply r = send("/v1/chat/completions", chat(false));
        QVERIFY(r.error != QNetworkReply::NoError);
    }

    void slowFirstTokenDelaysContent() {
        m_server->enqueue(FakeReply::withFault(FakeFault::SlowFirstToken, 150));
        QElapsedTimer t;
        t.start();
        const Reply r = send("/api/chat", chat(true));
        QCOMPARE(r.status, 200);
        QVERIFY(t.elapsed() >= 140); // a lower bound only: the server must wait at least this
    }

    void randomFaultsAreSeeded() {
        auto run = [this](quint32 seed) {
            m_server->setRandomFaults(0.5, seed);
            for (int i = 0; i < 12; ++i)
                send("/v1/chat/completions", chat(false));
            QList<int> faults;
            for (const RecordedRequest &r : m_server->requests())
                faults << int(r.fault);
            m_server->clearRequests();
            return faults;
        };
        const QList<int> a = run(7);
        const QList<int> b = run(7);
        QCOMPARE(a, b);
        QVERIFY(a.count(int(FakeFault::None)) < a.size());
        QVERIFY(a.count(int(FakeFault::None)) > 0);
    }

    void recordsTimestampsInOrder() {
        for (int i = 0; i < 3; ++i)
            send("/api/chat", chat(false));
        const auto reqs = m_server->requests();
        QCOMPARE(reqs.size(), 3);
        QVERIFY(reqs[0].receivedNs <= reqs[1].receivedNs);
        QVERIFY(reqs[1].receivedNs <= reqs[2].receivedNs);
        QCOMPARE(reqs[0].header("content-type"), QByteArray("application/json"));
    }
};

QTEST_GUILESS_MAIN(TestFakeLlmServer)
#include "test_fake_llm_server.moc"
