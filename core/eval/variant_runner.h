#pragma once

#include "common/result.h"
#include "eval/cell_output.h"
#include "eval/experiment_spec.h"

#include <QString>

#include <functional>
#include <nlohmann/json.hpp>

namespace trellis::eval {

// One cell to run: a variant on a model with a row's variables.
struct CellCall {
    const VariantSpec *variant = nullptr;
    const ModelSpec *model = nullptr;
    nlohmann::json vars = nlohmann::json::object();
    qint64 cellId = 0;        // recorded on the run rows (runs.experiment_cell_id)
    bool bypassCache = false; // neither read nor coalesce
    QString runLabel;         // recorded as runs.variant (the matrix column, see columnLabel)
};

// What a finished cell call reports: the output to grade and the final run row.
struct CellCallResult {
    CellOutput output;
    qint64 runId = 0; // the final run row, 0 when nothing was recorded
};

// Runs the cells of one kind of variant. The experiment runner asks each registered runner
// whether it handles a variant; prompts are handled by PromptVariantRunner, workflows by a
// runner the workflow module provides. Everything runs on the caller's event loop.
class VariantRunner {
public:
    virtual ~VariantRunner() = default;

    virtual bool handles(VariantKind kind) const = 0;
    // Resolves the variant once before any cell runs (loads the stored version, checks the
    // templates). Returns a string that identifies exactly what will run (e.g. the version's
    // content hash): it goes into the experiment's fingerprint, so a changed prompt behind the
    // same label starts a new experiment instead of mixing results.
    virtual Result<QString> prepare(const VariantSpec &variant) = 0;
    // Starts one cell; `done` is called exactly once, later, from the event loop (also after
    // cancel(): with an error output). The returned id is for cancel().
    virtual quint64 start(const CellCall &call, std::function<void(CellCallResult)> done) = 0;
    virtual void cancel(quint64 id) = 0;
};

} // namespace trellis::eval
