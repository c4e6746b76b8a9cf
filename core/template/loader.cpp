#include "template/loader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace trellis::tmpl {

DirectoryLoader::DirectoryLoader(QString directory)
    : m_directory(QDir(directory).canonicalPath()) {}

Result<QString> DirectoryLoader::load(const QString &name) {
    if (name.isEmpty() || QDir::isAbsolutePath(name))
        return Error(QStringLiteral("template name must be a relative path: ") + name);
    const QString path = QDir::cleanPath(m_directory + QLatin1Char('/') + name);
    if (!path.startsWith(m_directory + QLatin1Char('/')))
        return Error(QStringLiteral("template name leaves the template directory: ") + name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("template not found: ") + name);
    return QString::fromUtf8(file.readAll());
}

} // namespace trellis::tmpl
