#pragma once

#include "eval/variant_runner.h"
#include "workflow/resolvers.h"
#include "workflow/store_run_recorder.h"
#include "workflow/workflow_graph.h"

#include <QHash>
#include <QPointer>

namespace trellis::runtime {
class Pipeline;
}

namespace trellis::workflow {
class Executor;
struct WorkflowResult;
} // namespace trellis::workflow

namespace trellis::eval {

// Runs workflow variants (a stored workflow NAME[@REF]): one recorded workflow run per cell
// through the executor, with the row's variables as the workflow's inputs (columns that are
// not inputs are left out). The cell's model and its parameters go to every prompt node that
// names no model of its own (see docs/experiments.md). The graded output is the Output nodes'
// value; the workflow_runs row carries the cell id, its LLM runs the column label.
class WorkflowVariantRunner : public VariantRunner {
public:
    WorkflowVariantRunner(runtime::Pipeline &pipeline, store::Database &db, qint64 projectId);
    ~WorkflowVariantRunner() override;

    bool handles(VariantKind kind) const override;
    Result<QString> prepare(const VariantSpec &variant) override;
    quint64 start(const CellCall &call, std::function<void(CellCallResult)> done) override;
    void cancel(quint64 id) override;

    // The graph with `model` applied to the prompt nodes that name no model (exposed for tests).
    static workflow::WorkflowGraph withModel(workflow::WorkflowGraph graph, const ModelSpec &model);
    // What assertions grade from a finished workflow run.
    static CellCallResult resultFrom(const workflow::WorkflowResult &result);

private:
    struct Prepared {
        workflow::WorkflowGraph graph;
        qint64 versionId = 0;
    };

    runtime::Pipeline &m_pipeline;
    store::Database &m_db;
    qint64 m_projectId;
    workflow::StorePromptResolver m_prompts;
    workflow::StoreWorkflowResolver m_workflows;
    workflow::StoreRunRecorder m_recorder;
    QHash<QString, Prepared> m_prepared; // by variant label
    QHash<quint64, QPointer<workflow::Executor>> m_running;
    quint64 m_nextId = 1;
};

} // namespace trellis::eval
