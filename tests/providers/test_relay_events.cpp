// Events of an exchange on a network thread reach the call's thread in order: one at a time
// while that thread keeps up, merged (one delta for all the text that came meanwhile) while it
// is busy.
#include "providers/http_provider.h"
#include "providers/network_access.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

using namespace trellis::providers;

namespace {

// Streams one OpenAI answer in pieces, `gapMs` apart, on its own thread, so that it answers
// while the test's thread sleeps.
class PacedServer : public QObject {
public:
    PacedServer(QStringList pieces, int gapMs)
        : m_pieces(std::move(pieces))
        , m_gapMs(gapMs) {
        connect(m_server, &QTcpServer::newConnection, this, [this] { accept(); });
    }
    bool listen() { return m_server->listen(QHostAddress::LocalHost); }
    quint16 port() const { return m_server->serverPort(); }

private:
    void accept() {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            auto head = std::make_shared<QByteArray>();
            auto answered = std::make_shared<bool>(false);
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, head, answered] {
                *head += socket->readAll();
                if (*answered || !head->contains("\r\n\r\n"))
                    return; // the body does not matter
                *answered = true;
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                              "Connection: close\r\n\r\n");
                send(socket, 0);
            });
        }
    }

    void send(QTcpSocket *socket, int index) {
        if (index == int(m_pieces.size())) {
            socket->write("data: [DONE]\n\n");
            socket->disconnectFromHost();
            return;
        }
        socket->write("data: {\"choices\":[{\"delta\":{\"content\":\"" + m_pieces[index].toUtf8()
                      + "\"}}]}\n\n");
        socket->flush();
        QTimer::singleShot(m_gapMs, socket, [this, socket, index] { send(socket, index + 1); });
    }

    QTcpServer *m_server = new QTcpServer(this); // a child: moves with the object
    QStringList m_pieces;
    int m_gapMs;
};

} // namespace

class TestRelayEvents : public QObject {
    Q_OBJECT

private:
    QThread m_serverThread;
    PacedServer *m_server = nullptr;

    void startServer(int gapMs) {
        m_server = new PacedServer(
            {QStringLiteral("one "), QStringLiteral("two "), QStringLiteral("three")}, gapMs);
        m_server->moveToThread(&m_serverThread);
        bool listening = false;
        QMetaObject::invokeMethod(
            m_server, [&] { listening = m_server->listen(); }, Qt::BlockingQueuedConnection);
        QVERIFY(listening);
    }

    std::unique_ptr<ProviderCall> start(HttpProvider &provider, QStringList &deltas) {
        ProviderRequest r;
        r.model = QStringLiteral("fake-small");
        r.messages = {{Role::User, QStringLiteral("hello")}};
        r.stream = true;
        r.timeouts = {5000, 10000, 20000};
        std::unique_ptr<ProviderCall> call(provider.start(r));
        connect(call.get(), &ProviderCall::delta, this,
                [&deltas](const QString &text) { deltas.append(text); });
        return call;
    }

    EndpointConfig config() const {
        EndpointConfig c;
        c.providerId = QStringLiteral("openai");
        c.apiKey = QStringLiteral("sk-relaytest-ABCDEFGHIJKLMNOPQRSTUV");
        c.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(m_server->port()));
        return c;
    }

private Q_SLOTS:
    void initTestCase() {
        m_serverThread.start();
        setNetworkThreads(2);
    }

    void cleanupTestCase() {
        m_serverThread.quit();
        m_serverThread.wait();
    }

    void cleanup() {
        if (m_server != nullptr)
            QMetaObject::invokeMethod(m_server, &QObject::deleteLater);
        m_server = nullptr;
    }

    void piecesAsTheyComeWhileIdle() {
        startServer(200);
        HttpProvider provider(makeOpenAiWire(), config());
        QStringList deltas;
        std::unique_ptr<ProviderCall> call = start(provider, deltas);
        QVERIFY(QTest::qWaitFor([&] { return call->isDone(); }, 20000));
        QVERIFY(call->succeeded());
        QCOMPARE(call->result().text, QStringLiteral("one two three"));
        QCOMPARE(deltas, QStringList({QStringLiteral("one "), QStringLiteral("two "),
                                      QStringLiteral("three")}));
    }

    void mergedWhileBusy() {
        startServer(20);
        HttpProvider provider(makeOpenAiWire(), config());
        QStringList deltas;
        std::unique_ptr<ProviderCall> call = start(provider, deltas);
        // The whole answer arrives on the network thread while this thread does not look.
        QThread::msleep(1500);
        QVERIFY(QTest::qWaitFor([&] { return call->isDone(); }, 20000));
        QVERIFY(call->succeeded());
        QCOMPARE(call->result().text, QStringLiteral("one two three"));
        QCOMPARE(deltas, QStringList({QStringLiteral("one two three")}));
    }
};

QTEST_GUILESS_MAIN(TestRelayEvents)
#include "test_relay_events.moc"
