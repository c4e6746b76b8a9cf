#pragma once

#include <QString>

#include <nlohmann/json.hpp>
#include <optional>

namespace trellis::eval {

// What one experiment cell produced: the thing assertions grade. The experiment runner fills
// it from the runtime's result (store::RunRecord has the same fields).
struct CellOutput {
    QString text;                       // the model's output
    std::optional<nlohmann::json> json; // structured output, when the call returned JSON
    std::optional<double> latencyMs;    // unknown for cache hits that did not record it
    std::optional<double> ttftMs;
    std::optional<double> costUsd; // unknown when the model has no price
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    bool cached = false;
    QString error; // non-empty: the call failed, there is no output to grade
};

} // namespace trellis::eval
