#pragma once

#include "common/result.h"
#include "node_runner.h"

#include <nlohmann/json.hpp>

namespace trellis::workflow {

// A string value as is, anything else as compact JSON (what rules and templates see).
QString valueText(const nlohmann::json &value);
// Parses JSON text, tolerating a Markdown code fence around it (models add them).
Result<nlohmann::json> parseJsonText(const QString &text);
// The name of the node's first output port ("out" when it has none), and its first input's.
std::string firstOutput(const Node &node);
std::string firstInput(const Node &node);
// The node's main input value: port `in`, else its first input port's value.
nlohmann::json mainInput(const NodeEnv &env);
// The node runner classes, one per file.
NodeRunner *createPromptRunner(NodeEnv env);
NodeRunner *createTransformRunner(NodeEnv env);
NodeRunner *createValidateRunner(NodeEnv env);
NodeRunner *createConditionRunner(NodeEnv env);
NodeRunner *createRouterRunner(NodeEnv env);
NodeRunner *createMapRunner(NodeEnv env);
NodeRunner *createSubworkflowRunner(NodeEnv env);
NodeRunner *createMemoryRunner(NodeEnv env);

} // namespace trellis::workflow
