#pragma once

#include "common/result.h"
#include "eval/experiment_spec.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <nlohmann/json.hpp>

namespace trellis::eval {

// Something in a promptfoo config that Trellis cannot run, left out of the spec and listed so
// that nothing is skipped silently. `where` is a field path of the config
// ("tests[3].assert[1]", "providers[2]") or a file ("tests.csv:7").
struct UnsupportedItem {
    QString where;
    QString reason;

    bool operator==(const UnsupportedItem &) const = default;
};

struct PromptfooImport {
    ExperimentSpec spec;
    QList<UnsupportedItem> unsupported;
};

// Reads a promptfoo config (promptfooconfig.yaml, or .json) into an experiment: prompts become
// inline variants, providers models, tests (inline and file:// CSV/JSON/JSONL/YAML, var cross
// products expanded) and defaultTest the rows and their assertions. The mapping and what is
// not supported are in docs/experiments.md ("promptfoo configs"). Errors name FILE:LINE:COL
// of the config (or of the referenced file) and the field.
Result<PromptfooImport> importPromptfooConfig(const QString &path);

// The same from text; `fileNameForErrors` labels errors and its directory resolves file://
// references (the current directory when empty).
Result<PromptfooImport> importPromptfooText(const QByteArray &text,
                                            const QString &fileNameForErrors = QString());

// Whether a parsed document looks like a promptfoo config rather than a Trellis experiment:
// it has `providers` or `prompts` and none of the experiment keys `variants` / `models`.
bool isPromptfooDocument(const nlohmann::json &doc);

} // namespace trellis::eval
