#include "store/migrations.h"

#include "store/database.h"
#include "store/migration_scripts.h" // generated from sql/*.sql by module.cmake
#include "store/statement.h"
#include "store/transaction.h"

namespace trellis::store {

namespace {

std::vector<Migration> buildSchemaMigrations() {
    std::vector<Migration> list;
    int version = 0;
    for (const MigrationScript &script : kMigrationScripts) {
        Migration m;
        m.version = ++version;
        m.description = QString::fromUtf8(script.name);
        m.sql = QString::fromUtf8(script.sql);
        list.push_back(std::move(m));
    }
    return list;
}

Status checkOrder(const std::vector<Migration> &migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != int(i) + 1)
            return Error(QStringLiteral("migration list is out of order: entry %1 has version %2")
                             .arg(i + 1)
                             .arg(migrations[i].version));
    }
    return {};
}

Status setVersion(Database &db, int version) {
    // PRAGMA arguments cannot be bound; the value is an int we produced.
    return db.exec(QStringLiteral("PRAGMA user_version = %1").arg(version));
}

// Applies one migration unless another connection got there first.
Status applyOne(Database &db, const Migration &migration) {
    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    auto current = schemaVersion(db);
    if (!current)
        return current.error();
    if (*current >= migration.version)
        return tx->commit();
    auto fail = [&](const Error &cause) {
        return Error(QStringLiteral("migration to schema version %1 (%2) failed: %3")
                         .arg(migration.version)
                         .arg(migration.description, cause.message));
    };
    if (!migration.sql.isEmpty()) {
        if (Status st = db.exec(migration.sql); !st)
            return fail(st.error());
    }
    if (migration.apply) {
        if (Status st = migration.apply(db); !st)
            return fail(st.error());
    }
    if (Status st = setVersion(db, migration.version); !st)
        return st;
    return tx->commit();
}

} // namespace

const std::vector<Migration> &schemaMigrations() {
    static const std::vector<Migration> migrations = buildSchemaMigrations();
    return migrations;
}

int latestSchemaVersion() {
    return int(schemaMigrations().size());
}

Result<int> schemaVersion(Database &db) {
    auto stmt = db.prepare(QStringLiteral("PRAGMA user_version"));
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return *row ? int(stmt->columnInt64(0)) : 0;
}

Status migrate(Database &db, const std::vector<Migration> &migrations, int targetVersion) {
    if (Status st = checkOrder(migrations); !st)
        return st;
    const int known = int(migrations.size());
    if (targetVersion < 0)
        targetVersion = known;
    if (targetVersion > known)
        return Error(QStringLiteral("cannot migrate to schema version %1: only %2 are known")
                         .arg(targetVersion)
                         .arg(known));
    auto current = schemaVersion(db);
    if (!current)
        return current.error();
    if (*current > known)
        return Error(QStringLiteral("the database has schema version %1, but this build of "
                                    "Trellis only knows versions up to %2; use a newer Trellis")
                         .arg(*current)
                         .arg(known))
            .inFile(db.path());
    for (int v = *current + 1; v <= targetVersion; ++v) {
        if (Status st = applyOne(db, migrations[std::size_t(v - 1)]); !st) {
            st.error().file = db.path();
            return st;
        }
    }
    return {};
}

Status migrate(Database &db) {
    return migrate(db, schemaMigrations());
}

} // namespace trellis::store
