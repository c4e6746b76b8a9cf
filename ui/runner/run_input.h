#pragma once

#include "prompt/prompt_spec.h"

#include <nlohmann/json.hpp>

namespace trellis::ui {

// What the runner sends: the prompt as it is in the editor (possibly unsaved) and the values
// of its variables.
struct RunInput {
    prompt::PromptSpec spec;
    qint64 promptVersionId = 0; // the stored version the spec equals, 0 when edited
    nlohmann::json variables = nlohmann::json::object();
};

// Values for the declared variables when nobody typed any: the default, else the example.
// Variables with neither are left out, so the pipeline names the missing one.
nlohmann::json sampleVariables(const prompt::PromptSpec &spec);

} // namespace trellis::ui
