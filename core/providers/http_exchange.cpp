#include "http_exchange.h"

#include "error_classify.h"
#include "network_access.h"
#include "redaction.h"
#include "stream_decoder.h"

#include <QNetworkReply>
#include <QNetworkRequest>

namespace trellis::providers {

HttpExchange::HttpExchange(std::shared_ptr<const WireFormat> wire, ProviderRequest request,
                           EndpointConfig config, ExchangeEvents *events, QObject *parent)
    : QObject(parent)
    , m_wire(std::move(wire))
    , m_request(std::move(request))
    , m_config(std::move(config))
    , m_events(events)
    , m_decoder(std::make_unique<StreamDecoder>(*m_wire)) {}

HttpExchange::~HttpExchange() {
    m_ownedEvents.reset(); // first: a relay unlinks itself before anything else goes
    abort();
}

void HttpExchange::ownEvents(std::unique_ptr<ExchangeEvents> events) {
    m_ownedEvents = std::move(events);
    m_events = m_ownedEvents.get();
}

void HttpExchange::start() {
    const HttpRequestSpec spec = m_wire->chatRequest(m_request, m_config);
    m_redactedBody = Redactor::bytes(spec.body);
    m_reply = sendRequest(spec);
    // An exchange that deletes itself (on a network thread) takes the finished reply along:
    // one deferred deletion per call instead of two, each a post to the thread's event loop.
    if (m_ownedEvents != nullptr)
        m_reply->setParent(this);
    connect(m_reply, &QNetworkReply::requestSent, this, [this] { reportConnected(); });
    connect(m_reply, &QNetworkReply::readyRead, this, [this] { onReadyRead(); });
    connect(m_reply, &QNetworkReply::finished, this, [this] { onFinished(); });
}

void HttpExchange::abort() {
    m_ended = true;
    if (m_reply != nullptr) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void HttpExchange::fail(ProviderError error) {
    abort();
    if (error.httpStatus == 0)
        error.httpStatus = m_status;
    error.requestJson = m_redactedBody;
    const bool selfDelete = m_ownedEvents != nullptr;
    m_events->exchangeFailed(std::move(error));
    if (selfDelete)
        deleteLater();
}

void HttpExchange::reportConnected() {
    // Once: beside a network thread every event is a post to the caller's thread.
    if (m_ended || m_connectedReported)
        return;
    m_connectedReported = true;
    m_events->exchangeConnected();
}

void HttpExchange::onReadyRead() {
    if (m_reply == nullptr || m_ended)
        return;
    if (!m_headersSeen) {
        m_headersSeen = true;
        reportConnected(); // in case Qt did not report the request as sent first
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
        m_wholeBody += bytes;
        return;
    }
    QString delta;
    const DecodeError error = m_decoder->feed(bytes, delta);
    if (!delta.isEmpty())
        m_events->exchangeDelta(delta);
    if (error)
        fail(*error);
}

void HttpExchange::onFinished() {
    if (m_reply == nullptr || m_ended)
        return;
    onReadyRead();
    if (m_ended)
        return;
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const HeaderList headers = responseHeaders(m_reply);
    const QNetworkReply::NetworkError netError = m_reply->error();
    // Built only on failure: the message goes through the redactor.
    const QString netMessage =
        netError != QNetworkReply::NoError ? Redactor::text(m_reply->errorString()) : QString();
    if (m_reply->parent() != this)
        m_reply->deleteLater();
    m_reply = nullptr;
    if (m_status >= 300) {
        fail(classifyHttpError(m_status, m_wholeBody, headers));
        return;
    }
    if (netError != QNetworkReply::NoError) {
        ProviderError e;
        e.kind = ErrorKind::Network;
        e.retryable = true;
        e.message = netMessage;
        e.headers = Redactor::headers(headers);
        fail(e);
        return;
    }
    DecodeError error;
    QString delta;
    if (!m_wholeBody.isEmpty() || !m_request.stream) {
        error = m_wire->onBody(m_wholeBody, m_decoder->state());
        delta = m_decoder->state().text;
    } else {
        error = m_decoder->finish(delta);
    }
    if (!delta.isEmpty())
        m_events->exchangeDelta(delta);
    if (error) {
        fail(*error);
        return;
    }
    m_ended = true;
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
    // Read before the event: beside its call, the exchange may be deleted by it.
    const bool selfDelete = m_ownedEvents != nullptr;
    m_events->exchangeSucceeded(std::move(r));
    if (selfDelete)
        deleteLater();
}

} // namespace trellis::providers
