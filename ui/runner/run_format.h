#pragma once

#include <QString>

#include <optional>

namespace trellis::ui {

// How run metrics read everywhere in the workbench (runner pane, run log, run details), so the
// same number never looks different in two places.
QString formatCost(std::optional<double> usd);
QString formatMs(std::optional<double> ms);
QString formatTokens(qint64 input, qint64 output);
// The answer pretty-printed when it is JSON (also inside a ```json fence), else unchanged.
QString prettyIfJson(const QString &text);

} // namespace trellis::ui
