// workflow run: a stored version (NAME[@REF]) or a file through the executor, recorded in the
// store; outputs on stdout, a per-node trace on stderr (or everything as --json).
#include "cli_io.h"
#include "cli_workspace.h"
#include "runtime/runtime_environment.h"
#include "store/workflow_repository.h"
#include "workflow/executor.h"
#include "workflow/store_run_recorder.h"
#include "workflow/workflow_json.h"
#include "workflow_commands.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>

namespace trellis::cli {

namespace {

using nlohmann::json;

// The graph and the stored version that runs. A file is stored first (like `workflow import`;
// unchanged content reuses the head), so every recorded run points at a version.
Result<std::pair<workflow::WorkflowGraph, qint64>> loadGraph(project::Workspace &ws,
                                                             const QString &what) {
    store::WorkflowRepository workflows(ws.db, ws.project.id);
    if (QFileInfo(what).isFile()) {
        QFile file(what);
        if (!file.open(QIODevice::ReadOnly))
            return Error(file.errorString()).inFile(what);
        auto graph = workflow::readWorkflow(file.readAll(), what);
        if (!graph)
            return graph.error();
        if (graph->name.isEmpty())
            graph->name = QFileInfo(what).fileName().section(QLatin1Char('.'), 0, 0);
        auto stored = workflows.commit(graph->name, json::parse(workflow::toJson(*graph).dump()),
                                       QStringLiteral("Run from %1").arg(what));
        if (!stored)
            return stored.error();
        return std::pair{std::move(*graph), stored->version.id};
    }
    const auto [name, ref] = store::splitReference(what);
    auto version = workflows.resolve(name, ref);
    if (!version)
        return version.error();
    auto graph = workflow::fromJson(version->graph);
    if (!graph)
        return graph.error();
    return std::pair{std::move(*graph), version->id};
}

// `--input name=value`: text and any ports take the text as is, other types parse it as JSON.
Result<json> inputValue(const workflow::WorkflowGraph &graph, const QString &name,
                        const QString &text) {
    for (const workflow::Node &node : graph.nodes) {
        if (node.type != workflow::NodeType::Input)
            continue;
        if (const workflow::Port *port = node.output(name)) {
            if (port->type == workflow::PortType::Text || port->type == workflow::PortType::Any)
                return json(text.toStdString());
            json value = json::parse(text.toStdString(), nullptr, false);
            if (value.is_discarded())
                return Error(QStringLiteral("--input %1: a %2 input needs a JSON value")
                                 .arg(name, workflow::portTypeName(port->type)));
            return value;
        }
    }
    return Error(QStringLiteral("--input %1: the workflow has no input '%1'").arg(name));
}

Result<json> collectInputs(const workflow::WorkflowGraph &graph, const CommandLine &cl) {
    json inputs = json::object();
    if (cl.isSet(QStringLiteral("inputs"))) {
        QFile file(cl.value(QStringLiteral("inputs")));
        if (!file.open(QIODevice::ReadOnly))
            return Error(file.errorString()).inFile(file.fileName());
        inputs = json::parse(file.readAll().toStdString(), nullptr, false);
        if (inputs.is_discarded() || !inputs.is_object())
            return Error(QStringLiteral("--inputs must name a JSON object file"))
                .inFile(file.fileName());
    }
    for (const QString &assignment : cl.values(QStringLiteral("input"))) {
        const qsizetype eq = assignment.indexOf(u'=');
        if (eq <= 0)
            return Error(QStringLiteral("--input expects name=value, got: ") + assignment);
        auto value = inputValue(graph, assignment.left(eq), assignment.mid(eq + 1));
        if (!value)
            return value.error();
        inputs[assignment.left(eq).toStdString()] = std::move(*value);
    }
    return inputs;
}

QString valueText(const json &value) {
    return value.is_string() ? QString::fromStdString(value.get<std::string>())
                             : QString::fromStdString(value.dump());
}

QString costText(const workflow::NodeUsage &usage) {
    if (usage.calls == 0)
        return QStringLiteral("-");
    return usage.costUsd ? QStringLiteral("$%1").arg(*usage.costUsd, 0, 'f', 6)
                         : QStringLiteral("?");
}

json nodeJson(const workflow::NodeResult &n) {
    json out{{"id", n.nodeId.toStdString()},
             {"type", n.nodeType.toStdString()},
             {"status", workflow::nodeStatusName(n.status).toStdString()},
             {"attempt", n.attempt},
             {"duration_ms", n.durationMs},
             {"calls", n.usage.calls},
             {"input_tokens", n.usage.inputTokens},
             {"output_tokens", n.usage.outputTokens},
             {"cost_usd", n.usage.costUsd ? json(*n.usage.costUsd) : json()}};
    if (n.failure)
        out["error"] = n.failure->message.toStdString();
    return out;
}

QString traceText(const workflow::WorkflowResult &r) {
    QString text;
    for (const workflow::NodeResult &n : r.nodes) {
        text += QStringLiteral("  %1 %2 %3 %4 ms  %5/%6 tok  %7")
                    .arg(n.nodeId.leftJustified(14), n.nodeType.leftJustified(11),
                         workflow::nodeStatusName(n.status).leftJustified(8))
                    .arg(n.durationMs, 7, 'f', 1)
                    .arg(n.usage.inputTokens)
                    .arg(n.usage.outputTokens)
                    .arg(costText(n.usage));
        if (n.attempt > 1)
            text += QStringLiteral("  (attempt %1)").arg(n.attempt);
        if (n.failure)
            text += QStringLiteral("  ") + n.failure->message;
        text += u'\n';
    }
    return text
           + QStringLiteral("run %1: %2, %3 calls, %4/%5 tokens, cost %6\n")
                 .arg(r.runId)
                 .arg(r.ok ? QStringLiteral("ok")
                           : (r.cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed")))
                 .arg(r.usage.calls)
                 .arg(r.usage.inputTokens)
                 .arg(r.usage.outputTokens)
                 .arg(costText(r.usage));
}

} // namespace

int workflowRun(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Run a workflow (a stored version or a file, which is "
                                           "stored first) and record the run. Prints the outputs "
                                           "on stdout and a per-node trace on stderr. Exit 0 ok, "
                                           "1 the run failed, 2 bad input."));
    cl.addPositional(QStringLiteral("workflow"), QStringLiteral("NAME[@REF] or a workflow file."),
                     QStringLiteral("NAME[@REF]|FILE"));
    cl.addOption({QStringLiteral("input"), QStringLiteral("Set an input (repeatable)."),
                  QStringLiteral("name=value")});
    cl.addOption({QStringLiteral("inputs"), QStringLiteral("JSON object file with inputs."),
                  QStringLiteral("FILE")});
    cl.addOption({QStringLiteral("from-node"),
                  QStringLiteral("Re-run from this node (needs --reuse)."), QStringLiteral("ID")});
    cl.addOption({QStringLiteral("reuse"),
                  QStringLiteral("Reuse upstream outputs of this earlier run."),
                  QStringLiteral("RUN_ID")});
    cl.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON.")});
    cl.addOption({QStringLiteral("settings"),
                  QStringLiteral("Settings file (default: $TRELLIS_SETTINGS "
                                 "or ~/.config/trellis/settings.json)."),
                  QStringLiteral("FILE")});
    if (auto exit = cl.parse(1, 1))
        return *exit;
    workflow::RunOptions options;
    if (cl.isSet(QStringLiteral("from-node")) != cl.isSet(QStringLiteral("reuse")))
        return badInput(QStringLiteral("--from-node and --reuse go together"));
    if (cl.isSet(QStringLiteral("reuse"))) {
        bool ok = false;
        options.reuseRunId = cl.value(QStringLiteral("reuse")).toLongLong(&ok);
        if (!ok || options.reuseRunId <= 0)
            return badInput(QStringLiteral("--reuse needs a workflow run id"));
        options.fromNode = cl.value(QStringLiteral("from-node"));
    }

    int code = ExitOk;
    auto ws = openWorkspace(context, &code);
    if (!ws)
        return code;
    auto loaded = loadGraph(*ws, cl.positional().first());
    if (!loaded)
        return reportError(loaded.error());
    auto inputs = collectInputs(loaded->first, cl);
    if (!inputs)
        return reportError(inputs.error());
    options.inputs = std::move(*inputs);
    options.workflowVersionId = loaded->second;

    auto env = runtime::RuntimeEnvironment::open(cl.value(QStringLiteral("settings")),
                                                 QProcessEnvironment::systemEnvironment());
    if (!env)
        return reportError(env.error());
    runtime::Pipeline pipeline((*env)->deps(&ws->db), (*env)->settings.pipeline);
    workflow::StorePromptResolver prompts(ws->db, ws->project.id);
    workflow::StoreWorkflowResolver workflows(ws->db, ws->project.id);
    workflow::StoreRunRecorder recorder(ws->db);
    workflow::Executor executor({&pipeline, &prompts, &workflows, &recorder});
    if (Status started = executor.start(loaded->first, std::move(options)); !started)
        return reportError(started.error());
    QEventLoop loop;
    QObject::connect(&executor, &workflow::Executor::finished, &loop, &QEventLoop::quit);
    if (!executor.isDone())
        loop.exec();

    const workflow::WorkflowResult &r = executor.result();
    if (cl.isSet(QStringLiteral("json"))) {
        json nodes = json::array();
        for (const auto &n : r.nodes)
            nodes.push_back(nodeJson(n));
        writeJson({{"run_id", r.runId},
                   {"ok", r.ok},
                   {"error", r.error.toStdString()},
                   {"outputs", r.outputs},
                   {"nodes", nodes}});
    } else {
        for (auto it = r.outputs.begin(); it != r.outputs.end(); ++it)
            writeOut(QString::fromStdString(it.key()) + QStringLiteral(": ") + valueText(it.value())
                     + u'\n');
        if (!r.ok)
            writeErr(QStringLiteral("trellis-cli: workflow failed: ") + r.error);
        writeErr(traceText(r));
    }
    return r.ok ? ExitOk : ExitFailure;
}

} // namespace trellis::cli
