#pragma once

#include "prompt/prompt_spec.h"

#include <QPointer>
#include <QUndoCommand>

class QTextDocument;

namespace trellis::ui {

class CodeEditor;
class MessageBlock;
class MessagesEditor;

// One typing step of a message editor, replayed through the document's own undo history so
// the tab's QUndoStack orders text edits and structural edits together.
class TextEditCommand : public QUndoCommand {
public:
    explicit TextEditCommand(CodeEditor *editor);
    void undo() override;
    void redo() override;

private:
    QPointer<CodeEditor> m_editor;
    bool m_firstRedo = true; // the edit already happened when the command is pushed
};

// Adds a message block at an index. The block lives on (hidden) while undone, so the text
// edits recorded for it stay valid.
class AddMessageCommand : public QUndoCommand {
public:
    AddMessageCommand(MessagesEditor *editor, MessageBlock *block, int index);
    void undo() override;
    void redo() override;

private:
    MessagesEditor *m_editor;
    MessageBlock *m_block;
    int m_index;
};

class RemoveMessageCommand : public QUndoCommand {
public:
    RemoveMessageCommand(MessagesEditor *editor, MessageBlock *block);
    void undo() override;
    void redo() override;

private:
    MessagesEditor *m_editor;
    MessageBlock *m_block;
    int m_index = -1;
};

class MoveMessageCommand : public QUndoCommand {
public:
    MoveMessageCommand(MessagesEditor *editor, int from, int to);
    void undo() override;
    void redo() override;

private:
    MessagesEditor *m_editor;
    int m_from;
    int m_to;
};

class ChangeRoleCommand : public QUndoCommand {
public:
    ChangeRoleCommand(MessagesEditor *editor, MessageBlock *block, prompt::Role from,
                      prompt::Role to);
    void undo() override;
    void redo() override;

private:
    MessagesEditor *m_editor;
    MessageBlock *m_block;
    prompt::Role m_from;
    prompt::Role m_to;
};

} // namespace trellis::ui
