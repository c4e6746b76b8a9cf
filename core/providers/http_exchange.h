#pragma once

#include "provider_types.h"
#include "wire_format.h"

#include <QObject>

#include <memory>

class QNetworkReply;

namespace trellis::providers {

class StreamDecoder;

// What an exchange reports, in this order: exchangeConnected() (the request is out), deltas,
// then exactly one of exchangeFailed() or exchangeSucceeded(); nothing after abort().
class ExchangeEvents {
public:
    virtual ~ExchangeEvents() = default;
    virtual void exchangeConnected() = 0;
    virtual void exchangeDelta(const QString &text) = 0;
    virtual void exchangeFailed(ProviderError error) = 0;      // httpStatus filled in where known
    virtual void exchangeSucceeded(ProviderResult result) = 0; // without timings and requestJson
};

// One HTTP request and its streamed answer, on the thread it lives in: sends on that thread's
// network managers (network_access.h), decodes the body with the wire format and classifies
// every way of failing. HttpProviderCall keeps the timeouts and the caller's signals; the
// exchange runs either beside it or on a network thread (see setNetworkThreads).
class HttpExchange final : public QObject {
public:
    // The request is built (and its body redacted for the record) in start(), on the
    // exchange's thread.
    HttpExchange(std::shared_ptr<const WireFormat> wire, ProviderRequest request,
                 EndpointConfig config, ExchangeEvents *events, QObject *parent = nullptr);
    ~HttpExchange() override;

    // Makes the exchange own `events` (a relay to another thread) and delete itself after its
    // last event.
    void ownEvents(std::unique_ptr<ExchangeEvents> events);
    void start();
    void abort(); // stops the transfer; no event follows

private:
    void reportConnected();
    void onReadyRead();
    void onFinished();
    void fail(ProviderError error);

    std::shared_ptr<const WireFormat> m_wire;
    ProviderRequest m_request;
    EndpointConfig m_config;
    QByteArray m_redactedBody;
    ExchangeEvents *m_events;
    std::unique_ptr<ExchangeEvents> m_ownedEvents;
    std::unique_ptr<StreamDecoder> m_decoder;
    QNetworkReply *m_reply = nullptr;
    QByteArray m_wholeBody;
    int m_status = 0;
    bool m_connectedReported = false;
    bool m_headersSeen = false; // status and body kind are read once, on the first bytes
    bool m_bodyWhole = false;   // an error or non-streamed body: decoded whole at the end
    bool m_ended = false;
};

} // namespace trellis::providers
