#include "fake_llm_server.h"

#include "fake_wire_formats.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTimer>

#include <charconv>
#include <functional>

using nlohmann::json;

namespace trellis::testing {

namespace {

QByteArray statusText(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}

// One piece in HTTP/1.1 chunked framing: its size in lower-case hex, CRLF, the bytes, CRLF.
void appendChunked(QByteArray &out, const QByteArray &piece) {
    char hex[20];
    const auto [end, ec] = std::to_chars(hex, hex + sizeof hex, piece.size(), 16);
    out.append(hex, end - hex).append("\r\n", 2).append(piece).append("\r\n", 2);
}

// Reads the request line and headers of `head` (without the blank line) into `req`, returns
// the Content-Length. Views into the buffer instead of splitting it: this runs per request.
qint64 parseHead(QByteArrayView head, RecordedRequest &req) {
    qsizetype eol = head.indexOf('\n');
    const QByteArrayView first = (eol < 0 ? head : head.first(eol)).trimmed();
    const qsizetype sp1 = first.indexOf(' ');
    req.method = (sp1 < 0 ? first : first.first(sp1)).toByteArray();
    QByteArrayView target;
    if (sp1 >= 0) {
        target = first.sliced(sp1 + 1);
        const qsizetype sp2 = target.indexOf(' ');
        if (sp2 >= 0)
            target = target.first(sp2);
    }
    const qsizetype q = target.indexOf('?');
    req.path = (q < 0 ? target : target.first(q)).toByteArray();
    req.query = q < 0 ? QByteArray() : target.sliced(q + 1).toByteArray();
    qint64 length = 0;
    req.headers.reserve(16);
    while (eol >= 0) {
        const qsizetype from = eol + 1;
        eol = head.indexOf('\n', from);
        const QByteArrayView line = head.sliced(from, (eol < 0 ? head.size() : eol) - from);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
        QByteArray value = line.sliced(colon + 1).trimmed().toByteArray();
        if (name == "content-length")
            length = value.toLongLong();
        req.headers.append({std::move(name), std::move(value)});
    }
    return length;
}

// Space-separated words (at least 1), counted in place.
qint64 wordCount(const QString &text) {
    qint64 words = 0;
    QChar previous = u' ';
    for (const QChar c : text) {
        if (c != u' ' && previous == u' ')
            ++words;
        previous = c;
    }
    return qMax<qint64>(1, words);
}

// Where a request goes, decided from method, path and headers.
struct Route {
    bool known = false;
    bool isChat = false;
    FakeWire wire = FakeWire::OpenAI;
    QString pathModel; // Gemini puts the model in the path
    bool geminiStream = false;
};

Route route(const RecordedRequest &r) {
    Route out;
    const QByteArray &p = r.path;
    if (r.method == "POST") {
        out.isChat = out.known = true;
        if (p.endsWith("/chat/completions")) {
            out.wire = FakeWire::OpenAI;
        } else if (p.endsWith("/v1/messages")) {
            out.wire = FakeWire::Anthropic;
        } else if (p == "/api/chat") {
            out.wire = FakeWire::Ollama;
        } else if (p.contains("/models/") && p.contains(':')) {
            out.wire = FakeWire::Gemini;
            const QByteArray tail = p.mid(p.lastIndexOf("/models/") + 8);
            out.pathModel = QString::fromUtf8(tail.left(tail.indexOf(':')));
            out.geminiStream = tail.endsWith(":streamGenerateContent");
        } else {
            out.known = out.isChat = false;
        }
        return out;
    }
    if (r.method != "GET")
        return out;
    out.known = true;
    if (p == "/api/tags")
        out.wire = FakeWire::Ollama;
    else if (p.endsWith("/v1beta/models"))
        out.wire = FakeWire::Gemini;
    else if (p.endsWith("/models"))
        out.wire = r.header("anthropic-version").isEmpty() ? FakeWire::OpenAI : FakeWire::Anthropic;
    else
        out.known = false;
    return out;
}

} // namespace

// One keep-alive connection: parses requests one after another and plays each reply as a list
// of timed steps. Deleting it (when the socket closes) cancels its pending timers.
class FakeConnection : public QObject {
public:
    FakeConnection(FakeLlmServer *server, QTcpSocket *socket)
        : QObject(server)
        , m_server(server)
        , m_socket(socket) {
        socket->setParent(this);
        ++m_server->m_openConnections;
        connect(socket, &QTcpSocket::readyRead, this, [this] { parse(); });
        connect(socket, &QTcpSocket::disconnected, this, [this] { close(); });
    }

private:
    struct Step {
        int delayMs = 0;
        QByteArray bytes;
        enum Action { Write, Abort, Finish } action = Write;
    };

    void close() {
        if (m_closed)
            return;
        setBusy(false);
        m_closed = true;
        --m_server->m_openConnections;
        deleteLater();
    }

    // A request is in flight from its arrival until its answer is written or the connection
    // closes: what a client's concurrency limit bounds (open connections are not: a client
    // with several connection pools keeps idle ones open).
    void setBusy(bool busy) {
        if (busy != m_busy)
            m_server->m_requestsInFlight += busy ? 1 : -1;
        m_busy = busy;
    }

    void parse() {
        m_buffer += m_socket->readAll();
        while (!m_busy && !m_closed) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            RecordedRequest req;
            const qint64 length = parseHead(QByteArrayView(m_buffer).first(end), req);
            if (m_buffer.size() < end + 4 + length)
                return;
            req.body = m_buffer.mid(end + 4, length);
            m_buffer.remove(0, end + 4 + length);
            m_keepAlive = req.header("connection").compare("close", Qt::CaseInsensitive) != 0;
            handle(std::move(req));
        }
    }

    void handle(RecordedRequest req) {
        setBusy(true);
        const Route r = route(req);
        req.isChat = r.isChat;
        req.wire = r.wire;
        const FakeReply reply = r.known ? m_server->nextReply(req) : FakeReply::httpError(404);
        req.fault = reply.fault;
        const json body = req.json();
        const bool sseQuery = req.query.contains("alt=sse");
        m_server->record(std::move(req));
        m_steps.clear();
        const int latency = reply.latencyMs >= 0 ? reply.latencyMs : m_server->m_latencyMs;
        if (reply.fault == FakeFault::NeverAnswer)
            return; // stay busy until the client gives up
        if (!r.known) {
            plainResponse(404, "application/json", "{\"error\":\"no such route\"}", reply);
        } else if (reply.fault == FakeFault::HttpError) {
            const QString type = reply.errorType.isEmpty() ? defaultErrorType(r.wire, reply.status)
                                                           : reply.errorType;
            const QString msg =
                reply.errorMessage.isEmpty()
                    ? QStringLiteral("fake %1 error (%2)").arg(reply.status).arg(type)
                    : reply.errorMessage;
            plainResponse(reply.status, "application/json",
                          buildErrorBody(r.wire, reply.status, type, msg), reply);
        } else if (!r.isChat) {
            plainResponse(200, "application/json", buildModelList(r.wire, m_server->m_models),
                          reply);
        } else if (std::optional<ParsedChat> chat = parseChat(r, body, sseQuery); !chat) {
            plainResponse(
                400, "application/json",
                buildErrorBody(r.wire, 400, defaultErrorType(r.wire, 400),
                               QStringLiteral("fake: a field of the body has the wrong type")),
                reply);
        } else {
            ReplyShape shape;
            shape.text =
                reply.text.isEmpty() ? QStringLiteral("echo: ") + chat->lastUserText : reply.text;
            shape.chunkChars = reply.chunkChars;
            shape.outputTokens = wordCount(shape.text);
            shape.cachedTokens = reply.cachedTokens;
            chatResponse(buildChatReply(r.wire, *chat, shape), chat->stream, r.wire, reply);
        }
        if (!m_steps.isEmpty())
            m_steps.first().delayMs += latency;
        run();
    }

    // A body whose fields have the wrong types ("stream": "yes") is the client's error: 400,
    // as a real API answers, not an exception through the event loop.
    static std::optional<ParsedChat> parseChat(const Route &r, const json &body, bool sseQuery) {
        try {
            return parseChatRequest(r.wire, body, r.pathModel, sseQuery);
        } catch (const json::exception &) {
            return std::nullopt;
        }
    }

    QByteArray head(int status, const QByteArray &type, const FakeReply &reply, bool chunkedBody,
                    qint64 length) const {
        QByteArray h = "HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status) + "\r\n";
        h += "Content-Type: " + type + "\r\n";
        h += chunkedBody ? QByteArray("Transfer-Encoding: chunked\r\n")
                         : "Content-Length: " + QByteArray::number(length) + "\r\n";
        h += "x-request-id: req_fake_" + QByteArray::number(m_server->requestNumber()) + "\r\n";
        if (reply.retryAfterSec >= 0)
            h += "retry-after: " + QByteArray::number(reply.retryAfterSec) + "\r\n";
        if (reply.retryAfterMs >= 0)
            h += "retry-after-ms: " + QByteArray::number(reply.retryAfterMs) + "\r\n";
        for (const auto &[name, value] : reply.extraHeaders)
            h += name + ": " + value + "\r\n";
        h += m_keepAlive ? QByteArray("Connection: keep-alive\r\n")
                         : QByteArray("Connection: close\r\n");
        return h + "\r\n";
    }

    void plainResponse(int status, const QByteArray &type, const QByteArray &body,
                       const FakeReply &reply) {
        m_steps.append({0, head(status, type, reply, false, body.size()) + body, Step::Write});
        m_steps.append({0, {}, Step::Finish});
    }

    void chatResponse(const WireReply &w, bool stream, FakeWire wire, const FakeReply &reply) {
        if (!stream) {
            QByteArray body = w.body;
            if (reply.fault == FakeFault::MalformedJson || reply.fault == FakeFault::Truncated)
                body = body.left(body.size() / 2);
            if (reply.fault == FakeFault::MidStreamError) {
                plainResponse(500, "application/json",
                              buildErrorBody(wire, 500, defaultErrorType(wire, 500),
                                             QStringLiteral("fake internal error")),
                              reply);
                return;
            }
            const int first = reply.fault == FakeFault::SlowFirstToken ? reply.delayMs : 0;
            if (reply.fault == FakeFault::Disconnect) {
                m_steps.append({first,
                                head(200, w.contentType, reply, false, body.size())
                                    + body.left(body.size() / 2),
                                Step::Write});
                m_steps.append({0, {}, Step::Abort});
                return;
            }
            if (reply.fault == FakeFault::SlowDrip) {
                m_steps.append(
                    {0, head(200, w.contentType, reply, false, body.size()), Step::Write});
                const qsizetype part = qMax<qsizetype>(1, body.size() / 8);
                for (qsizetype i = 0; i < body.size(); i += part)
                    m_steps.append({reply.delayMs, body.mid(i, part), Step::Write});
            } else {
                m_steps.append({first, head(200, w.contentType, reply, false, body.size()) + body,
                                Step::Write});
            }
            m_steps.append({0, {}, Step::Finish});
            return;
        }
        QList<QByteArray> pieces = w.pieces;
        bool abort = false;
        switch (reply.fault) {
        case FakeFault::Truncated:
            pieces = pieces.mid(0, pieces.size() - qMax(1, w.terminalPieces));
            m_keepAlive = false;
            break;
        case FakeFault::Disconnect:
            pieces = pieces.mid(0, qMax<qsizetype>(w.contentPieces + 1, pieces.size() / 2));
            abort = true;
            break;
        case FakeFault::MalformedJson:
            pieces.insert(qMin<qsizetype>(w.contentPieces + 1, pieces.size()),
                          malformedPiece(wire));
            break;
        case FakeFault::MidStreamError:
            pieces = pieces.mid(0, qMin<qsizetype>(w.contentPieces + 2, pieces.size()));
            pieces << buildMidStreamError(wire);
            m_keepAlive = false;
            break;
        default:
            break;
        }
        QByteArray preamble = head(200, w.contentType, reply, true, 0);
        // Without delays the first step carries the whole stream: allocate it once.
        qsizetype total = preamble.size();
        for (const QByteArray &piece : std::as_const(pieces))
            total += piece.size() + 12;
        for (qsizetype i = 0; i < pieces.size(); ++i) {
            int delay = 0;
            if (reply.fault == FakeFault::SlowDrip && i > 0)
                delay = reply.delayMs;
            if (reply.fault == FakeFault::SlowFirstToken && i == w.contentPieces)
                delay = reply.delayMs;
            if (delay != 0 || m_steps.isEmpty() || i == 0) {
                QByteArray bytes;
                if (i == 0) {
                    bytes.reserve(total);
                    bytes.append(QByteArrayView(preamble));
                }
                m_steps.append({delay, std::move(bytes), Step::Write});
            }
            appendChunked(m_steps.last().bytes, pieces[i]);
        }
        if (pieces.isEmpty())
            m_steps.append({0, preamble, Step::Write});
        if (abort) {
            m_steps.append({0, {}, Step::Abort});
            return;
        }
        m_steps.append({0, "0\r\n\r\n", Step::Write});
        m_steps.append({0, {}, Step::Finish});
    }

    void run() {
        while (!m_steps.isEmpty() && !m_closed) {
            Step step = m_steps.first();
            if (step.delayMs > 0) {
                m_steps.first().delayMs = 0;
                QTimer::singleShot(step.delayMs, this, [this] { run(); });
                return;
            }
            m_steps.removeFirst();
            if (step.action == Step::Write) {
                m_socket->write(step.bytes);
            } else if (step.action == Step::Abort) {
                m_socket->flush();
                m_socket->abort();
                close();
                return;
            } else {
                setBusy(false);
                if (!m_keepAlive) {
                    m_socket->disconnectFromHost();
                    return;
                }
                if (!m_buffer.isEmpty())
                    QTimer::singleShot(0, this, [this] { parse(); });
            }
        }
    }

    FakeLlmServer *m_server;
    QTcpSocket *m_socket;
    QByteArray m_buffer;
    QList<Step> m_steps;
    bool m_busy = false;
    bool m_keepAlive = true;
    bool m_closed = false;
};

QByteArray RecordedRequest::header(const QByteArray &lowerName) const {
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

json RecordedRequest::json() const {
    return json::parse(body.constData(), body.constData() + body.size(), nullptr, false);
}

FakeLlmServer::FakeLlmServer(QObject *parent)
    : QObject(parent)
    , m_random(1)
    , m_models{QStringLiteral("fake-small"), QStringLiteral("fake-large")} {
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *socket = m_server.nextPendingConnection())
            new FakeConnection(this, socket);
    });
}

FakeLlmServer::~FakeLlmServer() = default;

bool FakeLlmServer::listen(quint16 port) {
    m_clock.start();
    return m_server.listen(QHostAddress::LocalHost, port);
}

quint16 FakeLlmServer::port() const {
    return m_server.serverPort();
}

QUrl FakeLlmServer::baseUrl() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

QUrl FakeLlmServer::openAiBaseUrl() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port()));
}

void FakeLlmServer::enqueue(const FakeReply &reply) {
    m_queue.push_back(reply);
}

void FakeLlmServer::setDefaultReply(const FakeReply &reply) {
    m_default = reply;
}

void FakeLlmServer::setLatencyMs(int ms) {
    m_latencyMs = ms;
}

void FakeLlmServer::setRandomFaults(double rate, quint32 seed, const QList<FakeReply> &pool) {
    m_faultRate = rate;
    m_random.seed(seed);
    m_faultPool = pool;
    if (m_faultPool.isEmpty()) {
        m_faultPool = {FakeReply::rateLimited(-1, 50),
                       FakeReply::httpError(500),
                       FakeReply::httpError(503),
                       FakeReply::httpError(529),
                       FakeReply::withFault(FakeFault::Truncated),
                       FakeReply::withFault(FakeFault::MalformedJson),
                       FakeReply::withFault(FakeFault::Disconnect)};
    }
}

void FakeLlmServer::setModels(const QStringList &models) {
    m_models = models;
}

int FakeLlmServer::chatRequestCount() const {
    return int(std::count_if(m_requests.begin(), m_requests.end(),
                             [](const RecordedRequest &r) { return r.isChat; }));
}

FakeReply FakeLlmServer::nextReply(const RecordedRequest &request) {
    const bool isChat = request.isChat;
    if (m_responder && isChat)
        if (std::optional<FakeReply> chosen = m_responder(request))
            return *chosen;
    if (!m_queue.empty()) {
        FakeReply r = m_queue.front();
        m_queue.pop_front();
        return r;
    }
    if (isChat && m_faultRate > 0 && m_random.generateDouble() < m_faultRate)
        return m_faultPool.at(int(m_random.bounded(quint32(m_faultPool.size()))));
    return m_default;
}

void FakeLlmServer::record(RecordedRequest request) {
    if (!m_recordRequests) {
        ++m_unrecorded;
        return;
    }
    const qint64 ns = elapsedNs();
    request.receivedNs = ns;
    request.receivedMs = ns / 1000000;
    m_requests.append(std::move(request));
    Q_EMIT requestReceived(int(m_requests.size()) - 1);
}

BlackholePort::BlackholePort(QObject *parent)
    : QObject(parent) {}

bool BlackholePort::open() {
    m_server.setListenBacklogSize(0);
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        return false;
    m_server.pauseAccepting();
    // Fill the kernel's accept queue so that later SYNs are dropped.
    for (int i = 0; i < 4; ++i) {
        auto *s = new QTcpSocket(this);
        s->connectToHost(QHostAddress::LocalHost, port());
        m_fillers << s;
    }
    return true;
}

} // namespace trellis::testing
