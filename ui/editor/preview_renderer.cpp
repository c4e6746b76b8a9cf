#include "preview_renderer.h"

#include <QThread>

namespace trellis::ui {

namespace {
// Strict mode would turn every not-yet-filled variable into an error; the preview shows
// them as empty, as Jinja2 does by default.
tmpl::RenderOptions previewOptions() {
    tmpl::RenderOptions options;
    options.limits.maxOutputBytes = 4 * 1024 * 1024;
    options.limits.maxLoopIterations = 200000;
    return options;
}
} // namespace

PreviewRenderer::PreviewRenderer(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new QObject)
    , m_latestShared(std::make_shared<std::atomic<quint64>>(0))
    , m_latest(*m_latestShared) {
    m_thread->setObjectName(QStringLiteral("preview renderer"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start(QThread::LowPriority);
}

PreviewRenderer::~PreviewRenderer() {
    // Stale-marks queued work so the worker skips it, then waits for the current render.
    m_latest.fetch_add(1);
    m_thread->quit();
    m_thread->wait();
}

quint64 PreviewRenderer::request(std::vector<tmpl::ChatMessageTemplate> messages,
                                 nlohmann::ordered_json context) {
    const quint64 generation = m_latest.fetch_add(1) + 1;
    QMetaObject::invokeMethod(
        m_worker,
        [this, latest = m_latestShared, generation, messages = std::move(messages),
         context = std::move(context)] {
            if (latest->load() != generation)
                return; // a newer request is queued behind this one
            PreviewResult result;
            result.generation = generation;
            auto rendered = tmpl::renderChat(messages, context, previewOptions());
            if (rendered)
                result.messages = std::move(*rendered);
            else
                result.error = rendered.error();
            if (latest->load() != generation)
                return;
            // Queued to the GUI thread; dropped with this object if it is gone by then.
            QMetaObject::invokeMethod(
                this, [this, result = std::move(result)]() mutable { deliver(std::move(result)); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return generation;
}

void PreviewRenderer::deliver(PreviewResult result) {
    if (result.generation != m_latest.load())
        return;
    Q_EMIT rendered(result);
}

} // namespace trellis::ui
