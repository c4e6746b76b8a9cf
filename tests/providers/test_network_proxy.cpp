// Proxies on the provider call path (network_access.cpp): plain http requests go through the
// application's proxy, or the system's (the environment) when Qt is told to use it; without a
// proxy they go directly to the server. Each case runs on the calling thread and on the
// network threads (their managers are created per thread).
#include "fake_llm_server.h"
#include "providers/http_provider.h"
#include "providers/network_access.h"

#include <QNetworkProxy>
#include <QNetworkProxyFactory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace trellis::providers;
using namespace trellis::testing;

namespace {

// An HTTP proxy that answers every request itself with one streamed OpenAI answer, and keeps
// the request lines it was sent (a forwarding proxy receives absolute URLs).
class FakeProxy : public QObject {
public:
    bool listen() {
        connect(&m_server, &QTcpServer::newConnection, this, [this] { accept(); });
        return m_server.listen(QHostAddress::LocalHost);
    }
    quint16 port() const { return m_server.serverPort(); }
    QList<QByteArray> requestLines;

private:
    void accept() {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            auto buffer = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                *buffer += socket->readAll();
                if (!buffer->contains("\r\n\r\n"))
                    return; // the fake answers after the head; the body does not matter
                requestLines.append(buffer->left(buffer->indexOf("\r\n")));
                buffer->clear();
                const QByteArray body = "data: {\"choices\":[{\"delta\":{\"content\":\"via "
                                        "proxy\"}}]}\n\ndata: [DONE]\n\n";
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                              "Connection: close\r\nContent-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                socket->disconnectFromHost();
            });
        }
    }

    QTcpServer m_server;
};

} // namespace

class TestNetworkProxy : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<FakeLlmServer> m_server;
    std::unique_ptr<FakeProxy> m_proxy;

    // One streamed call; the text it got, or the error message.
    static QString call(const QUrl &baseUrl) {
        EndpointConfig config;
        config.providerId = QStringLiteral("openai");
        config.apiKey = QStringLiteral("sk-proxytest-ABCDEFGHIJKLMNOPQRSTUV");
        config.baseUrl = baseUrl;
        HttpProvider p(makeOpenAiWire(), config);
        ProviderRequest r;
        r.model = QStringLiteral("fake-small");
        r.messages = {{Role::User, QStringLiteral("hello")}};
        r.stream = true;
        r.timeouts = {5000, 10000, 20000};
        std::unique_ptr<ProviderCall> c(p.start(r));
        if (!QTest::qWaitFor([&] { return c->isDone(); }, 30000))
            return QStringLiteral("timed out");
        return c->succeeded() ? c->result().text : QStringLiteral("failed: ") + c->error().message;
    }

    // Qt never asks proxies about loopback addresses, so proxied calls go to a name that only
    // the proxy knows (".invalid" never resolves: reaching it directly fails).
    static QUrl proxiedOnly() { return QUrl(QStringLiteral("http://llm.invalid:8080/v1")); }

    static void threads() {
        QTest::addColumn<int>("threads");
        QTest::newRow("calling thread") << 0;
        QTest::newRow("network threads") << 2;
    }

private Q_SLOTS:
    void init() {
        m_server = std::make_unique<FakeLlmServer>();
        QVERIFY(m_server->listen());
        m_server->setDefaultReply(FakeReply::ok(QStringLiteral("direct")));
        m_proxy = std::make_unique<FakeProxy>();
        QVERIFY(m_proxy->listen());
    }

    void cleanup() {
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        QNetworkProxyFactory::setUseSystemConfiguration(false);
        qunsetenv("http_proxy");
        setNetworkThreads(2);
    }

    void directWithoutProxy_data() { threads(); }
    void directWithoutProxy() {
        QFETCH(int, threads);
        setNetworkThreads(threads);
        for (int i = 0; i < 3; ++i) // later calls reuse the connection
            QCOMPARE(call(m_server->openAiBaseUrl()), QStringLiteral("direct"));
        QCOMPARE(m_server->chatRequestCount(), 3);
        QVERIFY(m_proxy->requestLines.isEmpty());
    }

    void applicationProxy_data() { threads(); }
    void applicationProxy() {
        QFETCH(int, threads);
        setNetworkThreads(threads);
        // A direct call first, so that a manager with a direct connection already exists.
        QCOMPARE(call(m_server->openAiBaseUrl()), QStringLiteral("direct"));
        QNetworkProxy::setApplicationProxy(
            QNetworkProxy(QNetworkProxy::HttpProxy, QStringLiteral("127.0.0.1"), m_proxy->port()));
        const QUrl target = proxiedOnly();
        QCOMPARE(call(target), QStringLiteral("via proxy"));
        QCOMPARE(m_proxy->requestLines.size(), 1);
        QCOMPARE(m_proxy->requestLines.first(),
                 "POST " + target.toEncoded() + "/chat/completions HTTP/1.1");
        // And directly again once the proxy is gone.
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        QCOMPARE(call(m_server->openAiBaseUrl()), QStringLiteral("direct"));
        QCOMPARE(m_proxy->requestLines.size(), 1);
    }

    void environmentProxy_data() { threads(); }
    void environmentProxy() {
        QFETCH(int, threads);
        setNetworkThreads(threads);
        qputenv("http_proxy", QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->port()).toUtf8());
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        // A host of its own per row: the system's answers are kept for a while.
        const QUrl target(QStringLiteral("http://env-%1.invalid:8080/v1").arg(threads));
        const QList<QNetworkProxy> system =
            QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(target));
        if (system.isEmpty() || system.first().port() != m_proxy->port())
            QSKIP("Qt's system proxy lookup here does not read http_proxy");
        QCOMPARE(call(target), QStringLiteral("via proxy"));
        QCOMPARE(m_proxy->requestLines.size(), 1);
        QVERIFY(m_proxy->requestLines.first().startsWith(QByteArray("POST " + target.toEncoded())));
    }

    // The system's answer for a host is kept (asking it costs 40-65 us per request); the
    // application's settings still apply to the next request.
    void systemAnswerKeptApplicationSettingsNot_data() { threads(); }
    void systemAnswerKeptApplicationSettingsNot() {
        QFETCH(int, threads);
        setNetworkThreads(threads);
        const QUrl target(QStringLiteral("http://kept-%1.invalid:8080/v1").arg(threads));
        qputenv("http_proxy", QStringLiteral("http://127.0.0.1:%1").arg(m_proxy->port()).toUtf8());
        QNetworkProxyFactory::setUseSystemConfiguration(true);
        const QList<QNetworkProxy> system =
            QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(target));
        if (system.isEmpty() || system.first().port() != m_proxy->port())
            QSKIP("Qt's system proxy lookup here does not read http_proxy");
        QCOMPARE(call(target), QStringLiteral("via proxy"));
        qunsetenv("http_proxy");
        QCOMPARE(call(target), QStringLiteral("via proxy"));
        QCOMPARE(m_proxy->requestLines.size(), 2);
        QNetworkProxy::setApplicationProxy(QNetworkProxy(QNetworkProxy::NoProxy));
        QVERIFY(call(target).startsWith(u"failed: ")); // directly to a name that never resolves
        QCOMPARE(m_proxy->requestLines.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestNetworkProxy)
#include "test_network_proxy.moc"
