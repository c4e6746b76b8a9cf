#include "messages_editor.h"

#include "editor_commands.h"
#include "field_undo.h"
#include "message_block.h"
#include "panel_parts.h"
#include "template_editor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QUndoStack>
#include <QVBoxLayout>

namespace trellis::ui {

MessagesEditor::MessagesEditor(QUndoStack *undoStack, QWidget *parent)
    : QWidget(parent)
    , m_undoStack(undoStack) {
    auto *content = new QWidget;
    m_column = new QVBoxLayout(content);
    m_column->setContentsMargins(4, 4, 4, 4);
    m_column->setSpacing(8);
    m_empty = emptyStateLabel(tr("This prompt has no messages yet. Add a system message for the "
                                 "instructions and a user message with the {{ variables }}."),
                              QStringLiteral("messagesEmptyState"), content);
    m_empty->setAlignment(Qt::AlignCenter);
    m_column->addWidget(m_empty);
    m_column->addStretch(0); // takes what the messages cannot use

    QScrollArea *scroll = columnScrollArea(content, this);

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(4, 0, 4, 0);
    const std::pair<prompt::Role, QString> adds[] = {{prompt::Role::System, tr("+ System")},
                                                     {prompt::Role::User, tr("+ User")},
                                                     {prompt::Role::Assistant, tr("+ Assistant")}};
    for (const auto &[role, label] : adds) {
        auto *button = new QPushButton(label, this);
        button->setObjectName(QStringLiteral("add_") + prompt::roleName(role));
        button->setToolTip(tr("Add a %1 message at the end").arg(prompt::roleName(role)));
        connect(button, &QPushButton::clicked, this, [this, r = role] { addMessage(r); });
        buttons->addWidget(button);
    }
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);
    relayout();
}

void MessagesEditor::setMessages(const std::vector<prompt::Message> &messages) {
    qDeleteAll(m_allBlocks);
    m_allBlocks.clear();
    m_blocks.clear();
    for (const auto &message : messages) {
        MessageBlock *block = createBlock(message);
        m_blocks.append(block);
        m_column->insertWidget(m_column->count() - 1, block, 1);
        block->show();
    }
    relayout();
    Q_EMIT problemsChanged();
    Q_EMIT changed();
}

std::vector<prompt::Message> MessagesEditor::messages() const {
    std::vector<prompt::Message> out;
    out.reserve(std::size_t(m_blocks.size()));
    for (const MessageBlock *block : m_blocks)
        out.push_back(block->message());
    return out;
}

MessageBlock *MessagesEditor::createBlock(const prompt::Message &message) {
    auto *block = new MessageBlock(message);
    block->hide();
    m_allBlocks.append(block);
    TemplateEditor *editor = block->editor();
    connect(editor->document(), &QTextDocument::undoCommandAdded, this,
            [this, editor] { m_undoStack->push(new TextEditCommand(editor)); });
    routeUndoKeys(editor, m_undoStack); // keys and the context menu's Undo / Redo
    connect(editor, &QPlainTextEdit::textChanged, this, &MessagesEditor::changed);
    connect(editor, &CodeEditor::problemChanged, this, &MessagesEditor::problemsChanged);
    connect(editor, &CodeEditor::focusReceived, this,
            [this, editor] { Q_EMIT editorFocused(editor); });
    connect(block, &MessageBlock::roleChosen, this,
            [this, block](prompt::Role from, prompt::Role to) {
                m_undoStack->push(new ChangeRoleCommand(this, block, from, to));
            });
    connect(block, &MessageBlock::moveUpClicked, this, [this, block] {
        const int index = int(m_blocks.indexOf(block));
        moveMessage(index, index - 1);
    });
    connect(block, &MessageBlock::moveDownClicked, this, [this, block] {
        const int index = int(m_blocks.indexOf(block));
        moveMessage(index, index + 1);
    });
    connect(block, &MessageBlock::removeClicked, this,
            [this, block] { removeMessage(int(m_blocks.indexOf(block))); });
    return block;
}

void MessagesEditor::addMessage(prompt::Role role) {
    MessageBlock *block = createBlock({role, QString()});
    m_undoStack->push(new AddMessageCommand(this, block, count()));
    block->editor()->setFocus(Qt::OtherFocusReason);
}

void MessagesEditor::removeMessage(int index) {
    if (index >= 0 && index < count())
        m_undoStack->push(new RemoveMessageCommand(this, m_blocks[index]));
}

void MessagesEditor::moveMessage(int from, int to) {
    if (from >= 0 && from < count() && to >= 0 && to < count() && from != to)
        m_undoStack->push(new MoveMessageCommand(this, from, to));
}

void MessagesEditor::changeRole(int index, prompt::Role role) {
    if (index < 0 || index >= count() || m_blocks[index]->role() == role)
        return;
    m_undoStack->push(new ChangeRoleCommand(this, m_blocks[index], m_blocks[index]->role(), role));
}

void MessagesEditor::insertBlock(MessageBlock *block, int index) {
    index = std::clamp(index, 0, count());
    m_blocks.insert(index, block);
    relayout();
    block->show();
    Q_EMIT problemsChanged();
    Q_EMIT changed();
}

int MessagesEditor::takeBlock(MessageBlock *block) {
    const int index = int(m_blocks.indexOf(block));
    if (index < 0)
        return -1;
    m_blocks.removeAt(index);
    block->hide();
    relayout();
    Q_EMIT problemsChanged();
    Q_EMIT changed();
    return index;
}

void MessagesEditor::moveBlock(int from, int to) {
    if (from < 0 || from >= count() || to < 0 || to >= count())
        return;
    m_blocks.move(from, to);
    relayout();
    Q_EMIT problemsChanged();
    Q_EMIT changed();
}

void MessagesEditor::applyRole(MessageBlock *block, prompt::Role role) {
    block->setRole(role);
    Q_EMIT changed();
}

void MessagesEditor::relayout() {
    // Put the shown blocks in order above the stretch; removed ones stay parented, hidden.
    for (MessageBlock *block : m_allBlocks)
        m_column->removeWidget(block);
    for (int i = 0; i < count(); ++i) {
        m_column->insertWidget(i + 1, m_blocks[i], 1);
        m_blocks[i]->setPosition(i, count());
    }
    m_empty->setVisible(m_blocks.isEmpty());
}

} // namespace trellis::ui
