#pragma once

#include "common/error.h"
#include "template/chat.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QThread;

namespace trellis::ui {

struct PreviewResult {
    quint64 generation = 0;
    std::vector<tmpl::ChatMessage> messages;
    std::optional<Error> error; // set when a message failed to render
};

// Renders chat messages on a worker thread so the editor never waits for the template
// engine. Each request supersedes the ones before it: the worker skips requests that are
// already stale when it gets to them, and results of superseded requests are dropped here.
class PreviewRenderer : public QObject {
    Q_OBJECT
public:
    explicit PreviewRenderer(QObject *parent = nullptr);
    ~PreviewRenderer() override;

    // Returns the generation number the result will carry.
    quint64 request(std::vector<tmpl::ChatMessageTemplate> messages,
                    nlohmann::ordered_json context);
    quint64 latestGeneration() const { return m_latest.load(); }

Q_SIGNALS:
    void rendered(const trellis::ui::PreviewResult &result);

private:
    void deliver(PreviewResult result);

    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr; // lives in m_thread
    std::shared_ptr<std::atomic<quint64>> m_latestShared;
    std::atomic<quint64> &m_latest;
};

} // namespace trellis::ui
