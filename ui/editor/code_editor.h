#pragma once

#include "common/error.h"

#include <QPlainTextEdit>

#include <functional>
#include <optional>

class QTimer;

namespace trellis::ui {

// A plain-text code editor: line-number gutter, matching-bracket highlight and a problem
// underlined with a wavy line (its message shows on hover). What counts as a problem comes
// either from a validator run on this thread shortly after each edit (cheap checks such as
// JSON syntax) or from the owner through setProblem() (a prompt tab checks its templates on
// a worker thread, see PromptChecker).
//
// Undo and redo keys are left to the surrounding window: a prompt tab routes them through
// its QUndoStack (see MessagesEditor), where the document's own undo steps are replayed.
class CodeEditor : public QPlainTextEdit {
    Q_OBJECT
public:
    // Returns the first problem of `text`, or nullopt. Lines and columns are 1-based.
    using Validator = std::function<std::optional<Error>(const QString &text)>;

    explicit CodeEditor(QWidget *parent = nullptr);

    void setValidator(Validator validator);
    // Runs the validator (if there is one) now instead of after the typing pause.
    void validateNow();
    // Shows a problem found elsewhere (or none); emits problemChanged() when it differs.
    void setProblem(std::optional<Error> problem);
    const std::optional<Error> &problem() const { return m_problem; }
    // The span the underline covers; null when there is no problem.
    QTextCursor problemCursor() const;

    // Puts the cursor at a 1-based line and column and focuses the editor.
    void goTo(int line, int column);

    int lineNumberAreaWidth() const;
    void paintLineNumbers(QPaintEvent *event);

Q_SIGNALS:
    void problemChanged();
    void focusReceived();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;

private:
    void updateGutterWidth();
    void updateGutter(const QRect &rect, int dy);
    void updateBracketMatch();
    void refreshSelections();

    QWidget *m_gutter = nullptr;
    QTimer *m_validateTimer = nullptr;
    Validator m_validator;
    std::optional<Error> m_problem;
    QList<QTextEdit::ExtraSelection> m_bracketSelections;
};

} // namespace trellis::ui
