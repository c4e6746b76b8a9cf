#include "run_input.h"

namespace trellis::ui {

nlohmann::json sampleVariables(const prompt::PromptSpec &spec) {
    nlohmann::json out = nlohmann::json::object();
    for (const prompt::Variable &v : spec.variables) {
        if (!v.defaultValue.is_null())
            out[v.name.toStdString()] = v.defaultValue;
        else if (!v.example.is_null())
            out[v.name.toStdString()] = v.example;
    }
    return out;
}

} // namespace trellis::ui
