#include "field_undo.h"

#include <QAbstractScrollArea>
#include <QAction>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QUndoStack>

namespace trellis::ui {

FieldEditCommand::FieldEditCommand(QObject *owner, QString field, QVariant before, QVariant after,
                                   Apply apply, const QString &text, int generation)
    : QUndoCommand(text)
    , m_owner(owner)
    , m_field(std::move(field))
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_apply(std::move(apply))
    , m_generation(generation) {}

bool FieldEditCommand::mergeWith(const QUndoCommand *other) {
    const auto *edit = static_cast<const FieldEditCommand *>(other); // same id()
    if (m_sealed || edit->m_owner != m_owner || edit->m_field != m_field
        || edit->m_generation != m_generation)
        return false;
    m_after = edit->m_after;
    // Typed and erased again: nothing left to undo.
    setObsolete(m_after == m_before);
    return true;
}

void FieldEditCommand::undo() {
    m_sealed = true;
    if (m_owner)
        m_apply(m_before);
}

void FieldEditCommand::redo() {
    if (m_firstRedo) {
        m_firstRedo = false;
        return;
    }
    m_sealed = true;
    if (m_owner)
        m_apply(m_after);
}

void FieldHistory::changed(const QString &field, const QVariant &value, const QString &text,
                           FieldEditCommand::Apply apply) {
    const QVariant before = m_last.value(field);
    record(field, before, value, text, std::move(apply));
}

void FieldHistory::record(const QString &field, const QVariant &before, const QVariant &value,
                          const QString &text, FieldEditCommand::Apply apply) {
    m_last.insert(field, value);
    if (!m_stack || m_applying || before == value)
        return;
    auto replay = [this, field, apply = std::move(apply)](const QVariant &v) {
        m_applying = true;
        m_last.insert(field, v);
        apply(v);
        m_applying = false;
    };
    m_stack->push(
        new FieldEditCommand(m_owner, field, before, value, std::move(replay), text, m_generation));
}

namespace {

enum class UndoKey { None, Undo, Redo };

UndoKey undoKeyOf(QEvent *event) {
    auto *key = static_cast<QKeyEvent *>(event);
    if (key->matches(QKeySequence::Undo))
        return UndoKey::Undo;
    if (key->matches(QKeySequence::Redo))
        return UndoKey::Redo;
    return UndoKey::None;
}

// Sits on the field (keys) and, for scroll areas, on the viewport (context menus).
class UndoRouter : public QObject {
public:
    UndoRouter(QWidget *widget, QUndoStack *stack)
        : QObject(widget)
        , m_widget(widget)
        , m_stack(stack) {}

    bool eventFilter(QObject *watched, QEvent *event) override {
        if (!m_stack)
            return false;
        switch (event->type()) {
        case QEvent::ShortcutOverride:
            // Claim the keys so the widget gets them as key presses, which land below.
            if (undoKeyOf(event) != UndoKey::None) {
                event->accept();
                return true;
            }
            return false;
        case QEvent::KeyPress:
            switch (undoKeyOf(event)) {
            case UndoKey::Undo:
                m_stack->undo();
                return true;
            case UndoKey::Redo:
                m_stack->redo();
                return true;
            case UndoKey::None:
                return false;
            }
            return false;
        case QEvent::ContextMenu:
            return showMenu(static_cast<QContextMenuEvent *>(event));
        default:
            return false;
        }
        Q_UNUSED(watched);
    }

private:
    bool showMenu(QContextMenuEvent *event) {
        QMenu *menu = nullptr;
        if (auto *line = qobject_cast<QLineEdit *>(m_widget))
            menu = line->createStandardContextMenu();
        else if (auto *text = qobject_cast<QPlainTextEdit *>(m_widget))
            menu = text->createStandardContextMenu();
        if (!menu)
            return false;
        // Qt names the entries of its standard menus; replace what Undo and Redo do.
        for (QAction *action : menu->actions()) {
            const bool undo = action->objectName() == QLatin1String("edit-undo");
            const bool redo = action->objectName() == QLatin1String("edit-redo");
            if (!undo && !redo)
                continue;
            QObject::disconnect(action, &QAction::triggered, nullptr, nullptr);
            action->setEnabled(undo ? m_stack->canUndo() : m_stack->canRedo());
            QUndoStack *stack = m_stack;
            connect(action, &QAction::triggered, stack,
                    undo ? &QUndoStack::undo : &QUndoStack::redo);
        }
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->popup(event->globalPos());
        return true;
    }

    QWidget *m_widget;
    QPointer<QUndoStack> m_stack;
};

} // namespace

void routeUndoKeys(QWidget *widget, QUndoStack *stack) {
    auto *router = new UndoRouter(widget, stack);
    widget->installEventFilter(router);
    if (auto *area = qobject_cast<QAbstractScrollArea *>(widget))
        area->viewport()->installEventFilter(router);
    // Spin boxes and editable combo boxes type into a line edit of their own.
    for (QLineEdit *inner : widget->findChildren<QLineEdit *>())
        inner->installEventFilter(new UndoRouter(inner, stack));
}

} // namespace trellis::ui
