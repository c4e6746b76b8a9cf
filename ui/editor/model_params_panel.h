#pragma once

#include "field_undo.h"

#include <QWidget>

#include <nlohmann/json.hpp>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QUndoStack;

namespace trellis::providers {
class ModelCatalog;
}

namespace trellis::ui {

class CodeEditor;

// Model and sampling parameters of a prompt. Temperature, max_tokens and top_p have their
// own inputs ("default" leaves the key out); every other parameter (stop, seed, ...) is
// edited as a JSON object below them. With an undo stack, the user's edits of the model and
// the three inputs are undoable commands (consecutive edits of one input merge).
class ModelParamsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelParamsPanel(QWidget *parent = nullptr);

    // The tab's stack; also takes Ctrl+Z / Ctrl+Shift+Z in the inputs.
    void setUndoStack(QUndoStack *stack);
    void setCatalog(const providers::ModelCatalog *catalog);
    void setModel(const QString &model);
    QString model() const;
    void setParams(const nlohmann::json &params);
    // The parameters as stored in the spec; keys of an unparsable "other" object are left out.
    nlohmann::json params() const;
    CodeEditor *otherParamsEditor() const { return m_other; }

Q_SIGNALS:
    void changed();

private:
    void updatePrice();
    void rememberInputs(); // the inputs as set by the program: the baseline of the next edit
    void connectInput(QDoubleSpinBox *box, const QString &field, const QString &what);

    FieldHistory m_history{this};

    const providers::ModelCatalog *m_catalog = nullptr;
    QComboBox *m_model = nullptr;
    QLabel *m_price = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QSpinBox *m_maxTokens = nullptr;
    QDoubleSpinBox *m_topP = nullptr;
    CodeEditor *m_other = nullptr;
};

} // namespace trellis::ui
