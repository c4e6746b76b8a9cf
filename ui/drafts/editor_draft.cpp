#include "editor_draft.h"

#include "prompt_view.h"

#include <QJsonDocument>

namespace trellis::ui {

QMetaObject::Connection watchEditorChanges(PromptView *view, std::function<void()> onChange) {
    // specChanged covers the texts, model, parameters, schema and variable values;
    // dirtyChanged covers a save (the draft is then no longer needed).
    QObject::connect(view, &PromptView::dirtyChanged, view, onChange);
    return QObject::connect(view, &PromptView::specChanged, view, std::move(onChange));
}

std::optional<QJsonObject> editorDraftState(const PromptView *view) {
    if (!view->isDirty())
        return std::nullopt;
    const QByteArray bytes = QByteArray::fromStdString(view->saveState().dump());
    return QJsonDocument::fromJson(bytes).object();
}

bool restoreEditorDraft(PromptView *view, const QJsonObject &state) {
    if (!view)
        return false;
    const QByteArray bytes = QJsonDocument(state).toJson(QJsonDocument::Compact);
    const nlohmann::json json =
        nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    return !json.is_discarded() && view->restoreState(json).ok();
}

} // namespace trellis::ui
