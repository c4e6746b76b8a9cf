#pragma once

#include "common/result.h"

#include <QString>

namespace trellis::store {

class Database;

// Where the store lives when nothing else is said: $TRELLIS_DB if set, else
// <XDG data home>/trellis/trellis.db (~/.local/share/trellis/trellis.db). The directory is
// created. The GUI and the CLI share the file, so the path does not depend on the
// executable's name (QStandardPaths::AppDataLocation would: "trellis" vs "trellis-cli").
Result<QString> defaultDatabasePath();

// Opens the store at `path` (the default when empty) and migrates it to the latest schema.
Result<Database> openStore(const QString &path = QString());

} // namespace trellis::store
