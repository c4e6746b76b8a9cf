// Helper for test_crash_recovery: writes prompt versions (and a batch of runs with each) to
// the store given on the command line, forever, printing "committed NUMBER HASH" after each
// commit returns. With "workflow" as second argument it writes workflow versions instead,
// each followed by a workflow run with a batch of node runs in one transaction. The test kills
// it with SIGKILL at an arbitrary point.

#include "store/database.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store/run_repository.h"
#include "store/store_paths.h"
#include "store/transaction.h"
#include "store/workflow_repository.h"
#include "store/workflow_run_repository.h"

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

nlohmann::json graphFor(int iteration) {
    return {{"description", QStringLiteral("iteration %1").arg(iteration).toStdString()},
            {"nodes", {{{"id", "n1"}, {"type", "input"}}}}};
}

// One workflow run with kNodeBatch node runs, all or nothing.
constexpr int kNodeBatch = 10;

Status writeRun(Database &db, qint64 versionId) {
    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    WorkflowRunRepository runs(db);
    WorkflowRunRecord run;
    run.workflowVersionId = versionId;
    auto runId = runs.insertRun(run);
    if (!runId)
        return runId.error();
    for (int i = 0; i < kNodeBatch; ++i) {
        NodeRunRecord node;
        node.workflowRunId = *runId;
        node.nodeId = QStringLiteral("n%1").arg(i);
        node.outputs = {{"text", std::string(500, 'o')}};
        if (auto id = runs.insertNodeRun(node); !id)
            return id.error();
    }
    if (Status st = runs.finishRun(*runId, QStringLiteral("ok"), {}, QString()); !st)
        return st;
    return tx->commit();
}

int writeWorkflows(Database &db, qint64 projectId) {
    WorkflowRepository workflows(db, projectId);
    const QString name = QStringLiteral("crash-flow");
    auto head = workflows.resolve(name);
    for (int iteration = head ? head->number + 1 : 1;; ++iteration) {
        auto result = workflows.commit(name, graphFor(iteration), QString());
        if (!result)
            return fail(result.error());
        std::printf("committed %d %s\n", result->version.number, qPrintable(result->version.hash));
        std::fflush(stdout);
        if (Status st = writeRun(db, result->version.id); !st)
            return fail(st.error());
    }
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    if (argc != 2 && argc != 3) {
        std::fprintf(stderr, "usage: store_crash_writer DB [workflow]\n");
        return 2;
    }
    auto db = openStore(QString::fromLocal8Bit(argv[1]));
    if (!db)
        return fail(db.error());
    auto project = ProjectRepository(*db).ensureDefault();
    if (!project)
        return fail(project.error());
    if (argc == 3)
        return writeWorkflows(*db, project->id);
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
