// workflow list / show / import / log / diff / label: the workflow versions in the store.
#include "cli_io.h"
#include "cli_workspace.h"
#include "diff/workflow_diff.h"
#include "label_command.h"
#include "list_output.h"
#include "prompt_output.h"
#include "store/workflow_repository.h"
#include "workflow/workflow_json.h"
#include "workflow_commands.h"

#include <QFile>
#include <QFileInfo>

namespace trellis::cli {

namespace {

QString tag(const store::WorkflowVersion &version) {
    return versionTag(version.number, version.hash);
}

nlohmann::json versionJson(const store::WorkflowVersion &version, bool withGraph) {
    nlohmann::json out{
        {"workflow", version.workflowName.toStdString()},
        {"version", version.number},
        {"hash", version.hash.toStdString()},
        {"parent", version.parentNumber > 0 ? nlohmann::json(version.parentNumber) : nullptr},
        {"message", version.message.toStdString()},
        {"created_at", isoTime(version.createdAt)},
        {"labels", stringList(version.labels)},
    };
    if (withGraph)
        out["graph"] = version.graph;
    return out;
}

// The stored document in the canonical file layout (docs/workflows.md), so that
// `workflow show NAME > f.workflow.json` can be edited and imported again.
QByteArray documentText(const store::WorkflowVersion &version) {
    if (auto graph = workflow::fromJson(version.graph); graph)
        return workflow::writeWorkflow(*graph);
    // A document this build cannot read (a newer format) is still shown as stored.
    return QByteArray::fromStdString(version.graph.dump(2)) + '\n';
}

} // namespace

int workflowList(const CommandContext &context) {
    const ListFormat<store::WorkflowSummary> format{
        [](const store::WorkflowSummary &s) -> nlohmann::json {
            return {{"name", s.name.toStdString()},
                    {"head", s.headNumber},
                    {"head_hash", s.headHash.toStdString()},
                    {"labels", stringList(s.labels)},
                    {"updated_at", isoTime(s.updatedAt)}};
        },
        {QStringLiteral("NAME"), QStringLiteral("HEAD"), QStringLiteral("UPDATED"),
         QStringLiteral("LABELS")},
        [](const store::WorkflowSummary &s) {
            return QStringList{s.name, versionTag(s.headNumber, s.headHash), shortTime(s.updatedAt),
                               s.labels.join(QStringLiteral(", "))};
        },
        QStringLiteral("No workflows yet. Add one with: trellis-cli workflow import FILE")};
    return runListCommand(context,
                          QStringLiteral("List the workflows of the project with their head "
                                         "version and labels."),
                          format, [](project::Workspace &w) {
                              return store::WorkflowRepository(w.db, w.project.id).list();
                          });
}

int workflowShow(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Print one version of a workflow as a workflow file "
                                           "(with --json: its metadata and graph)."));
    cl.addPositional(QStringLiteral("ref"),
                     QStringLiteral("The workflow, with an optional version or label."),
                     QStringLiteral("NAME[@REF]"));
    cl.addJsonOption();
    int exitCode = ExitOk;
    auto workspace = parseAndOpenWorkspace(cl, context, 1, 1, &exitCode);
    if (!workspace)
        return exitCode;
    const auto [name, ref] = store::splitReference(cl.positional().first());
    auto version =
        store::WorkflowRepository(workspace->db, workspace->project.id).resolve(name, ref);
    if (!version)
        return reportError(version.error());
    if (cl.wantsJson())
        writeJson(versionJson(*version, true));
    else
        writeOut(documentText(*version));
    return ExitOk;
}

int workflowImport(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Check a workflow file and store it as a new version "
                                           "of the workflow it names (or --name), creating the "
                                           "workflow if needed. Unchanged content creates no "
                                           "version."));
    cl.addPositional(QStringLiteral("file"), QStringLiteral("A workflow file (JSON)."),
                     QStringLiteral("FILE"));
    const QCommandLineOption message({QStringLiteral("m"), QStringLiteral("message")},
                                     QStringLiteral("The version message."), QStringLiteral("MSG"));
    const QCommandLineOption nameOption(
        QStringLiteral("name"),
        QStringLiteral("Store under NAME (default: the file's \"name\", else the file name)."),
        QStringLiteral("NAME"));
    cl.addOption(message);
    cl.addOption(nameOption);
    if (auto stop = cl.parse(1, 1))
        return *stop;
    const QString path = cl.positional().first();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return reportError(Error(file.errorString()).inFile(path));
    auto graph = workflow::readWorkflow(file.readAll(), path);
    if (!graph)
        return reportError(graph.error());
    QString name = cl.value(nameOption.names().first());
    if (name.isEmpty())
        name = graph->name;
    if (name.isEmpty())
        name = QFileInfo(path).fileName().section(QLatin1Char('.'), 0, 0);
    graph->name = name;
    int exitCode = ExitOk;
    auto workspace = openWorkspace(context, &exitCode);
    if (!workspace)
        return exitCode;
    const QString note = cl.isSet(QStringLiteral("m"))
                             ? cl.value(QStringLiteral("m"))
                             : QStringLiteral("Imported from %1").arg(path);
    auto result = store::WorkflowRepository(workspace->db, workspace->project.id)
                      .commit(name, nlohmann::json::parse(workflow::toJson(*graph).dump()), note);
    if (!result)
        return reportError(result.error());
    writeOut(result->created ? QStringLiteral("%1 %2 created\n").arg(name, tag(result->version))
                             : QStringLiteral("%1 %2 unchanged (same content as the head)\n")
                                   .arg(name, tag(result->version)));
    return ExitOk;
}

int workflowLog(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Show the version history of a workflow, newest "
                                           "first."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The workflow."),
                     QStringLiteral("NAME"));
    cl.addJsonOption();
    int exitCode = ExitOk;
    auto workspace = parseAndOpenWorkspace(cl, context, 1, 1, &exitCode);
    if (!workspace)
        return exitCode;
    auto versions = store::WorkflowRepository(workspace->db, workspace->project.id)
                        .log(cl.positional().first());
    if (!versions)
        return reportError(versions.error());
    if (cl.wantsJson()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto &version : *versions)
            out.push_back(versionJson(version, false));
        writeJson(out);
        return ExitOk;
    }
    QString text;
    for (const auto &version : *versions)
        text += logLine(tag(version), version.createdAt, version.message, version.labels);
    writeOut(text);
    return ExitOk;
}

int workflowDiff(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Show what changed between two versions of a "
                                           "workflow: nodes and edges added, removed or changed, "
                                           "with the paths of the changed fields."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The workflow."),
                     QStringLiteral("NAME"));
    cl.addPositional(QStringLiteral("ref1"), QStringLiteral("The older version."),
                     QStringLiteral("REF1"));
    cl.addPositional(QStringLiteral("ref2"), QStringLiteral("The newer version."),
                     QStringLiteral("REF2"));
    int exitCode = ExitOk;
    auto workspace = parseAndOpenWorkspace(cl, context, 3, 3, &exitCode);
    if (!workspace)
        return exitCode;
    store::WorkflowRepository workflows(workspace->db, workspace->project.id);
    const QStringList args = cl.positional();
    auto from = workflows.resolve(args.at(0), args.at(1));
    if (!from)
        return reportError(from.error());
    auto to = workflows.resolve(args.at(0), args.at(2));
    if (!to)
        return reportError(to.error());
    const diff::WorkflowDiff changes = diff::diffWorkflows(from->graph, to->graph);
    if (changes.isEmpty()) {
        writeOut(QStringLiteral("%1 %2 and %3 have the same content\n")
                     .arg(from->workflowName, tag(*from), tag(*to)));
        return ExitOk;
    }
    diff::UnifiedOptions options;
    options.oldLabel = from->workflowName + QLatin1Char(' ') + tag(*from);
    options.newLabel = to->workflowName + QLatin1Char(' ') + tag(*to);
    writeOut(diff::renderWorkflowDiff(changes, options));
    return ExitOk;
}

int workflowLabel(const CommandContext &context) {
    return runLabelCommand<store::WorkflowRepository>(context, QStringLiteral("workflow"));
}

} // namespace trellis::cli
