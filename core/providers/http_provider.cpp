#include "http_provider.h"

#include "error_classify.h"
#include "network_access.h"
#include "redaction.h"

#include <QMutex>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QTimer>
#include <QTimerEvent>

#include <variant>
#include <vector>

namespace trellis::providers {

namespace {

ProviderError networkError(const QNetworkReply *reply) {
    ProviderError e;
    e.kind = ErrorKind::Network;
    e.retryable = true;
    e.message = Redactor::text(reply->errorString());
    return e;
}

QTimer *singleShotTimer(QObject *owner, int ms, std::function<void()> onTimeout) {
    if (ms <= 0)
        return nullptr;
    auto *t = new QTimer(owner);
    t->setSingleShot(true);
    t->setInterval(ms);
    QObject::connect(t, &QTimer::timeout, owner, std::move(onTimeout));
    t->start();
    return t;
}

void stop(QTimer *timer) {
    if (timer != nullptr)
        timer->stop();
}

// Model listing: one GET, parsed by the wire format.
class HttpModelListCall final : public ModelListCall {
public:
    HttpModelListCall(std::shared_ptr<const WireFormat> wire, const HttpRequestSpec &spec,
                      int timeoutMs, QObject *parent)
        : ModelListCall(parent)
        , m_wire(std::move(wire)) {
        m_reply = sendRequest(spec);
        connect(m_reply, &QNetworkReply::finished, this, [this] { onFinished(); });
        m_timer = singleShotTimer(this, timeoutMs, [this] {
            abortTransfer();
            ProviderError e;
            e.kind = ErrorKind::Timeout;
            e.retryable = true;
            e.timeoutStage = QStringLiteral("total");
            e.message = QStringLiteral("listing models timed out");
            fail(e);
        });
    }
    ~HttpModelListCall() override { abortTransfer(); }

private:
    void onFinished() {
        stop(m_timer);
        const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = m_reply->readAll();
        const HeaderList headers = responseHeaders(m_reply);
        const QNetworkReply::NetworkError netError = m_reply->error();
        const ProviderError transportError = networkError(m_reply);
        m_reply->deleteLater();
        m_reply = nullptr;
        if (status >= 300) {
            fail(classifyHttpError(status, body, headers));
        } else if (netError != QNetworkReply::NoError) {
            fail(transportError);
        } else if (auto models = m_wire->parseModels(body)) {
            succeed(std::move(models.value()));
        } else {
            ProviderError e;
            e.kind = ErrorKind::Parse;
            e.httpStatus = status;
            e.message = models.error().message;
            fail(e);
        }
    }

    void abortTransfer() override {
        stop(m_timer);
        if (m_reply != nullptr) {
            m_reply->disconnect(this);
            m_reply->abort();
            m_reply->deleteLater();
            m_reply = nullptr;
        }
    }

    std::shared_ptr<const WireFormat> m_wire;
    QNetworkReply *m_reply = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace

HttpProvider::HttpProvider(std::unique_ptr<WireFormat> wire, EndpointConfig config)
    : m_wire(std::move(wire))
    , m_config(std::move(config)) {}

ProviderCall *HttpProvider::start(const ProviderRequest &request, QObject *parent) {
    return new HttpProviderCall(m_wire, m_config, request, parent);
}

ModelListCall *HttpProvider::listModels(int timeoutMs, QObject *parent) {
    return new HttpModelListCall(m_wire, m_wire->modelsRequest(m_config), timeoutMs, parent);
}

namespace {

struct Connected {};
// An exchange's event on its way to the call's thread: connected, a delta, failed, succeeded.
using RelayedEvent = std::variant<Connected, QString, ProviderError, ProviderResult>;

} // namespace

// Shared by a call and its exchange on a network thread; each side unlinks itself under the
// mutex, so neither posts to the other once it is gone.
struct ExchangeLink {
    QMutex mutex;
    HttpProviderCall *call = nullptr;
    HttpExchange *exchange = nullptr;
    // Events the call's thread has not taken yet. One post takes all that arrived until it
    // runs (consecutive deltas merged), so a busy caller's thread (the GUI, a batch) is woken
    // once per burst instead of once per chunk.
    std::vector<RelayedEvent> pending;
};

namespace {

// Runs on the call's thread: delivers the pending events in order, stopping when the call
// goes away or is aborted by one of them.
void deliver(const std::shared_ptr<ExchangeLink> &link) {
    std::vector<RelayedEvent> events;
    {
        QMutexLocker lock(&link->mutex);
        events.swap(link->pending);
    }
    for (RelayedEvent &event : events) {
        HttpProviderCall *call = nullptr;
        {
            QMutexLocker lock(&link->mutex);
            call = link->call;
        }
        if (call == nullptr)
            return;
        ExchangeEvents &e = *call;
        if (std::holds_alternative<Connected>(event))
            e.exchangeConnected();
        else if (auto *text = std::get_if<QString>(&event))
            e.exchangeDelta(*text);
        else if (auto *error = std::get_if<ProviderError>(&event))
            e.exchangeFailed(std::move(*error));
        else
            e.exchangeSucceeded(std::move(std::get<ProviderResult>(event)));
    }
}

// Lives with the exchange on the network thread; passes its events to the call's thread.
class RelayEvents final : public ExchangeEvents {
public:
    explicit RelayEvents(std::shared_ptr<ExchangeLink> link)
        : m_link(std::move(link)) {}
    ~RelayEvents() override {
        QMutexLocker lock(&m_link->mutex);
        m_link->exchange = nullptr;
    }

    void exchangeConnected() override { post(Connected{}); }
    void exchangeDelta(const QString &text) override { post(text); }
    void exchangeFailed(ProviderError error) override { post(std::move(error)); }
    void exchangeSucceeded(ProviderResult result) override { post(std::move(result)); }

private:
    void post(RelayedEvent event) {
        QMutexLocker lock(&m_link->mutex);
        HttpProviderCall *call = m_link->call;
        if (call == nullptr)
            return;
        std::vector<RelayedEvent> &pending = m_link->pending;
        if (!pending.empty()) {
            QString *last = std::get_if<QString>(&pending.back());
            const QString *text = std::get_if<QString>(&event);
            if (last != nullptr && text != nullptr)
                *last += *text;
            else
                pending.push_back(std::move(event));
            return; // a delivery is already on its way
        }
        pending.push_back(std::move(event));
        QMetaObject::invokeMethod(
            call, [link = m_link] { deliver(link); }, Qt::QueuedConnection);
    }

    std::shared_ptr<ExchangeLink> m_link;
};

} // namespace

HttpProviderCall::HttpProviderCall(std::shared_ptr<const WireFormat> wire,
                                   const EndpointConfig &config, ProviderRequest request,
                                   QObject *parent)
    : ProviderCall(parent)
    , m_wire(std::move(wire))
    , m_request(std::move(request)) {
    begin(config);
}

HttpProviderCall::~HttpProviderCall() {
    abortTransfer();
}

void HttpProviderCall::begin(const EndpointConfig &config) {
    m_config = config; // for the body of a timeout only
    const Timeouts &t = m_request.timeouts;
    m_stageMs[Connect] = qMax(0, t.connectMs);
    m_stageMs[FirstToken] = qMax(0, t.firstTokenMs);
    m_stageMs[Total] = qMax(0, t.totalMs);
    armTimer();
    QThread *thread = nextNetworkThread();
    if (thread == nullptr) {
        m_exchange = std::make_unique<HttpExchange>(m_wire, m_request, config, this);
        m_exchange->start();
        return;
    }
    m_link = std::make_shared<ExchangeLink>();
    m_link->call = this;
    auto *exchange = new HttpExchange(m_wire, m_request, config, nullptr);
    exchange->ownEvents(std::make_unique<RelayEvents>(m_link));
    m_link->exchange = exchange;
    exchange->moveToThread(thread);
    // The network thread sends with as many managers as this thread would have.
    const int poolSize = networkAccessPoolSize();
    QMetaObject::invokeMethod(
        exchange,
        [exchange, poolSize] {
            setNetworkAccessPoolSize(poolSize);
            exchange->start();
        },
        Qt::QueuedConnection);
}

void HttpProviderCall::armTimer() {
    int best = -1;
    for (int stage = Connect; stage < StageCount; ++stage) {
        // Equal deadlines go to the earlier stage, as the separate timers of old did.
        if (m_stageMs[stage] > 0 && (best < 0 || m_stageMs[stage] < m_stageMs[best]))
            best = stage;
    }
    if (best < 0) {
        m_timer.stop();
        return;
    }
    m_armedStage = Stage(best);
    // Coarse, like a default QTimer: these are limits of seconds, not deadlines to the ms.
    m_timer.start(qMax<qint64>(0, m_stageMs[best] - elapsedMs()), Qt::CoarseTimer, this);
}

void HttpProviderCall::timerEvent(QTimerEvent *event) {
    if (event->timerId() != m_timer.timerId()) {
        ProviderCall::timerEvent(event);
        return;
    }
    m_timer.stop();
    if (m_stageMs[m_armedStage] > 0)
        onTimeout(m_armedStage);
    else
        armTimer(); // that stage ended meanwhile: wait for the next one
}

void HttpProviderCall::exchangeDelta(const QString &text) {
    if (isDone())
        return;
    endStage(FirstToken);
    emitDelta(text);
}

void HttpProviderCall::exchangeFailed(ProviderError error) {
    if (isDone())
        return;
    abortTransfer();
    fail(std::move(error));
}

void HttpProviderCall::exchangeSucceeded(ProviderResult result) {
    if (isDone())
        return;
    m_timer.stop();
    succeed(std::move(result));
}

void HttpProviderCall::onTimeout(Stage stage) {
    if (isDone())
        return;
    abortTransfer();
    ProviderError e;
    e.kind = ErrorKind::Timeout;
    e.retryable = true;
    e.timeoutStage = stage == Connect      ? QStringLiteral("connect")
                     : stage == FirstToken ? QStringLiteral("first_token")
                                           : QStringLiteral("total");
    e.message = QStringLiteral("no %1 within %2 ms")
                    .arg(stage == Connect      ? QStringLiteral("connection")
                         : stage == FirstToken ? QStringLiteral("first token")
                                               : QStringLiteral("complete answer"))
                    .arg(m_stageMs[stage]);
    failWith(e);
}

void HttpProviderCall::failWith(ProviderError error) {
    abortTransfer();
    if (m_redactedBody.isEmpty())
        m_redactedBody = Redactor::bytes(m_wire->chatRequest(m_request, m_config).body);
    error.requestJson = m_redactedBody;
    fail(std::move(error));
}

void HttpProviderCall::abortTransfer() {
    m_timer.stop();
    if (m_exchange != nullptr)
        m_exchange->abort();
    if (m_link != nullptr) {
        QMutexLocker lock(&m_link->mutex);
        m_link->call = nullptr;
        if (m_link->exchange != nullptr)
            m_link->exchange->deleteLater(); // aborts its transfer on its own thread
        m_link->exchange = nullptr;
    }
}

} // namespace trellis::providers
