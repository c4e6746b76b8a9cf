#pragma once

#include "run_types.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace trellis::runtime {

// A heuristic for text that tries to steer the model away from the prompt's instructions.
struct InjectionRule {
    QString id;          // "ignore-previous"
    QString description; // for docs and the GUI
};

// The heuristics, in the order they are tried (see docs/runtime.md for the patterns).
const std::vector<InjectionRule> &injectionRules();

struct SanitizedVariables {
    nlohmann::json variables; // fenced where the policy says
    std::vector<InjectionFlag> flags;
};

// Input sanitization hooks, run on variable values before rendering. Detection only flags
// (and, with blockOnFlag, the pipeline refuses the run): heuristics cannot prove innocence or
// guilt, so the default is to record the flag and go on. Fencing wraps untrusted string values
// in delimiters, with the delimiters removed from the value itself so it cannot close the
// fence early. Strings nested in arrays and objects are handled too ("docs[1].text").
SanitizedVariables sanitizeVariables(const nlohmann::json &variables, const SanitizePolicy &policy);

// The flags one text raises; `variable` names it in the result.
std::vector<InjectionFlag> detectInjection(const QString &text, const QString &variable);

} // namespace trellis::runtime
