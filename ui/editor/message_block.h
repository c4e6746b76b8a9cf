#pragma once

#include "prompt/prompt_spec.h"

#include <QFrame>

class QComboBox;
class QLabel;
class QToolButton;

namespace trellis::ui {

class TemplateEditor;

// One message of a prompt: its role, the reorder/remove buttons and the template editor. The
// block only reports what the user asked for; MessagesEditor turns that into undoable edits.
class MessageBlock : public QFrame {
    Q_OBJECT
public:
    explicit MessageBlock(const prompt::Message &message, QWidget *parent = nullptr);

    prompt::Message message() const;
    prompt::Role role() const { return m_role; }
    // Shows the role without reporting it as a user choice.
    void setRole(prompt::Role role);
    void setPosition(int index, int count); // "#2", enables up/down at the ends
    TemplateEditor *editor() const { return m_editor; }

Q_SIGNALS:
    void roleChosen(prompt::Role from, prompt::Role to);
    void moveUpClicked();
    void moveDownClicked();
    void removeClicked();

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitEditorHeight();

    prompt::Role m_role;
    QComboBox *m_roleBox = nullptr;
    QLabel *m_index = nullptr;
    QToolButton *m_up = nullptr;
    QToolButton *m_down = nullptr;
    QToolButton *m_remove = nullptr;
    TemplateEditor *m_editor = nullptr;
};

} // namespace trellis::ui
