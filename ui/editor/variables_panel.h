#pragma once

#include "field_undo.h"
#include "problems_model.h"
#include "variable_values.h"

#include <QHash>
#include <QWidget>

#include <nlohmann/json.hpp>
#include <vector>

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QUndoStack;

namespace trellis::ui {

// The variable form of a prompt tab: one typed input per variable the templates read, and
// the saved test cases (named sets of values) of the prompt. What was typed for a name is
// kept when the templates change, so a variable that disappears while a tag is half typed
// comes back with its value. With an undo stack, typing into an input and loading a test
// case are undoable commands (consecutive typing in one input merges).
class VariablesPanel : public QWidget {
    Q_OBJECT
public:
    explicit VariablesPanel(QWidget *parent = nullptr);

    // The tab's stack; also takes Ctrl+Z / Ctrl+Shift+Z in the inputs.
    void setUndoStack(QUndoStack *stack);

    // Shows these variables; rebuilds the inputs only when names or kinds changed, so typing
    // in an input never loses focus.
    void setFields(std::vector<VariableField> fields);
    const std::vector<VariableField> &fields() const { return m_fields; }

    // The render context: every shown variable whose input holds a valid value.
    nlohmann::ordered_json context() const;
    // Fills the inputs of the named variables (test cases, drafts); others keep their text.
    void setValues(const nlohmann::json &object);
    // Inputs whose JSON does not parse.
    std::vector<Problem> problems() const;

    // Typed texts and chosen kinds by name, for drafts (includes hidden variables).
    nlohmann::json saveState() const;
    void restoreState(const nlohmann::json &state);

    void setTestCases(const QStringList &names, const QString &current = {});
    QString currentTestCase() const;

Q_SIGNALS:
    void valuesChanged();
    void testCaseChosen(const QString &name);
    void saveTestCaseRequested();
    void deleteTestCaseRequested(const QString &name);

private:
    struct Entry {
        InputKind kind = InputKind::Line;
        bool kindChosen = false; // the user picked the kind; discovery no longer changes it
        QString text;
        bool touched = false; // typed or loaded; an untouched entry takes the declared default
    };
    void rebuild();
    QWidget *createInput(const VariableField &field, const Entry &entry);
    void setInputText(const QString &name, const QString &text);
    void applyText(const QString &name, const QString &text); // undo / redo of a value
    void onTextEdited(const QString &name, const QString &text);
    void updateErrorLabel(const QString &name);

    FieldHistory m_history{this};
    std::vector<VariableField> m_fields;
    QHash<QString, Entry> m_entries;
    QHash<QString, QWidget *> m_inputs;
    QHash<QString, QLabel *> m_errors;
    QWidget *m_form = nullptr;
    QGridLayout *m_grid = nullptr;
    QLabel *m_empty = nullptr;
    QComboBox *m_cases = nullptr;
    QPushButton *m_saveCase = nullptr;
    QPushButton *m_deleteCase = nullptr;
};

} // namespace trellis::ui
