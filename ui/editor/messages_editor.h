#pragma once

#include "prompt/prompt_spec.h"

#include <QList>
#include <QWidget>

#include <vector>

class QLabel;
class QUndoStack;
class QVBoxLayout;

namespace trellis::ui {

class CodeEditor;
class MessageBlock;

// The messages of a prompt as a column of blocks. Every change the user makes (typing
// included) is a command on the tab's undo stack; the raw operations below are what the
// commands call.
class MessagesEditor : public QWidget {
    Q_OBJECT
public:
    MessagesEditor(QUndoStack *undoStack, QWidget *parent = nullptr);

    // Replaces all blocks (the caller clears the undo stack first: old commands refer to them).
    void setMessages(const std::vector<prompt::Message> &messages);
    std::vector<prompt::Message> messages() const;
    int count() const { return int(m_blocks.size()); }
    MessageBlock *block(int index) const { return m_blocks.value(index); }

    // Undoable user edits.
    void addMessage(prompt::Role role);
    void removeMessage(int index);
    void moveMessage(int from, int to);
    void changeRole(int index, prompt::Role role);

    // Raw operations for the undo commands.
    void insertBlock(MessageBlock *block, int index);
    int takeBlock(MessageBlock *block); // hides it; returns the index it had
    void moveBlock(int from, int to);
    void applyRole(MessageBlock *block, prompt::Role role);

Q_SIGNALS:
    void changed();         // structure, role or text
    void problemsChanged(); // a template's parse error appeared, moved or went away
    void editorFocused(CodeEditor *editor);

private:
    MessageBlock *createBlock(const prompt::Message &message);
    void relayout();

    QUndoStack *m_undoStack;
    QList<MessageBlock *> m_blocks;    // shown, in order
    QList<MessageBlock *> m_allBlocks; // also removed ones kept for undo
    QVBoxLayout *m_column = nullptr;
    QLabel *m_empty = nullptr;
};

} // namespace trellis::ui
