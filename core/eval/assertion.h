#pragma once

#include "common/result.h"

#include <QString>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::schema {
class CompiledSchema;
}

namespace trellis::eval {

// The assertion types Trellis runs (promptfoo names; see docs/datasets-and-assertions.md).
enum class AssertionKind {
    Equals,         // equals
    Contains,       // contains
    IContains,      // icontains
    ContainsAny,    // contains-any
    ContainsAll,    // contains-all
    IContainsAny,   // icontains-any
    IContainsAll,   // icontains-all
    StartsWith,     // starts-with
    Regex,          // regex (ECMAScript syntax)
    IsJson,         // is-json, with an optional JSON Schema as value
    ContainsJson,   // contains-json, same, for JSON embedded in text
    JsonSchema,     // json-schema: is-json whose schema is required
    CharacterCount, // character-count (alias length): value N or {min, max}
    WordCount,      // word-count: value N or {min, max}
    Latency,        // latency: threshold = max ms
    Cost,           // cost: threshold = max USD
    Levenshtein,    // levenshtein: distance to value <= threshold (default 5)
    LlmRubric,      // llm-rubric: graded by a Judge
};

QString kindName(AssertionKind kind);

// One parsed assertion, promptfoo form: {type, value, weight, threshold, metric, provider,
// rubricPrompt}. `value` stays as written: string parts are templates rendered with the row's
// variables when the assertion runs.
struct Assertion {
    AssertionKind kind = AssertionKind::Equals;
    bool inverse = false; // written with the "not-" prefix
    nlohmann::json value; // null when absent
    double weight = 1.0;  // >= 0; 0 = reported, but adds nothing to the test's score
    std::optional<double> threshold;
    QString metric;
    QString provider;     // llm-rubric: judge model, overriding the default
    QString rubricPrompt; // llm-rubric: a custom judge prompt ({{output}}, {{rubric}}, vars)
    // json-schema / is-json with an object schema: compiled once at parse time.
    std::shared_ptr<const schema::CompiledSchema> schema;

    QString typeName() const; // "not-contains"
};

// Parses one assertion object. Errors name the field under `path`, e.g.
// "assert[2].threshold: latency needs a threshold (the maximum in milliseconds)".
// Types promptfoo has but Trellis cannot run (javascript, python, similar, ...) are errors
// that say so, so a config loader can list them per item instead of skipping them silently.
Result<Assertion> parseAssertion(const nlohmann::json &object, const QString &path = {});
Result<std::vector<Assertion>> parseAssertions(const nlohmann::json &array,
                                               const QString &path = QStringLiteral("assert"));

// A test's grading rule: its assertions and an optional pass threshold over the weighted
// score (promptfoo `threshold` on a test case).
struct TestSpec {
    std::vector<Assertion> assertions;
    std::optional<double> threshold;
};

// The test fields of a dataset row / promptfoo test case: "assert" and "threshold".
Result<TestSpec> parseTestSpec(const nlohmann::json &test, const QString &path = {});

} // namespace trellis::eval
