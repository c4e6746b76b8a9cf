#include "editor_draft.h"

#include "prompt_view.h"

namespace trellis::ui {

// The prompt tab is read-only until the editor (branch h/gedit) lands: it never changes, so
// it never has a draft. These three become calls into the editor's change signal and JSON
// state when it does.
QMetaObject::Connection watchEditorChanges(PromptView *, std::function<void()>) {
    return {};
}

std::optional<QJsonObject> editorDraftState(const PromptView *) {
    return std::nullopt;
}

bool restoreEditorDraft(PromptView *, const QJsonObject &) {
    return false;
}

} // namespace trellis::ui
