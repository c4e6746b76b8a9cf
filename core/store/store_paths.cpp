#include "store/store_paths.h"

#include "store/database.h"
#include "store/migrations.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace trellis::store {

namespace {

Status createParentDir(const QString &file) {
    if (file == QLatin1String(":memory:") || file.startsWith(QLatin1String("file:")))
        return {};
    const QString dir = QFileInfo(file).absolutePath();
    if (!QDir().mkpath(dir))
        return Error(QStringLiteral("cannot create the directory %1").arg(dir)).inFile(file);
    return {};
}

} // namespace

Result<QString> defaultDatabasePath() {
    const QString fromEnv = qEnvironmentVariable("TRELLIS_DB");
    if (!fromEnv.isEmpty()) {
        if (Status st = createParentDir(fromEnv); !st)
            return st.error();
        return fromEnv;
    }
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        return Error(QStringLiteral("no writable data directory; set TRELLIS_DB or use --db"));
    const QString dir = base + QStringLiteral("/trellis");
    if (!QDir().mkpath(dir))
        return Error(
            QStringLiteral("cannot create the data directory %1; set TRELLIS_DB or use --db")
                .arg(dir));
    return QString(dir + QStringLiteral("/trellis.db"));
}

Result<Database> openStore(const QString &path) {
    QString file = path;
    if (file.isEmpty()) {
        auto fallback = defaultDatabasePath();
        if (!fallback)
            return fallback.error();
        file = *fallback;
    } else if (Status st = createParentDir(file); !st) {
        return st.error();
    }
    auto db = Database::open(file);
    if (!db)
        return db.error();
    if (Status st = migrate(*db); !st)
        return st.error();
    return std::move(*db);
}

} // namespace trellis::store
