#include "http_provider.h"

#include "error_classify.h"
#include "network_access.h"
#include "redaction.h"
#include "stream_decoder.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QTimerEvent>

namespace trellis::providers {

namespace {

QNetworkReply *send(const HttpRequestSpec &spec) {
    QNetworkRequest req(spec.url);
    for (const auto &[name, value] : spec.headers)
        req.setRawHeader(name, value);
    // Streams must not be buffered by a cache, and a call must never be silently repeated.
    req.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    return sendOnThreadPool(req, spec.method, spec.body);
}

HeaderList rawHeaders(const QNetworkReply *reply) {
    HeaderList out;
    for (const auto &p : reply->rawHeaderPairs())
        out.append(p);
    return out;
}

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
        m_reply = send(spec);
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
        const HeaderList headers = rawHeaders(m_reply);
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
    return new HttpProviderCall(m_wire, m_wire->chatRequest(request, m_config), request, parent);
}

ModelListCall *HttpProvider::listModels(int timeoutMs, QObject *parent) {
    return new HttpModelListCall(m_wire, m_wire->modelsRequest(m_config), timeoutMs, parent);
}

HttpProviderCall::HttpProviderCall(std::shared_ptr<const WireFormat> wire, HttpRequestSpec spec,
                                   ProviderRequest request, QObject *parent)
    : ProviderCall(parent)
    , m_wire(std::move(wire))
    , m_spec(std::move(spec))
    , m_request(std::move(request))
    , m_redactedBody(Redactor::bytes(m_spec.body))
    , m_decoder(std::make_unique<StreamDecoder>(*m_wire)) {
    begin();
}

HttpProviderCall::~HttpProviderCall() {
    abortTransfer();
}

void HttpProviderCall::begin() {
    const Timeouts &t = m_request.timeouts;
    m_stageMs[Connect] = qMax(0, t.connectMs);
    m_stageMs[FirstToken] = qMax(0, t.firstTokenMs);
    m_stageMs[Total] = qMax(0, t.totalMs);
    armTimer();
    m_reply = send(m_spec);
    // Ending a stage only clears its deadline; the timer notices when it fires (see armTimer).
    connect(m_reply, &QNetworkReply::requestSent, this, [this] { endStage(Connect); });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] { onReadyRead(); });
    connect(m_reply, &QNetworkReply::finished, this, [this] { onFinished(); });
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

void HttpProviderCall::onReadyRead() {
    if (m_reply == nullptr)
        return;
    endStage(Connect);
    if (!m_headersSeen) {
        m_headersSeen = true;
        m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // A server may ignore "stream": true and answer with one JSON body; decode it whole
        // then.
        const bool jsonBody = m_reply->header(QNetworkRequest::ContentTypeHeader)
                                  .toString()
                                  .startsWith(u"application/json");
        m_bodyWhole =
            m_status >= 300 || !m_request.stream || (jsonBody && m_wire->framing() == Framing::Sse);
    }
    const QByteArray bytes = m_reply->readAll();
    if (m_bodyWhole) {
        m_errorBody += bytes;
        return;
    }
    QString delta;
    const DecodeError error = m_decoder->feed(bytes, delta);
    if (!delta.isEmpty()) {
        endStage(FirstToken);
        emitDelta(delta);
    }
    if (error)
        failWith(*error);
}

void HttpProviderCall::onFinished() {
    if (m_reply == nullptr || isDone())
        return;
    onReadyRead();
    if (isDone())
        return;
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const HeaderList headers = rawHeaders(m_reply);
    const QNetworkReply::NetworkError netError = m_reply->error();
    // Built only on failure: the message goes through the redactor.
    const ProviderError transportError =
        netError != QNetworkReply::NoError ? networkError(m_reply) : ProviderError();
    m_reply->deleteLater();
    m_reply = nullptr;
    m_timer.stop();

    if (m_status >= 300) {
        failWith(classifyHttpError(m_status, m_errorBody, headers));
        return;
    }
    if (netError != QNetworkReply::NoError) {
        ProviderError e = transportError;
        e.headers = Redactor::headers(headers);
        failWith(e);
        return;
    }
    DecodeError error;
    QString delta;
    if (!m_errorBody.isEmpty() || !m_request.stream) {
        error = m_wire->onBody(m_errorBody, m_decoder->state());
        delta = m_decoder->state().text;
    } else {
        error = m_decoder->finish(delta);
    }
    emitDelta(delta);
    if (error) {
        failWith(*error);
        return;
    }
    const DecodeState &s = m_decoder->state();
    ProviderResult r;
    r.text = s.text;
    r.finishReason = s.finishReason;
    r.rawFinishReason = s.rawFinishReason;
    r.usage = s.usage;
    r.model = s.model.isEmpty() ? m_request.model : s.model;
    r.httpStatus = m_status;
    r.headers = Redactor::headers(headers);
    r.requestJson = m_redactedBody;
    succeed(std::move(r));
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
    if (error.httpStatus == 0)
        error.httpStatus = m_status;
    error.requestJson = m_redactedBody;
    fail(std::move(error));
}

void HttpProviderCall::abortTransfer() {
    m_timer.stop();
    if (m_reply != nullptr) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

} // namespace trellis::providers
