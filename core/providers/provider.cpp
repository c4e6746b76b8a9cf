#include "provider.h"

namespace trellis::providers {

namespace {

ProviderError cancelledError() {
    ProviderError e;
    e.kind = ErrorKind::Cancelled;
    e.message = QStringLiteral("cancelled");
    return e;
}

} // namespace

ProviderCall::ProviderCall(QObject *parent)
    : QObject(parent) {
    qRegisterMetaType<ProviderResult>();
    qRegisterMetaType<ProviderError>();
    m_clock.start();
}

void ProviderCall::cancel() {
    if (m_done)
        return;
    abortTransfer();
    fail(cancelledError());
}

void ProviderCall::emitDelta(const QString &text) {
    if (m_done || text.isEmpty())
        return;
    if (m_firstDeltaMs < 0)
        m_firstDeltaMs = m_clock.elapsed();
    m_text += text;
    Q_EMIT delta(text);
}

void ProviderCall::succeed(ProviderResult result) {
    if (m_done)
        return;
    m_done = true;
    result.totalMs = m_clock.elapsed();
    if (result.ttftMs < 0)
        result.ttftMs = m_firstDeltaMs >= 0 ? m_firstDeltaMs : result.totalMs;
    m_result = std::move(result);
    Q_EMIT finished(m_result);
}

void ProviderCall::fail(ProviderError error) {
    if (m_done)
        return;
    m_done = true;
    m_failed = true;
    if (error.partialText.isEmpty())
        error.partialText = m_text;
    m_error = std::move(error);
    Q_EMIT failed(m_error);
}

ModelListCall::ModelListCall(QObject *parent)
    : QObject(parent) {
    qRegisterMetaType<ProviderError>();
}

void ModelListCall::cancel() {
    if (m_done)
        return;
    abortTransfer();
    fail(cancelledError());
}

void ModelListCall::succeed(std::vector<ModelInfo> models) {
    if (m_done)
        return;
    m_done = true;
    m_models = std::move(models);
    Q_EMIT finished(QList<ModelInfo>(m_models.begin(), m_models.end()));
}

void ModelListCall::fail(ProviderError error) {
    if (m_done)
        return;
    m_done = true;
    m_error = std::move(error);
    Q_EMIT failed(m_error);
}

} // namespace trellis::providers
