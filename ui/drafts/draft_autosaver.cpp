#include "draft_autosaver.h"

#include <QMutexLocker>

#include <utility>

namespace trellis::ui {

DraftAutosaver::DraftAutosaver(DraftStore *store, Collector collector, int delayMs, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_collector(std::move(collector)) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(delayMs);
    connect(&m_timer, &QTimer::timeout, this, &DraftAutosaver::writeInBackground);
    m_writer.setMaxThreadCount(1);
    m_writer.setObjectName(QStringLiteral("draft writer"));
}

DraftAutosaver::~DraftAutosaver() {
    // Writes already asked for still end on disk; their outcomes have nobody left to tell.
    m_writer.waitForDone();
}

void DraftAutosaver::markChanged(const QString &promptName) {
    m_pending.insert(promptName);
    m_timer.start(); // restarts: the draft is written once typing pauses
}

void DraftAutosaver::writeInBackground() {
    m_timer.stop();
    const QSet<QString> pending = std::exchange(m_pending, {});
    for (const QString &name : pending) {
        std::optional<QJsonObject> state = m_collector(name);
        m_writer.start([this, name, state = std::move(state)] {
            Outcome outcome{name, state.has_value(),
                            state ? m_store->save({name, *state, {}}) : m_store->remove(name)};
            const QMutexLocker lock(&m_outcomesLock);
            m_outcomes.push_back(std::move(outcome));
        });
    }
    if (!pending.isEmpty())
        m_writer.start([this] {
            QMetaObject::invokeMethod(this, &DraftAutosaver::deliverOutcomes, Qt::QueuedConnection);
        });
}

void DraftAutosaver::flush() {
    writeInBackground();
    m_writer.waitForDone();
    deliverOutcomes();
}

void DraftAutosaver::deliverOutcomes() {
    std::vector<Outcome> outcomes;
    {
        const QMutexLocker lock(&m_outcomesLock);
        outcomes = std::exchange(m_outcomes, {});
    }
    QStringList written;
    for (const Outcome &outcome : outcomes) {
        if (!outcome.status) {
            m_pending.insert(outcome.promptName); // try again with the next change
            Q_EMIT failed(outcome.status.error().toString());
        } else if (outcome.wrote) {
            written << outcome.promptName;
        }
    }
    if (!written.isEmpty())
        Q_EMIT saved(written);
}

} // namespace trellis::ui
