#pragma once

#include "fake_reply.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPair>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QUrl>

#include <deque>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>

namespace trellis::testing {

// A request as the server received it.
struct RecordedRequest {
    qint64 receivedMs = 0; // since the server started listening (monotonic clock)
    qint64 receivedNs = 0;
    QByteArray method;
    QByteArray path; // without the query
    QByteArray query;
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-cased
    QByteArray body;
    bool isChat = false;
    FakeWire wire = FakeWire::OpenAI;
    FakeFault fault = FakeFault::None; // what the server did with it

    QByteArray header(const QByteArray &lowerName) const;
    nlohmann::json json() const; // the body parsed, or null
};

// A fake LLM API on 127.0.0.1 and a random port, driven by the event loop of the thread it
// lives in. Routes by path:
//   POST .../chat/completions                         OpenAI Chat Completions (SSE stream)
//   POST .../v1/messages                              Anthropic Messages (SSE events)
//   POST .../models/{m}:generateContent               Gemini
//   POST .../models/{m}:streamGenerateContent?alt=sse Gemini streaming
//   POST /api/chat                                    Ollama (NDJSON stream)
//   GET  .../v1/models (OpenAI, or Anthropic when anthropic-version is sent),
//        .../v1beta/models (Gemini), /api/tags (Ollama)
// Every request takes the next scripted reply from the queue, else (with the configured
// probability) a random fault, else the default reply: an echo of the last user message.
class FakeLlmServer : public QObject {
    Q_OBJECT
public:
    explicit FakeLlmServer(QObject *parent = nullptr);
    ~FakeLlmServer() override;

    bool listen(quint16 port = 0); // 127.0.0.1 only
    quint16 port() const;
    QUrl baseUrl() const;       // http://127.0.0.1:PORT
    QUrl openAiBaseUrl() const; // http://127.0.0.1:PORT/v1

    void enqueue(const FakeReply &reply);
    void setDefaultReply(const FakeReply &reply);
    void setLatencyMs(int ms);
    // Each chat request fails with probability `rate` with a fault drawn from `pool`
    // (the default pool: 429 with retry-after-ms, 500, 503, 529, truncated, malformed, disconnect).
    void setRandomFaults(double rate, quint32 seed, const QList<FakeReply> &pool = {});
    void setModels(const QStringList &models);
    // Chooses a reply by the request's content; consulted before the queue, nullopt falls
    // through to it. Called on the server's thread.
    using Responder = std::function<std::optional<FakeReply>(const RecordedRequest &request)>;
    void setResponder(Responder responder) { m_responder = std::move(responder); }

    // On by default. Off, requests() stays empty and requestReceived is not emitted: for the
    // standalone binary, where nothing reads them and a long bench would only grow the list.
    void setRecordRequests(bool record) { m_recordRequests = record; }

    QList<RecordedRequest> requests() const { return m_requests; }
    int requestCount() const { return int(m_requests.size()); }
    int chatRequestCount() const;
    void clearRequests() { m_requests.clear(); }
    int openConnections() const { return m_openConnections; }
    // Requests received and not yet fully answered.
    int requestsInFlight() const { return m_requestsInFlight; }

Q_SIGNALS:
    void requestReceived(int index);

private:
    friend class FakeConnection;
    FakeReply nextReply(const RecordedRequest &request);
    void record(RecordedRequest request);
    // The number in a reply's x-request-id: the recorded requests, or all when not recording.
    int requestNumber() const { return m_recordRequests ? requestCount() : m_unrecorded; }
    qint64 elapsedNs() const { return m_clock.nsecsElapsed(); }

    QTcpServer m_server;
    QElapsedTimer m_clock;
    std::deque<FakeReply> m_queue;
    FakeReply m_default;
    int m_latencyMs = 0;
    double m_faultRate = 0.0;
    QRandomGenerator m_random;
    QList<FakeReply> m_faultPool;
    QStringList m_models;
    Responder m_responder;
    QList<RecordedRequest> m_requests;
    bool m_recordRequests = true;
    int m_unrecorded = 0;
    int m_openConnections = 0;
    int m_requestsInFlight = 0;
};

// A port whose listen backlog is full: connection attempts hang in SYN-SENT, which is how a
// connect timeout is provoked without the internet.
class BlackholePort : public QObject {
    Q_OBJECT
public:
    explicit BlackholePort(QObject *parent = nullptr);
    bool open();
    quint16 port() const { return m_server.serverPort(); }

private:
    QTcpServer m_server;
    QList<QObject *> m_fillers;
};

} // namespace trellis::testing
