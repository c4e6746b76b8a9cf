// Helper for test_crash_recovery: writes prompt versions (and a batch of runs with each) to
// the store given on the command line, forever, printing "committed NUMBER HASH" after each
// commit returns. The test kills it with SIGKILL at an arbitrary point.

#include "store/database.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store/run_repository.h"
#include "store/store_paths.h"

#include <QCoreApplication>

#include <cstdio>

using namespace trellis;
using namespace trellis::store;

namespace {

prompt::PromptSpec specFor(int iteration) {
    prompt::PromptSpec spec;
    spec.name = QStringLiteral("crash-test");
    spec.description = QStringLiteral("iteration %1").arg(iteration);
    spec.messages.push_back({prompt::Role::User, QStringLiteral("Say %1 {{ x }}").arg(iteration)});
    return spec;
}

int fail(const Error &error) {
    std::fprintf(stderr, "store_crash_writer: %s\n", qPrintable(error.toString()));
    return 1;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: store_crash_writer DB\n");
        return 2;
    }
    auto db = openStore(QString::fromLocal8Bit(argv[1]));
    if (!db)
        return fail(db.error());
    auto project = ProjectRepository(*db).ensureDefault();
    if (!project)
        return fail(project.error());
    PromptRepository prompts(*db, project->id);
    RunRepository runs(*db);
    auto head = prompts.resolve(specFor(0).name);
    int iteration = head ? head->number + 1 : 1;
    for (;; ++iteration) {
        auto result = prompts.commit(specFor(iteration), QStringLiteral("write %1").arg(iteration));
        if (!result)
            return fail(result.error());
        std::printf("committed %d %s\n", result->version.number, qPrintable(result->version.hash));
        std::fflush(stdout);
        std::vector<RunRecord> batch(100);
        for (RunRecord &run : batch) {
            run.promptVersionId = result->version.id;
            run.responseText = QString(500, QLatin1Char('r'));
        }
        if (auto ids = runs.insertBatch(batch); !ids)
            return fail(ids.error());
    }
}
