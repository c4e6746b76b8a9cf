#include "eval/workflow_variant_runner.h"

#include "store/workflow_repository.h"
#include "workflow/executor.h"
#include "workflow/workflow_json.h"

#include <QTimer>

#include <algorithm>

namespace trellis::eval {

using nlohmann::json;

namespace {

// The row's variables that the workflow has inputs for: a dataset carries more columns
// (expected values, notes) than a workflow takes, and the executor refuses unknown inputs.
json inputsFor(const workflow::WorkflowGraph &graph, const json &vars) {
    json inputs = json::object();
    for (const workflow::Node &node : graph.nodes)
        if (node.type == workflow::NodeType::Input)
            for (const workflow::Port &port : node.outputs)
                if (auto it = vars.find(port.name.toStdString()); it != vars.end())
                    inputs[port.name.toStdString()] = *it;
    return inputs;
}

} // namespace

WorkflowVariantRunner::WorkflowVariantRunner(runtime::Pipeline &pipeline, store::Database &db,
                                             qint64 projectId)
    : m_pipeline(pipeline)
    , m_db(db)
    , m_projectId(projectId)
    , m_prompts(db, projectId)
    , m_workflows(db, projectId)
    , m_recorder(db) {}

WorkflowVariantRunner::~WorkflowVariantRunner() {
    // Runs still going stop with their runner (the executor cancels its nodes when deleted).
    for (const QPointer<workflow::Executor> &run : std::as_const(m_running))
        if (run) {
            run->disconnect();
            delete run.data();
        }
}

bool WorkflowVariantRunner::handles(VariantKind kind) const {
    return kind == VariantKind::Workflow;
}

Result<QString> WorkflowVariantRunner::prepare(const VariantSpec &variant) {
    auto fail = [&](Error e) {
        e.message = QStringLiteral("variant '%1': %2").arg(variant.label, e.message);
        return e;
    };
    auto version = store::WorkflowRepository(m_db, m_projectId).resolve(variant.name, variant.ref);
    if (!version)
        return fail(version.error());
    auto graph = workflow::fromJson(version->graph);
    if (!graph)
        return fail(graph.error());
    m_prepared.insert(variant.label, {std::move(*graph), version->id});
    return version->hash;
}

workflow::WorkflowGraph WorkflowVariantRunner::withModel(workflow::WorkflowGraph graph,
                                                         const ModelSpec &model) {
    for (workflow::Node &node : graph.nodes) {
        if (node.type != workflow::NodeType::Prompt)
            continue;
        const auto pinned = node.config.find("model");
        if (pinned != node.config.end() && pinned->is_string() && !pinned->empty()
            && !pinned->get<std::string>().empty())
            continue; // the workflow chose this node's model on purpose
        node.config["model"] = model.id.toStdString();
        if (!node.config.contains("params") || !node.config["params"].is_object())
            node.config["params"] = json::object();
        node.config["params"].update(model.params); // the model's parameters win
    }
    return graph;
}

CellCallResult WorkflowVariantRunner::resultFrom(const workflow::WorkflowResult &result) {
    CellCallResult out;
    CellOutput &o = out.output;
    // One output port: its value; several: the object of all of them.
    const json value = result.outputs.size() == 1 ? result.outputs.begin().value() : result.outputs;
    if (value.is_string()) {
        o.text = QString::fromStdString(value.get<std::string>());
    } else if (!value.is_null()) {
        o.text = QString::fromStdString(value.dump());
        o.json = value;
    }
    // Wall time of the whole run: parallel branches overlap, so a sum would overstate it.
    if (result.startedAt.isValid() && result.finishedAt.isValid())
        o.latencyMs = double(result.startedAt.msecsTo(result.finishedAt));
    o.costUsd = result.usage.calls > 0 ? result.usage.costUsd : std::optional<double>(0.0);
    o.inputTokens = result.usage.inputTokens;
    o.outputTokens = result.usage.outputTokens;
    if (!result.ok)
        o.error =
            result.cancelled && result.error.isEmpty() ? QStringLiteral("cancelled") : result.error;
    const auto &ids = result.usage.llmRunIds;
    out.runId = ids.empty() ? 0 : *std::max_element(ids.begin(), ids.end());
    return out;
}

quint64 WorkflowVariantRunner::start(const CellCall &call,
                                     std::function<void(CellCallResult)> done) {
    const Prepared &prepared = m_prepared[call.variant->label];
    workflow::ExecutorDeps deps{&m_pipeline, &m_prompts, &m_workflows, &m_recorder};
    deps.variant = call.runLabel.isEmpty() ? call.variant->label : call.runLabel;
    deps.bypassCache = call.bypassCache;
    workflow::RunOptions options;
    options.inputs = inputsFor(prepared.graph, call.vars);
    options.workflowVersionId = prepared.versionId;
    options.experimentCellId = call.cellId;

    const quint64 id = m_nextId++;
    auto *executor = new workflow::Executor(deps);
    if (Status s = executor->start(withModel(prepared.graph, *call.model), std::move(options));
        !s) {
        executor->deleteLater();
        QTimer::singleShot(0, [done = std::move(done), message = s.error().message] {
            CellCallResult result;
            result.output.error = message;
            done(std::move(result));
        });
        return id;
    }
    m_running.insert(id, executor);
    QObject::connect(
        executor, &workflow::Executor::finished, executor,
        [this, id, executor, done = std::move(done)](const workflow::WorkflowResult &r) {
            m_running.remove(id);
            executor->deleteLater();
            done(resultFrom(r));
        });
    return id;
}

void WorkflowVariantRunner::cancel(quint64 id) {
    if (auto it = m_running.find(id); it != m_running.end() && *it)
        (*it)->cancel();
}

} // namespace trellis::eval
