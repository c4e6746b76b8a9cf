#include "editor_commands.h"

#include "code_editor.h"
#include "message_block.h"
#include "messages_editor.h"

#include <QCoreApplication>

namespace trellis::ui {

namespace {
QString tr(const char *text) {
    return QCoreApplication::translate("trellis::ui::MessagesEditor", text);
}
} // namespace

TextEditCommand::TextEditCommand(CodeEditor *editor)
    : QUndoCommand(tr("Typing"))
    , m_editor(editor) {}

void TextEditCommand::undo() {
    if (!m_editor)
        return;
    m_editor->document()->undo();
    m_editor->setFocus(Qt::OtherFocusReason);
}

void TextEditCommand::redo() {
    if (m_firstRedo) {
        m_firstRedo = false;
        return;
    }
    if (!m_editor)
        return;
    m_editor->document()->redo();
    m_editor->setFocus(Qt::OtherFocusReason);
}

AddMessageCommand::AddMessageCommand(MessagesEditor *editor, MessageBlock *block, int index)
    : QUndoCommand(tr("Add Message"))
    , m_editor(editor)
    , m_block(block)
    , m_index(index) {}

void AddMessageCommand::undo() {
    m_editor->takeBlock(m_block);
}

void AddMessageCommand::redo() {
    m_editor->insertBlock(m_block, m_index);
}

RemoveMessageCommand::RemoveMessageCommand(MessagesEditor *editor, MessageBlock *block)
    : QUndoCommand(tr("Remove Message"))
    , m_editor(editor)
    , m_block(block) {}

void RemoveMessageCommand::undo() {
    m_editor->insertBlock(m_block, m_index);
}

void RemoveMessageCommand::redo() {
    m_index = m_editor->takeBlock(m_block);
}

MoveMessageCommand::MoveMessageCommand(MessagesEditor *editor, int from, int to)
    : QUndoCommand(tr("Move Message"))
    , m_editor(editor)
    , m_from(from)
    , m_to(to) {}

void MoveMessageCommand::undo() {
    m_editor->moveBlock(m_to, m_from);
}

void MoveMessageCommand::redo() {
    m_editor->moveBlock(m_from, m_to);
}

ChangeRoleCommand::ChangeRoleCommand(MessagesEditor *editor, MessageBlock *block, prompt::Role from,
                                     prompt::Role to)
    : QUndoCommand(tr("Change Role"))
    , m_editor(editor)
    , m_block(block)
    , m_from(from)
    , m_to(to) {}

void ChangeRoleCommand::undo() {
    m_editor->applyRole(m_block, m_from);
}

void ChangeRoleCommand::redo() {
    m_editor->applyRole(m_block, m_to);
}

} // namespace trellis::ui
