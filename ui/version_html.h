#pragma once

#include "store/store_types.h"

#include <QString>

namespace trellis::ui {

// Rich text for the prompt view. Kept apart from the widget so the wording and escaping are
// tested without a window.
QString titleHtml(const store::PromptVersion &version);
QString versionHtml(const store::PromptVersion &version);
QString comparisonHtml(const store::PromptVersion &older, const store::PromptVersion &newer);

} // namespace trellis::ui
