#pragma once

#include "draft_store.h"

#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace trellis::ui {

// Saves drafts a moment after the last change (debounced), so typing is never slowed down and
// at most that moment of typing is at risk. The collector returns the editor state of a
// prompt, or nothing when the prompt has no unsaved changes (its draft is then removed).
class DraftAutosaver : public QObject {
    Q_OBJECT
public:
    using Collector = std::function<std::optional<QJsonObject>(const QString &promptName)>;

    DraftAutosaver(DraftStore *store, Collector collector, int delayMs = 1000,
                   QObject *parent = nullptr);

    void markChanged(const QString &promptName);
    // Writes what is pending now (before a close, or in tests).
    void flush();
    bool hasPending() const { return !m_pending.isEmpty(); }

Q_SIGNALS:
    void saved(const QStringList &promptNames);
    void failed(const QString &message);

private:
    DraftStore *m_store;
    Collector m_collector;
    QTimer m_timer;
    QSet<QString> m_pending;
};

} // namespace trellis::ui
