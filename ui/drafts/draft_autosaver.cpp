#include "draft_autosaver.h"

#include <utility>

namespace trellis::ui {

DraftAutosaver::DraftAutosaver(DraftStore *store, Collector collector, int delayMs, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_collector(std::move(collector)) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(delayMs);
    connect(&m_timer, &QTimer::timeout, this, &DraftAutosaver::flush);
}

void DraftAutosaver::markChanged(const QString &promptName) {
    m_pending.insert(promptName);
    m_timer.start(); // restarts: the draft is written once typing pauses
}

void DraftAutosaver::flush() {
    m_timer.stop();
    QStringList written;
    const QSet<QString> pending = std::exchange(m_pending, {});
    for (const QString &name : pending) {
        const std::optional<QJsonObject> state = m_collector(name);
        const Status status = state ? m_store->save({name, *state, {}}) : m_store->remove(name);
        if (!status) {
            m_pending.insert(name); // try again with the next change
            Q_EMIT failed(status.error().toString());
        } else if (state) {
            written << name;
        }
    }
    if (!written.isEmpty())
        Q_EMIT saved(written);
}

} // namespace trellis::ui
