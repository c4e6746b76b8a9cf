#include "project/workspace.h"

#include "store/project_repository.h"
#include "store/store_paths.h"
#include "store/transaction.h"

namespace trellis::project {

WorkspaceOptions WorkspaceOptions::fromEnvironment(const QString &databasePath) {
    WorkspaceOptions options;
    options.databasePath = databasePath;
    const QString noExample = qEnvironmentVariable("TRELLIS_NO_EXAMPLE");
    options.seedExample = noExample.isEmpty() || noExample == QLatin1String("0");
    return options;
}

Result<Workspace> openWorkspace(const WorkspaceOptions &options) {
    auto db = store::openStore(options.databasePath);
    if (!db)
        return db.error();
    // One transaction, so a kill between creating the project and seeding it cannot leave a
    // store that will never get its example.
    auto transaction = store::Transaction::begin(*db);
    if (!transaction)
        return transaction.error();
    store::ProjectRepository projects(*db);
    auto existing = projects.list();
    if (!existing)
        return existing.error();
    const bool firstRun = existing->empty();
    auto project = projects.ensureDefault();
    if (!project)
        return project.error();

    std::optional<SeedReport> seeded;
    if (firstRun && options.seedExample) {
        auto report = seedExampleProject(*db, project->id);
        if (!report)
            return report.error();
        seeded = *report;
    }
    if (Status committed = transaction->commit(); !committed)
        return committed.error();
    return Workspace{std::move(*db), std::move(*project), seeded};
}

} // namespace trellis::project
