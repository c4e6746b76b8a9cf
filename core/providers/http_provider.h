#pragma once

#include "http_exchange.h"
#include "provider.h"
#include "wire_format.h"

#include <QBasicTimer>

#include <memory>

class QNetworkReply;

namespace trellis::providers {

// A provider reached over HTTP with one of the wire formats.
class HttpProvider final : public Provider {
public:
    HttpProvider(std::unique_ptr<WireFormat> wire, EndpointConfig config);

    QString id() const override { return m_config.providerId; }
    QString kind() const override { return m_wire->name(); }
    const EndpointConfig &config() const { return m_config; }
    const WireFormat &wire() const { return *m_wire; }

    ProviderCall *start(const ProviderRequest &request, QObject *parent = nullptr) override;
    ModelListCall *listModels(int timeoutMs = 15000, QObject *parent = nullptr) override;

private:
    std::shared_ptr<const WireFormat> m_wire;
    EndpointConfig m_config;
};

class HttpExchange;
struct ExchangeLink;

// A chat call over HTTP: enforces the three timeouts and emits the caller's signals; the
// HttpExchange underneath sends, streams and classifies failures, beside the call or on a
// network thread (setNetworkThreads).
class HttpProviderCall final
    : public ProviderCall
    , public ExchangeEvents {
    Q_OBJECT
public:
    HttpProviderCall(std::shared_ptr<const WireFormat> wire, const EndpointConfig &config,
                     ProviderRequest request, QObject *parent);
    ~HttpProviderCall() override;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // The three timeouts share one timer, armed for the earliest deadline still pending (a
    // QTimer each cost three objects and their connections per call).
    enum Stage { Connect, FirstToken, Total, StageCount };

    void begin(const EndpointConfig &config);
    void onTimeout(Stage stage);
    void endStage(Stage stage) { m_stageMs[stage] = 0; }
    void armTimer();
    void failWith(ProviderError error);
    void abortTransfer() override;

    // ExchangeEvents, on this call's thread.
    void exchangeConnected() override { endStage(Connect); }
    void exchangeDelta(const QString &text) override;
    void exchangeFailed(ProviderError error) override;
    void exchangeSucceeded(ProviderResult result) override;

    std::shared_ptr<const WireFormat> m_wire;
    ProviderRequest m_request;
    // The redacted body for failures decided here (timeouts); built only then, the same
    // bytes as the exchange sends.
    QByteArray m_redactedBody;
    EndpointConfig m_config;
    std::unique_ptr<HttpExchange> m_exchange; // beside the call
    std::shared_ptr<ExchangeLink> m_link;     // or on a network thread
    QBasicTimer m_timer;
    int m_stageMs[StageCount] = {}; // deadline after the start; 0 when ended or unlimited
    Stage m_armedStage = Total;
};

} // namespace trellis::providers
