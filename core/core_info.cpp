#include "core_info.h"

#include <QtGlobal>

#include <sqlite3.h>

namespace trellis {

QString versionString() {
    return QStringLiteral(TRELLIS_VERSION);
}

QString buildDescription() {
    return QStringLiteral("Trellis %1 (Qt %2, SQLite %3)")
        .arg(versionString(), QLatin1String(qVersion()), QLatin1String(sqlite3_libversion()));
}

} // namespace trellis
