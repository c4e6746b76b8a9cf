#pragma once

#include "common/result.h"

#include <QString>

#include <functional>
#include <vector>

namespace trellis::store {

class Database;

// One step of the schema, identified by the PRAGMA user_version it leaves behind. A step is
// SQL (run first) and/or a function (for data migrations that need code).
struct Migration {
    int version = 0;
    QString description;
    QString sql;
    std::function<Status(Database &)> apply;
};

// The migrations of the Trellis schema, in order: versions 1..latestSchemaVersion().
// The SQL lives in core/store/sql/*.sql.
const std::vector<Migration> &schemaMigrations();
int latestSchemaVersion();

// PRAGMA user_version: 0 for a new, empty database.
Result<int> schemaVersion(Database &db);

// Brings `db` up to `targetVersion` (-1: the last of `migrations`). Each migration runs in its
// own transaction together with its user_version bump, so a failure leaves the database at
// the last version that fully applied. Another process migrating at the same time is fine:
// the version is re-read under the write lock. A database newer than the migrations know is
// refused, never touched.
Status migrate(Database &db, const std::vector<Migration> &migrations, int targetVersion = -1);
Status migrate(Database &db);

} // namespace trellis::store
