#pragma once

#include "provider_types.h"

#include <QElapsedTimer>
#include <QObject>

#include <vector>

namespace trellis::providers {

class ModelListCall;

// One call in flight. Exactly one of finished() or failed() is emitted, always from the event
// loop (never from inside Provider::start), so connecting after start() is safe. delta() may
// fire many times before it. cancel() aborts the network request at once and emits
// failed(kind Cancelled) synchronously, unless the call has already ended.
class ProviderCall : public QObject {
    Q_OBJECT
public:
    explicit ProviderCall(QObject *parent = nullptr);

    void cancel();
    bool isDone() const { return m_done; }
    bool succeeded() const { return m_done && !m_failed; }
    const ProviderResult &result() const { return m_result; }
    const ProviderError &error() const { return m_error; }
    QString partialText() const { return m_text; } // everything streamed so far

Q_SIGNALS:
    void delta(const QString &text);
    void finished(const trellis::providers::ProviderResult &result);
    void failed(const trellis::providers::ProviderError &error);

protected:
    virtual void abortTransfer() = 0; // stop the work; no signal must follow

    void emitDelta(const QString &text);
    void succeed(ProviderResult result);
    void fail(ProviderError error);
    qint64 elapsedMs() const { return m_clock.elapsed(); }
    qint64 firstDeltaMs() const { return m_firstDeltaMs; }

private:
    QElapsedTimer m_clock;
    QString m_text;
    qint64 m_firstDeltaMs = -1;
    bool m_done = false;
    bool m_failed = false;
    ProviderResult m_result;
    ProviderError m_error;
};

// A way to reach models: an endpoint with a wire format, or the dry run. Thread-affine like
// any QObject user: start calls from the thread that will run their event loop.
class Provider {
public:
    virtual ~Provider() = default;

    virtual QString id() const = 0; // "openai", "groq", "dryrun", ...
    virtual QString
    kind() const = 0; // wire format: "openai", "anthropic", "gemini", "ollama", "dryrun"
    virtual bool isDryRun() const { return false; }

    // Starts a call; the caller owns the returned object (or gives it a parent).
    virtual ProviderCall *start(const ProviderRequest &request, QObject *parent = nullptr) = 0;
    // Lists the models the endpoint offers (for the settings dialog's Test button).
    virtual ModelListCall *listModels(int timeoutMs = 15000, QObject *parent = nullptr) = 0;
};

// A model listing in flight; same delivery rules as ProviderCall.
class ModelListCall : public QObject {
    Q_OBJECT
public:
    explicit ModelListCall(QObject *parent = nullptr);
    void cancel();
    bool isDone() const { return m_done; }
    const std::vector<ModelInfo> &models() const { return m_models; }
    const ProviderError &error() const { return m_error; }

Q_SIGNALS:
    void finished(const QList<trellis::providers::ModelInfo> &models);
    void failed(const trellis::providers::ProviderError &error);

protected:
    virtual void abortTransfer() = 0;
    void succeed(std::vector<ModelInfo> models);
    void fail(ProviderError error);

private:
    bool m_done = false;
    std::vector<ModelInfo> m_models;
    ProviderError m_error;
};

} // namespace trellis::providers
