#pragma once

#include <QHash>
#include <QPointer>
#include <QUndoCommand>
#include <QVariant>

#include <functional>

class QUndoStack;
class QWidget;

namespace trellis::ui {

// One user edit of a form field (the model, a parameter, a variable value): the value before
// and after. Consecutive edits of the same field merge, so one Ctrl+Z takes back a word typed
// into a line edit, not its last character; edits that end where they started vanish. A
// command that was undone or redone, or whose field lost the focus since (a new
// `generation`), takes no more edits.
class FieldEditCommand : public QUndoCommand {
public:
    using Apply = std::function<void(const QVariant &value)>;
    static constexpr int kId = 0x7e11;

    // `owner` and `field` name the field (owners are panels; fields are keys within them).
    // The edit has already happened: the first redo() does nothing.
    FieldEditCommand(QObject *owner, QString field, QVariant before, QVariant after, Apply apply,
                     const QString &text, int generation = 0);

    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand *other) override;
    void undo() override;
    void redo() override;

    QString field() const { return m_field; }

private:
    QPointer<QObject> m_owner;
    QString m_field;
    QVariant m_before;
    QVariant m_after;
    Apply m_apply;
    int m_generation;
    bool m_firstRedo = true;
    bool m_sealed = false;
};

// Turns a panel's field changes into FieldEditCommands on the tab's undo stack. The panel
// reports each change with the new value; the history knows the value before it (from the
// last change or the last programmatic set) and applies the values back on undo/redo, during
// which changed() records nothing.
class FieldHistory {
public:
    explicit FieldHistory(QObject *owner)
        : m_owner(owner) {}

    void setStack(QUndoStack *stack) { m_stack = stack; }
    QUndoStack *stack() const { return m_stack; }
    // The program set the field (loading a prompt): remembered, not undoable.
    void reset(const QString &field, const QVariant &value) { m_last.insert(field, value); }
    // The user changed the field; `apply` puts a value back into it.
    void changed(const QString &field, const QVariant &value, const QString &text,
                 FieldEditCommand::Apply apply);
    // The same for a panel that keeps the value before itself.
    void record(const QString &field, const QVariant &before, const QVariant &after,
                const QString &text, FieldEditCommand::Apply apply);
    bool applying() const { return m_applying; }
    // The next edit starts a new command even in the same field (the focus moved).
    void seal() { ++m_generation; }
    // Runs `set` (which changes fields through their widgets) without recording commands.
    template <typename F>
    void withoutRecording(F set) {
        const bool was = m_applying;
        m_applying = true;
        set();
        m_applying = was;
    }

private:
    QObject *m_owner;
    QPointer<QUndoStack> m_stack;
    QHash<QString, QVariant> m_last;
    bool m_applying = false;
    int m_generation = 0;
};

// Makes Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y) in `widget` act on `stack` instead of the widget's
// own undo, whatever the widget (line edit, spin box, editable combo box, text edit); the
// Undo and Redo entries of a line or text edit's context menu do the same. The filter lives
// as long as the widget.
void routeUndoKeys(QWidget *widget, QUndoStack *stack);

} // namespace trellis::ui
