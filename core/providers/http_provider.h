#pragma once

#include "provider.h"
#include "wire_format.h"

#include <memory>

class QNetworkReply;
class QTimer;

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

private:
    void begin();
    void onReadyRead();
    void onFinished();
    void onTimeout(const QString &stage);
    void failWith(ProviderError error);
    void abortTransfer() override;
    HeaderList responseHeaders() const;

    std::shared_ptr<const WireFormat> m_wire;
    HttpRequestSpec m_spec;
    ProviderRequest m_request;
    QByteArray m_redactedBody;
    std::unique_ptr<class StreamDecoder> m_decoder;
    QNetworkReply *m_reply = nullptr;
    QTimer *m_connectTimer = nullptr;
    QTimer *m_firstTokenTimer = nullptr;
    QTimer *m_totalTimer = nullptr;
    QByteArray m_errorBody;
    int m_status = 0;
};

} // namespace trellis::providers
