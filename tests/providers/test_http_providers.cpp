// The HTTP providers end to end against the fake server: every format streamed and not,
// error classification, cancellation, the three timeouts, model listing, redaction.
#include "fake_llm_server.h"
#include "providers/http_provider.h"
#include "providers/network_access.h"
#include "providers/redaction.h"

#include <QSignalSpy>
#include <QTest>

using namespace trellis::providers;
using namespace trellis::testing;

Q_DECLARE_METATYPE(trellis::testing::FakeWire)
Q_DECLARE_METATYPE(trellis::testing::FakeReply)

namespace {

const QString kSecret = QStringLiteral("sk-testsecret-ABCDEFGHIJKLMNOPQRSTUV");

struct Outcome {
    bool ok = false;
    ProviderResult result;
    ProviderError error;
    QString deltas;
    int deltaCount = 0;
};

} // namespace

class TestHttpProviders : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeLlmServer> m_server;

    std::unique_ptr<HttpProvider> provider(FakeWire wire, const QString &key = kSecret) {
        EndpointConfig c;
        c.providerId = fakeWireName(wire);
        c.apiKey = key;
        c.baseUrl = wire == FakeWire::OpenAI ? m_server->openAiBaseUrl() : m_server->baseUrl();
        switch (wire) {
        case FakeWire::OpenAI:
            return std::make_unique<HttpProvider>(makeOpenAiWire(), c);
        case FakeWire::Anthropic:
            return std::make_unique<HttpProvider>(makeAnthropicWire(), c);
        case FakeWire::Gemini:
            return std::make_unique<HttpProvider>(makeGeminiWire(), c);
        case FakeWire::Ollama:
            return std::make_unique<HttpProvider>(makeOllamaWire(), c);
        }
        return nullptr;
    }

    static ProviderRequest request(bool stream, const QString &text = QStringLiteral("hello")) {
        ProviderRequest r;
        r.model = QStringLiteral("fake-small");
        r.messages = {{Role::System, QStringLiteral("sys")}, {Role::User, text}};
        r.stream = stream;
        r.timeouts = {5000, 10000, 20000};
        return r;
    }

    static Outcome run(Provider &p, const ProviderRequest &r) {
        Outcome o;
        std::unique_ptr<ProviderCall> call(p.start(r));
        QObject::connect(call.get(), &ProviderCall::delta, call.get(), [&o](const QString &t) {
            o.deltas += t;
            ++o.deltaCount;
        });
        QSignalSpy fin(call.get(), &ProviderCall::finished);
        QSignalSpy err(call.get(), &ProviderCall::failed);
        (void)QTest::qWaitFor([&] { return call->isDone(); }, 30000);
        o.ok = call->succeeded();
        o.result = call->result();
        o.error = call->error();
        if (fin.count() + err.count() != 1)
            o.ok = false;
        return o;
    }

    static void formats() {
        QTest::addColumn<FakeWire>("wire");
        QTest::newRow("openai") << FakeWire::OpenAI;
        QTest::newRow("anthropic") << FakeWire::Anthropic;
        QTest::newRow("gemini") << FakeWire::Gemini;
        QTest::newRow("ollama") << FakeWire::Ollama;
    }

private Q_SLOTS:
    void init() {
        m_server = std::make_unique<FakeLlmServer>();
        QVERIFY(m_server->listen());
    }

    void streamsEveryFormat_data() { formats(); }
    void streamsEveryFormat() {
        QFETCH(FakeWire, wire);
        FakeReply reply = FakeReply::ok(QStringLiteral("one two three four five six"));
        reply.cachedTokens = wire == FakeWire::Ollama ? 0 : 2;
        m_server->enqueue(reply);
        auto p = provider(wire);
        const Outcome o = run(*p, request(true));
        QVERIFY2(o.ok, qPrintable(o.error.toString()));
        QCOMPARE(o.result.text, QStringLiteral("one two three four five six"));
        QCOMPARE(o.deltas, o.result.text);
        QVERIFY(o.deltaCount >= 1);
        QCOMPARE(o.result.finishReason, QStringLiteral("stop"));
        QCOMPARE(o.result.usage.outputTokens, 6);
        QVERIFY(o.result.usage.inputTokens > 0);
        QCOMPARE(o.result.usage.cachedTokens, reply.cachedTokens);
        QCOMPARE(o.result.httpStatus, 200);
        QVERIFY(o.result.ttftMs >= 0 && o.result.ttftMs <= o.result.totalMs);
        QVERIFY(!o.result.requestJson.isEmpty());
        const RecordedRequest sent = m_server->requests().constLast();
        QVERIFY(sent.isChat);
        QCOMPARE(sent.wire, wire);
    }

    void nonStreamingEveryFormat_data() { formats(); }
    void nonStreamingEveryFormat() {
        QFETCH(FakeWire, wire);
        auto p = provider(wire);
        const Outcome o = run(*p, request(false, QStringLiteral("ping")));
        QVERIFY2(o.ok, qPrintable(o.error.toString()));
        QCOMPARE(o.result.text, QStringLiteral("echo: ping"));
        QCOMPARE(o.deltas, o.result.text);
        QVERIFY(o.result.usage.reported);
        const nlohmann::json body = m_server->requests().constLast().json();
        if (wire != FakeWire::Gemini)
            QCOMPARE(body["stream"].get<bool>(), false);
    }

    void errorsAreClassified_data() {
        QTest::addColumn<FakeWire>("wire");
        QTest::addColumn<FakeReply>("reply");
        QTest::addColumn<ErrorKind>("kind");
        QTest::addColumn<bool>("retryable");
        QTest::addColumn<qint64>("retryAfter");
        QTest::newRow("429 retry-after s") << FakeWire::OpenAI << FakeReply::rateLimited(3)
                                           << ErrorKind::RateLimited << true << qint64(3000);
        QTest::newRow("429 retry-after-ms") << FakeWire::Anthropic << FakeReply::rateLimited(3, 250)
                                            << ErrorKind::RateLimited << true << qint64(250);
        QTest::newRow("429 gemini") << FakeWire::Gemini << FakeReply::rateLimited(-1)
                                    << ErrorKind::RateLimited << true << qint64(-1);
        QTest::newRow("insufficient_quota")
            << FakeWire::OpenAI << FakeReply::httpError(429, QStringLiteral("insufficient_quota"))
            << ErrorKind::Quota << false << qint64(-1);
        QTest::newRow("401") << FakeWire::OpenAI << FakeReply::httpError(401) << ErrorKind::Auth
                             << false << qint64(-1);
        QTest::newRow("403 gemini") << FakeWire::Gemini << FakeReply::httpError(403)
                                    << ErrorKind::Auth << false << qint64(-1);
        QTest::newRow("400") << FakeWire::Anthropic << FakeReply::httpError(400)
                             << ErrorKind::BadRequest << false << qint64(-1);
        QTest::newRow("404 ollama") << FakeWire::Ollama << FakeReply::httpError(404)
                                    << ErrorKind::BadRequest << false << qint64(-1);
        QTest::newRow("500") << FakeWire::OpenAI << FakeReply::httpError(500) << ErrorKind::Server
                             << true << qint64(-1);
        QTest::newRow("503") << FakeWire::Gemini << FakeReply::httpError(503) << ErrorKind::Server
                             << true << qint64(-1);
        QTest::newRow("529") << FakeWire::Anthropic << FakeReply::httpError(529)
                             << ErrorKind::Overloaded << true << qint64(-1);
        QTest::newRow("truncated")
            << FakeWire::Anthropic << FakeReply::withFault(FakeFault::Truncated) << ErrorKind::Parse
            << true << qint64(-1);
        QTest::newRow("malformed")
            << FakeWire::OpenAI << FakeReply::withFault(FakeFault::MalformedJson)
            << ErrorKind::Parse << true << qint64(-1);
        QTest::newRow("disconnect")
            << FakeWire::Ollama << FakeReply::withFault(FakeFault::Disconnect) << ErrorKind::Network
            << true << qint64(-1);
        QTest::newRow("mid-stream overloaded")
            << FakeWire::Anthropic << FakeReply::withFault(FakeFault::MidStreamError)
            << ErrorKind::Overloaded << true << qint64(-1);
    }

    void errorsAreClassified() {
        QFETCH(FakeWire, wire);
        QFETCH(FakeReply, reply);
        QFETCH(ErrorKind, kind);
        QFETCH(bool, retryable);
        QFETCH(qint64, retryAfter);
        reply.extraHeaders.append(
            qMakePair(QByteArray("x-ratelimit-remaining-requests"), QByteArray("0")));
        m_server->enqueue(reply);
        auto p = provider(wire);
        const Outcome o = run(*p, request(true));
        QVERIFY(!o.ok);
        QCOMPARE(errorKindName(o.error.kind), errorKindName(kind));
        QCOMPARE(o.error.retryable, retryable);
        QCOMPARE(o.error.retryAfterMs, retryAfter);
        QVERIFY(!o.error.message.isEmpty());
        if (reply.fault == FakeFault::HttpError) {
            QCOMPARE(o.error.httpStatus, reply.status);
            QCOMPARE(o.error.rateLimit.value(QStringLiteral("x-ratelimit-remaining-requests")),
                     QStringLiteral("0"));
        }
        QVERIFY(!o.error.toString().contains(kSecret));
        QVERIFY(!o.error.requestJson.contains(kSecret.toUtf8()));
    }

    void cancelAbortsPromptly() {
        m_server->enqueue(FakeReply::withFault(FakeFault::NeverAnswer));
        auto p = provider(FakeWire::OpenAI);
        std::unique_ptr<ProviderCall> call(p->start(request(true)));
        QSignalSpy failed(call.get(), &ProviderCall::failed);
        QTRY_COMPARE(m_server->requestCount(), 1);
        call->cancel();
        QCOMPARE(failed.count(), 1); // synchronously
        QCOMPARE(call->error().kind, ErrorKind::Cancelled);
        QVERIFY(!call->error().retryable);
        call->cancel();                               // idempotent
        QTRY_COMPARE(m_server->openConnections(), 0); // the socket was really closed
        QCOMPARE(failed.count(), 1);
    }

    void cancelMidStreamKeepsPartialText() {
        m_server->enqueue(FakeReply::withFault(FakeFault::SlowDrip, 200));
        auto p = provider(FakeWire::Anthropic);
        std::unique_ptr<ProviderCall> call(
            p->start(request(true, QStringLiteral("a long question here"))));
        QTRY_VERIFY(!call->partialText().isEmpty());
        call->cancel();
        QCOMPARE(call->error().kind, ErrorKind::Cancelled);
        QVERIFY(!call->error().partialText.isEmpty());
    }

    void totalTimeout() {
        m_server->enqueue(FakeReply::withFault(FakeFault::NeverAnswer));
        auto p = provider(FakeWire::Gemini);
        ProviderRequest r = request(true);
        r.timeouts = {5000, 0, 150};
        const Outcome o = run(*p, r);
        QCOMPARE(o.error.kind, ErrorKind::Timeout);
        QCOMPARE(o.error.timeoutStage, QStringLiteral("total"));
        QVERIFY(o.error.retryable);
    }

    void firstTokenTimeout() {
        m_server->enqueue(FakeReply::withFault(FakeFault::SlowFirstToken, 5000));
        auto p = provider(FakeWire::Anthropic);
        ProviderRequest r = request(true);
        r.timeouts = {5000, 150, 20000};
        const Outcome o = run(*p, r);
        QCOMPARE(o.error.kind, ErrorKind::Timeout);
        QCOMPARE(o.error.timeoutStage, QStringLiteral("first_token"));
    }

    void slowDripWithinLimitsSucceeds() {
        FakeReply drip = FakeReply::withFault(FakeFault::SlowDrip, 20);
        drip.text = QStringLiteral("drip drip drip");
        drip.chunkChars = 2;
        m_server->enqueue(drip);
        auto p = provider(FakeWire::Ollama);
        const Outcome o = run(*p, request(true));
        QVERIFY2(o.ok, qPrintable(o.error.toString()));
        QCOMPARE(o.result.text, QStringLiteral("drip drip drip"));
        QVERIFY(o.deltaCount >= 7);
    }

    void connectTimeout() {
        BlackholePort hole;
        QVERIFY(hole.open());
        EndpointConfig c;
        c.providerId = QStringLiteral("openai");
        c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(hole.port()));
        HttpProvider p(makeOpenAiWire(), c);
        ProviderRequest r = request(true);
        r.timeouts = {200, 0, 0};
        const Outcome o = run(p, r);
        QVERIFY(!o.ok);
        QCOMPARE(o.error.kind, ErrorKind::Timeout);
        QCOMPARE(o.error.timeoutStage, QStringLiteral("connect"));
    }

    void connectionRefusedIsNetworkError() {
        quint16 port = 0;
        {
            FakeLlmServer gone;
            QVERIFY(gone.listen());
            port = gone.port();
        }
        EndpointConfig c;
        c.providerId = QStringLiteral("ollama");
        c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        HttpProvider p(makeOllamaWire(), c);
        const Outcome o = run(p, request(true));
        QCOMPARE(o.error.kind, ErrorKind::Network);
        QVERIFY(o.error.retryable);
    }

    void listsModels_data() { formats(); }
    void listsModels() {
        QFETCH(FakeWire, wire);
        m_server->setModels({QStringLiteral("llama3.2:latest"), QStringLiteral("qwen2.5:7b")});
        auto p = provider(wire);
        std::unique_ptr<ModelListCall> call(p->listModels());
        QTRY_VERIFY(call->isDone());
        QVERIFY2(call->error().message.isEmpty(), qPrintable(call->error().toString()));
        QCOMPARE(call->models().size(), size_t(2));
        QCOMPARE(call->models()[0].id, QStringLiteral("llama3.2:latest"));
        QCOMPARE(m_server->requests().constLast().method, QByteArray("GET"));
    }

    void modelListingAuthError() {
        m_server->enqueue(FakeReply::httpError(401));
        auto p = provider(FakeWire::Anthropic);
        std::unique_ptr<ModelListCall> call(p->listModels());
        QTRY_VERIFY(call->isDone());
        QCOMPARE(call->error().kind, ErrorKind::Auth);
    }

    void keyIsSentButNeverLogged_data() { formats(); }
    void keyIsSentButNeverLogged() {
        QFETCH(FakeWire, wire);
        auto p = provider(wire);
        const Outcome o = run(*p, request(false));
        QVERIFY(o.ok);
        const RecordedRequest sent = m_server->requests().constLast();
        QByteArray allHeaders;
        for (const auto &[n, v] : sent.headers)
            allHeaders += n + ": " + v + "\n";
        if (wire != FakeWire::Ollama)
            QVERIFY2(allHeaders.contains(kSecret.toUtf8()), allHeaders.constData());
        QVERIFY(!o.result.requestJson.contains(kSecret.toUtf8()));
        for (const auto &[n, v] : o.result.headers)
            QVERIFY(!v.contains(kSecret.toUtf8()));
    }

    void secretInPromptIsRedactedFromLoggedRequest() {
        Redactor::registerSecret(QStringLiteral("my-env-secret-value-xyz"));
        auto p = provider(FakeWire::OpenAI);
        const Outcome o =
            run(*p, request(false,
                            QStringLiteral(
                                "key is my-env-secret-value-xyz and sk-abcdefghijklmnopqrstuvwx")));
        QVERIFY(o.ok);
        QVERIFY(!o.result.requestJson.contains("my-env-secret-value-xyz"));
        QVERIFY(!o.result.requestJson.contains("sk-abcdefghijklmnopqrstuvwx"));
        QVERIFY(o.result.requestJson.contains("[REDACTED]"));
        // The server did receive the prompt as written.
        QVERIFY(m_server->requests().constLast().body.contains("my-env-secret-value-xyz"));
    }

    void manyConcurrentCallsShareOneManager() {
        auto p = provider(FakeWire::OpenAI);
        std::vector<std::unique_ptr<ProviderCall>> calls;
        for (int i = 0; i < 40; ++i)
            calls.emplace_back(p->start(request(i % 2 == 0, QStringLiteral("n%1").arg(i))));
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(calls.begin(), calls.end(), [](const auto &c) { return c->isDone(); }),
            30000);
        for (int i = 0; i < 40; ++i) {
            QVERIFY(calls[size_t(i)]->succeeded());
            QCOMPARE(calls[size_t(i)]->result().text, QStringLiteral("echo: n%1").arg(i));
        }
    }
};

// Every case runs twice: exchanges beside their calls, then on two network threads
// (setNetworkThreads), where the same signals must come in the same order.
int main(int argc, char *argv[]) {
    QCoreApplication app(argc, argv);
    QTEST_SET_MAIN_SOURCE_PATH
    TestHttpProviders beside;
    int status = QTest::qExec(&beside, argc, argv);
    setNetworkThreads(2);
    TestHttpProviders threaded;
    status |= QTest::qExec(&threaded, argc, argv);
    return status;
}
#include "test_http_providers.moc"
