#pragma once

#include "eval/assertion.h"
#include "eval/cell_output.h"
#include "eval/simple_template.h"

#include <QString>

namespace trellis::eval {

// The outcome of one assertion: pass, a score in [0, 1] and a reason a person can read
// ("expected output to contain 'refund'").
struct AssertionResult {
    QString type; // as written, "not-contains"
    bool pass = false;
    double score = 0;
    QString reason;
    double weight = 1;
    QString metric;
};

// Runs one assertion that needs no model (every kind but llm-rubric). String parts of the
// value are rendered with `render` over `vars` first; a render error fails the assertion
// with the error as its reason. A "not-" assertion passes when the check does not match;
// its score is 1 - the check's score.
AssertionResult checkAssertion(const Assertion &assertion, const CellOutput &output,
                               const nlohmann::json &vars, const TemplateRenderer &render);

// A value rendered with the row's variables: strings, and strings inside arrays.
Result<nlohmann::json> renderValue(const nlohmann::json &value, const nlohmann::json &vars,
                                   const TemplateRenderer &render);

// 'text', cut to a readable length for reasons.
QString quoteForReason(const QString &text);

} // namespace trellis::eval
