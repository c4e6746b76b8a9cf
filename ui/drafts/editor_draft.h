#pragma once

#include <QJsonObject>
#include <QMetaObject>

#include <functional>
#include <optional>

namespace trellis::ui {

class PromptView;

// The seam between the drafts and the prompt editor: how a tab reports changes, what its
// unsaved state is, and how that state comes back. All editor knowledge of the drafts code is
// here.
QMetaObject::Connection watchEditorChanges(PromptView *view, std::function<void()> onChange);
// The editor's unsaved state; nothing when the tab has no unsaved changes.
std::optional<QJsonObject> editorDraftState(const PromptView *view);
bool restoreEditorDraft(PromptView *view, const QJsonObject &state);

} // namespace trellis::ui
