#include "draft_store.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace trellis::ui {

namespace {

const QString kSuffix = QStringLiteral(".draft.json");

} // namespace

QString defaultDraftDirectory(const QString &databasePath) {
    const QByteArray hash =
        QCryptographicHash::hash(QFileInfo(databasePath).absoluteFilePath().toUtf8(),
                                 QCryptographicHash::Sha256)
            .toHex()
            .left(16);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
           + QStringLiteral("/drafts/") + QString::fromLatin1(hash);
}

DraftStore::DraftStore(QString directory)
    : m_dir(std::move(directory)) {}

QString DraftStore::fileFor(const QString &promptName) const {
    // Prompt names may hold characters a file name cannot: name the file by the hex of the
    // name, which also keeps it unique.
    return m_dir + u'/' + QString::fromLatin1(promptName.toUtf8().toHex()) + kSuffix;
}

Status DraftStore::save(const Draft &draft) {
    if (!QDir().mkpath(m_dir))
        return Error(QStringLiteral("cannot create the drafts directory")).inFile(m_dir);
    QJsonObject root;
    root[QStringLiteral("prompt")] = draft.promptName;
    root[QStringLiteral("saved_at")] =
        (draft.savedAt.isValid() ? draft.savedAt : QDateTime::currentDateTimeUtc())
            .toString(Qt::ISODateWithMs);
    root[QStringLiteral("state")] = draft.state;
    const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Compact);
    const QString path = fileFor(draft.promptName);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error(QStringLiteral("cannot write the draft: %1").arg(file.errorString()))
            .inFile(path);
    return {};
}

Status DraftStore::remove(const QString &promptName) {
    QFile file(fileFor(promptName));
    if (file.exists() && !file.remove())
        return Error(QStringLiteral("cannot remove the draft: %1").arg(file.errorString()))
            .inFile(file.fileName());
    return {};
}

QList<DraftStore::Entry> DraftStore::entries(QStringList *problems) const {
    QList<Entry> out;
    const QDir dir(m_dir);
    const QStringList files =
        dir.entryList({QString(QStringLiteral("*") + kSuffix)}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        QJsonParseError error{};
        const QJsonDocument doc = file.open(QIODevice::ReadOnly)
                                      ? QJsonDocument::fromJson(file.readAll(), &error)
                                      : QJsonDocument();
        const QJsonObject root = doc.object();
        if (!doc.isObject() || !root.value(QStringLiteral("prompt")).isString()) {
            if (problems)
                *problems << QStringLiteral("%1: not a draft (%2)")
                                 .arg(file.fileName(), error.errorString());
            continue;
        }
        out << Entry{file.fileName(),
                     Draft{root.value(QStringLiteral("prompt")).toString(),
                           root.value(QStringLiteral("state")).toObject(),
                           QDateTime::fromString(root.value(QStringLiteral("saved_at")).toString(),
                                                 Qt::ISODateWithMs)}};
    }
    return out;
}

QList<Draft> DraftStore::load(QStringList *problems) const {
    QList<Draft> out;
    for (const Entry &entry : entries(problems))
        out << entry.draft;
    std::sort(out.begin(), out.end(),
              [](const Draft &a, const Draft &b) { return a.savedAt < b.savedAt; });
    return out;
}

Status DraftStore::clear() {
    for (const Entry &entry : entries()) {
        if (!QFile::remove(entry.path))
            return Error(QStringLiteral("cannot remove the draft")).inFile(entry.path);
    }
    return {};
}

} // namespace trellis::ui
