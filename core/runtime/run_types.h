#pragma once

#include "prompt/prompt_spec.h"
#include "providers/provider_types.h"

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::runtime {

// How variable values are treated before they reach the template (sanitizer.h).
struct SanitizePolicy {
    bool detectInjection = true; // flag values that look like prompt injection
    bool blockOnFlag = false;    // refuse the run when a value is flagged
    bool fenceAll = false;       // fence every string variable
    QStringList fencedVariables; // fence these (untrusted input)
    QString fenceOpen = QStringLiteral("<untrusted>");
    QString fenceClose = QStringLiteral("</untrusted>");
};

// One call of the pipeline: a prompt (templates), its variables and how to run it.
struct RunRequest {
    prompt::PromptSpec spec;
    qint64 promptVersionId = 0; // 0: not a stored version
    nlohmann::json variables = nlohmann::json::object();
    QString model;                          // "provider:model"; empty: routing, then spec.model
    QStringList fallbackModels;             // tried in order after `model` is exhausted
    QString taskTag;                        // for routing rules (spec.tags also count)
    std::optional<bool> stream;             // default: the pipeline's setting
    bool bypassCache = false;               // neither read nor coalesce (the answer is stored)
    int priority = 0;                       // higher runs first when a lane queues
    std::optional<SanitizePolicy> sanitize; // default: per-prompt policy, else the pipeline's
    std::optional<double> maxRunCostUsd;    // overrides the per-run budget
    bool validateOutput = true;             // check the answer against spec.outputSchema
    std::optional<providers::Timeouts> timeouts;
    // Recorded on every run row, so an experiment can find the runs made for a cell after a
    // crash (runs.experiment_cell_id) and feedback can be grouped by variant (runs.variant).
    qint64 experimentCellId = 0;
    QString variant;
    qint64 workflowRunId = 0; // the workflow run this call belongs to (0: none); recorded
    QString workflowNodeId;   // and the node that made it
};

// Where in the pipeline a run is (or was when it ended).
enum class RunStage {
    Pending,    // start() returned, nothing done yet
    Preparing,  // sanitize, render, route, budget
    Cache,      // cache lookup
    Coalesced,  // waiting for an identical request already in flight
    Queued,     // waiting for the rate limiter of its provider/model
    Calling,    // provider call in flight
    Backoff,    // waiting before a retry
    Validating, // checking the output against the schema
    Done,
};

QString runStageName(RunStage stage);

// Why a run ended without an answer, beyond what the provider said.
enum class RunErrorKind {
    None,
    BadInput, // unknown variable types, template errors, unknown model, blocked by sanitizer
    Budget,   // a spending limit would be exceeded
    Provider, // the provider failed (see `providerError`) after retries and fallbacks
    Cancelled,
    Store, // the run could not be recorded
};

QString runErrorKindName(RunErrorKind kind);

struct InjectionFlag {
    QString variable;
    QString rule;    // id of the heuristic that matched, e.g. "ignore-previous"
    QString excerpt; // the matching text (shortened)
};

struct ValidationResult {
    bool checked = false; // false: no schema, or validation switched off
    bool valid = true;
    QStringList errors;   // "/field: must be ..." (or "not JSON: ...")
    nlohmann::json value; // the parsed answer when it was JSON
};

// The end of a run, delivered by RunHandle::finished / failed.
struct RunOutcome {
    bool ok = false;
    RunStage stage = RunStage::Done; // the stage the run failed in
    RunErrorKind errorKind = RunErrorKind::None;
    QString errorMessage;
    std::optional<providers::ProviderError> providerError;

    QString text;
    QString model; // "provider:model" that answered (or failed last)
    QString route; // the routing rule that chose the first model, empty when none
    QString finishReason;
    providers::Usage usage;
    std::optional<double> costUsd; // this run's spending (all attempts); unknown without a price
    std::optional<double> ttftMs;
    double latencyMs = 0;
    int attempts = 0; // provider calls made (0 for a cache hit or coalesced run)
    bool cacheHit = false;
    bool coalesced = false; // answered by an identical request in flight
    bool dryRun = false;
    ValidationResult validation;
    std::vector<InjectionFlag> injectionFlags;
    nlohmann::json request;     // the normalized provider request (no secrets)
    std::vector<qint64> runIds; // store rows written for this run, one per attempt
};

} // namespace trellis::runtime

Q_DECLARE_METATYPE(trellis::runtime::RunOutcome)
Q_DECLARE_METATYPE(trellis::runtime::RunStage)
