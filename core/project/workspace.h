#pragma once

#include "common/result.h"
#include "project/example_seeder.h"
#include "store/database.h"
#include "store/store_types.h"

#include <optional>

namespace trellis::project {

struct WorkspaceOptions {
    QString databasePath; // empty: store::defaultDatabasePath() ($TRELLIS_DB or XDG data dir)
    bool seedExample = true;

    // Reads TRELLIS_NO_EXAMPLE: when set to a non-empty value other than "0", a new store
    // starts empty instead of with the example project (handy for scripts and tests).
    static WorkspaceOptions fromEnvironment(const QString &databasePath);
};

// The store an executable works on and the project it shows. The GUI and CLI open the same
// way, so both see the same prompts.
struct Workspace {
    store::Database db;
    store::Project project;
    std::optional<SeedReport> seeded; // set when this open seeded the example project
};

// Opens (creating and migrating as needed) the store and its default project. The first open
// of a store that has no project yet seeds the bundled example project, atomically.
Result<Workspace> openWorkspace(const WorkspaceOptions &options);

} // namespace trellis::project
