#pragma once

#include "common/result.h"
#include "eval/assertion.h"
#include "prompt/prompt_spec.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::eval {

// What a variant runs. Stored prompts and inline prompts are run by the prompt VariantRunner;
// workflows by a runner the workflow module registers (see variant_runner.h).
enum class VariantKind { StoredPrompt, InlinePrompt, Workflow };

QString variantKindName(VariantKind kind); // "prompt", "messages", "workflow"

// One column group of the matrix: the thing under test.
struct VariantSpec {
    QString label; // unique within the experiment; reports and A/B verdicts use it
    VariantKind kind = VariantKind::InlinePrompt;
    QString name; // StoredPrompt / Workflow: the stored prompt's or workflow's name
    QString ref;  // StoredPrompt / Workflow: version, label or hash prefix; empty = newest
    std::vector<prompt::Message> messages; // InlinePrompt: Jinja2 templates over the row vars

    // "name@ref" (or "name"), the way it is written in a config.
    QString reference() const;
    bool operator==(const VariantSpec &) const = default;
};

struct ModelSpec {
    QString id;                                       // "provider:model"
    nlohmann::json params = nlohmann::json::object(); // temperature, max_tokens, ...
    QString label; // optional; displayLabel() falls back to the id

    QString displayLabel() const { return label.isEmpty() ? id : label; }
    bool operator==(const ModelSpec &) const = default;
};

// One test case written in the config: a dataset row that carries its own grading rule.
struct TestCase {
    QString description;
    nlohmann::json vars = nlohmann::json::object();
    TestSpec test; // assertions + optional score threshold
};

// Where the rows come from, besides the inline `tests`.
enum class DatasetSource { None, Stored, File };

struct DatasetSpec {
    DatasetSource source = DatasetSource::None;
    QString name; // Stored: the dataset's name in the project store
    QString path; // File: absolute (the reader resolves it against the config's directory)
};

// An experiment: variants x models x rows x repeats, graded by assertions.
// Rows are the dataset's rows (if any) followed by the inline tests, in order.
// Every row is graded by defaultTest's assertions followed by its own; its vars are
// defaultTest.vars overlaid by its own.
struct ExperimentSpec {
    QString name;
    QString description;
    std::vector<VariantSpec> variants;
    std::vector<ModelSpec> models;
    DatasetSpec dataset;
    std::vector<TestCase> tests;
    TestCase defaultTest; // description unused
    QString judgeModel;   // llm-rubric default judge ("provider:model"); empty = runtime default
    int repeats = 1;      // >= 1
    int concurrency = 0;  // cells in flight at once; 0 = the runtime settings' default
    bool cache = true;    // false: never answer from the response cache
    double passThreshold = 1.0; // the run passes when the overall pass rate >= this (0..1)
};

// Builds a spec from a parsed document (the file model in docs/experiments.md). Errors name
// the field ("variants[1].messages[0].role"); *errorAtKey is set when the error is about a key
// itself (an unknown key), so a reader can point at the key. `baseDir` resolves relative
// dataset paths.
Result<ExperimentSpec> experimentFromJson(const nlohmann::json &doc, const QString &baseDir,
                                          bool *errorAtKey = nullptr);

// The document form of a spec (inverse of experimentFromJson for absolute dataset paths).
nlohmann::ordered_json experimentToJson(const ExperimentSpec &spec);

// Reads a Trellis experiment file (YAML, or JSON when it ends in .json or starts with '{').
// Every error names FILE:LINE:COL and the field, e.g.
//   evals/triage.yaml:12:15: models[1].params: expected a mapping, got a list
Result<ExperimentSpec> readExperimentFile(const QString &path);

// Parses experiment text; `fileNameForErrors` labels errors and its directory resolves
// relative dataset paths (the current directory when empty).
Result<ExperimentSpec> parseExperimentText(const QByteArray &bytes,
                                           const QString &fileNameForErrors = QString());

} // namespace trellis::eval
