#include "project/example_seeder.h"

#include "prompt/prompt_file.h"
#include "store/database.h"
#include "store/prompt_repository.h"
#include "store/transaction.h"
#include "store/workflow_repository.h"
#include "workflow/workflow_json.h"

#include <QDir>
#include <QFile>

#include <nlohmann/json.hpp>

namespace trellis::project {

namespace {

using nlohmann::json;

Result<json> readManifest(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read the example manifest: %1").arg(file.errorString()))
            .inFile(path);
    json manifest = json::parse(file.readAll().toStdString(), nullptr, false);
    if (manifest.is_discarded() || !manifest.is_object() || !manifest["prompts"].is_array())
        return Error(QStringLiteral("the example manifest is not a JSON object with \"prompts\""))
            .inFile(path);
    return manifest;
}

// Replays one prompt's history: each file becomes the next version, then labels are set.
Status seedPrompt(store::PromptRepository &prompts, const QDir &root, const json &entry,
                  SeedReport &report) {
    static const json none = json::object();
    const json &history = entry.contains("history") ? entry.at("history") : none;
    const json &labels = entry.contains("labels") ? entry.at("labels") : none;
    QString name;
    for (const json &step : history) {
        const QString file = root.filePath(QString::fromStdString(step.value("file", "")));
        auto spec = prompt::readPromptFile(file);
        if (!spec)
            return spec.error();
        name = spec->name;
        auto committed = prompts.commit(*spec, QString::fromStdString(step.value("message", "")));
        if (!committed)
            return committed.error();
        report.versions += committed->created ? 1 : 0;
    }
    if (name.isEmpty())
        return Error(QStringLiteral("an example prompt has no history"));
    ++report.prompts;
    for (const auto &[label, version] : labels.items()) {
        auto change = prompts.setLabel(name, QString::fromStdString(label),
                                       QString::number(version.get<int>()));
        if (!change)
            return change.error();
        ++report.labels;
    }
    return {};
}

// Stores one example workflow file, checked like `workflow import` checks it.
Status seedWorkflow(store::WorkflowRepository &workflows, const QDir &root, const json &entry,
                    SeedReport &report) {
    const QString path = root.filePath(QString::fromStdString(entry.value("file", "")));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read an example workflow: %1").arg(file.errorString()))
            .inFile(path);
    auto graph = workflow::readWorkflow(file.readAll(), path);
    if (!graph)
        return graph.error();
    auto committed = workflows.commit(graph->name, json::parse(workflow::toJson(*graph).dump()),
                                      QString::fromStdString(entry.value("message", "")));
    if (!committed)
        return committed.error();
    ++report.workflows;
    return {};
}

} // namespace

QString bundledExampleRoot() {
    return QStringLiteral(":/trellis/example");
}

Result<SeedReport> seedExampleProject(store::Database &db, qint64 projectId,
                                      const QString &exampleRoot) {
    const QDir root(exampleRoot.isEmpty() ? bundledExampleRoot() : exampleRoot);
    auto manifest = readManifest(root.filePath(QStringLiteral("example.json")));
    if (!manifest)
        return manifest.error();

    auto transaction = store::Transaction::begin(db);
    if (!transaction)
        return transaction.error();
    store::PromptRepository prompts(db, projectId);
    SeedReport report;
    for (const json &entry : (*manifest)["prompts"]) {
        if (Status seeded = seedPrompt(prompts, root, entry, report); !seeded)
            return seeded.error();
    }
    store::WorkflowRepository workflows(db, projectId);
    if (auto it = manifest->find("workflows"); it != manifest->end() && it->is_array()) {
        for (const json &entry : *it) {
            if (Status seeded = seedWorkflow(workflows, root, entry, report); !seeded)
                return seeded.error();
        }
    }
    if (Status committed = transaction->commit(); !committed)
        return committed.error();
    return report;
}

} // namespace trellis::project
