#pragma once

#include "draft_store.h"

#include <QMutex>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <functional>
#include <optional>
#include <vector>

namespace trellis::ui {

// Saves drafts a moment after the last change (debounced), so typing is never slowed down and
// at most that moment of typing is at risk. The collector returns the editor state of a
// prompt, or nothing when the prompt has no unsaved changes (its draft is then removed).
// Collecting the state is quick and happens on the caller's thread; serialising and writing
// the file (QSaveFile syncs it to disk, which can take long on a busy disk) happen on one
// background thread, in the order of the changes.
class DraftAutosaver : public QObject {
    Q_OBJECT
public:
    using Collector = std::function<std::optional<QJsonObject>(const QString &promptName)>;

    DraftAutosaver(DraftStore *store, Collector collector, int delayMs = 1000,
                   QObject *parent = nullptr);
    ~DraftAutosaver() override;

    void markChanged(const QString &promptName);
    // Writes what is pending now and waits until every write has ended (before a close, or in
    // tests); saved/failed are emitted before it returns.
    void flush();
    bool hasPending() const { return !m_pending.isEmpty(); }

Q_SIGNALS:
    void saved(const QStringList &promptNames);
    void failed(const QString &message);

private:
    struct Outcome {
        QString promptName;
        bool wrote = false; // a draft was written (not removed)
        Status status;
    };

    void writeInBackground();
    void deliverOutcomes();

    DraftStore *m_store;
    Collector m_collector;
    QTimer m_timer;
    QSet<QString> m_pending;
    QThreadPool m_writer; // one thread: writes happen in the order they were asked for
    QMutex m_outcomesLock;
    std::vector<Outcome> m_outcomes; // written by the writer thread, read by ours
};

} // namespace trellis::ui
