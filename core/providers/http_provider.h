#pragma once

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

// A chat call over HTTP: streams through StreamDecoder, enforces the three timeouts, and
// classifies every way of failing.
class HttpProviderCall final : public ProviderCall {
    Q_OBJECT
public:
    HttpProviderCall(std::shared_ptr<const WireFormat> wire, HttpRequestSpec spec,
                     ProviderRequest request, QObject *parent);
    ~HttpProviderCall() override;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // The three timeouts share one timer, armed for the earliest deadline still pending (a
    // QTimer each cost three objects and their connections per call).
    enum Stage { Connect, FirstToken, Total, StageCount };

    void begin();
    void onReadyRead();
    void onFinished();
    void onTimeout(Stage stage);
    void endStage(Stage stage) { m_stageMs[stage] = 0; }
    void armTimer();
    void failWith(ProviderError error);
    void abortTransfer() override;

    std::shared_ptr<const WireFormat> m_wire;
    HttpRequestSpec m_spec;
    ProviderRequest m_request;
    QByteArray m_redactedBody;
    std::unique_ptr<class StreamDecoder> m_decoder;
    QNetworkReply *m_reply = nullptr;
    QBasicTimer m_timer;
    int m_stageMs[StageCount] = {}; // deadline after the start; 0 when ended or unlimited
    Stage m_armedStage = Total;
    QByteArray m_errorBody;
    int m_status = 0;
    bool m_headersSeen = false; // status and body kind are read once, on the first bytes
    bool m_bodyWhole = false;   // an error or non-streamed body: decoded whole at the end
};

} // namespace trellis::providers
