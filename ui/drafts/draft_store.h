#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace trellis::ui {

// The unsaved state of one open editor.
struct Draft {
    QString promptName;
    QJsonObject state; // the editor's own serialisation
    QDateTime savedAt;
};

// Drafts as one JSON file per prompt in a directory, each written atomically (QSaveFile:
// a write interrupted by a crash leaves the previous draft, never half a file). Drafts that
// are still there when the app starts were not cleared by a clean close: the previous session
// crashed or was killed.
class DraftStore {
public:
    explicit DraftStore(QString directory);

    const QString &directory() const { return m_dir; }
    Status save(const Draft &draft);
    Status remove(const QString &promptName);
    // Every readable draft, oldest first. Unreadable files are left on disk untouched (and
    // reported in `problems`) so nothing is deleted that a user might still want.
    QList<Draft> load(QStringList *problems = nullptr) const;
    // Removes the readable drafts (unreadable files stay, as in load()).
    Status clear();

private:
    struct Entry {
        QString path;
        Draft draft;
    };
    QList<Entry> entries(QStringList *problems = nullptr) const;
    QString fileFor(const QString &promptName) const;

    QString m_dir;
};

// <app data>/drafts/<hash of the store path>: drafts belong to the store their prompts are in.
QString defaultDraftDirectory(const QString &databasePath);

} // namespace trellis::ui
