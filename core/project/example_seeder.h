#pragma once

#include "common/result.h"

#include <QString>

namespace trellis::store {
class Database;
}

namespace trellis::project {

// What seeding the example project wrote.
struct SeedReport {
    int prompts = 0;
    int versions = 0;
    int labels = 0;
    int workflows = 0;
};

// Seeds the bundled example project (resources/example/example.json: prompt files replayed
// as version history, then labels; then the example workflows) into the project `projectId`, in one
// transaction: either all of it lands or nothing does. `exampleRoot` is where example.json lives;
// the default is the copy compiled into the core as Qt resources.
Result<SeedReport> seedExampleProject(store::Database &db, qint64 projectId,
                                      const QString &exampleRoot = QString());

// ":/trellis/example", the compiled-in example project.
QString bundledExampleRoot();

} // namespace trellis::project
