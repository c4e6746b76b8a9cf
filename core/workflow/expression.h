#pragma once

#include "common/result.h"

#include <QString>

#include <nlohmann/json.hpp>

namespace trellis::workflow {

// Expressions of Condition and Router nodes are template-engine expressions (Jinja2 syntax:
// `text | length > 200`, `score >= 0.5 and label == "spam"`), evaluated over the node's input
// values by name. Evaluation goes through the template engine, so the two never disagree.

Status checkExpression(const QString &expression);
// Jinja2 truthiness of the expression's value.
Result<bool> evaluateCondition(const QString &expression, const nlohmann::json &context);
// The expression's value as JSON (through the `tojson` filter).
Result<nlohmann::json> evaluateExpression(const QString &expression, const nlohmann::json &context);

} // namespace trellis::workflow
