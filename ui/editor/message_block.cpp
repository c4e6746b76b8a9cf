#include "message_block.h"

#include "template_editor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextDocumentLayout>
#include <QResizeEvent>
#include <QSignalBlocker>
#include <QTextBlock>
#include <QTextLayout>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace trellis::ui {

namespace {

constexpr prompt::Role kRoles[] = {prompt::Role::System, prompt::Role::User,
                                   prompt::Role::Assistant};
constexpr int kMinLines = 3;
constexpr int kMaxLines = 18;  // tallest it asks for when space is short
constexpr int kGrowLines = 80; // tallest it grows to when the column has room to spare

QToolButton *toolButton(QWidget *parent, const QString &text, const QString &tip,
                        const QString &name) {
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setObjectName(name);
    button->setAutoRaise(true);
    return button;
}

} // namespace

MessageBlock::MessageBlock(const prompt::Message &message, QWidget *parent)
    : QFrame(parent)
    , m_role(message.role)
    , m_roleBox(new QComboBox(this))
    , m_index(new QLabel(this))
    , m_up(toolButton(this, QStringLiteral("▲"), tr("Move this message up"),
                      QStringLiteral("moveUp")))
    , m_down(toolButton(this, QStringLiteral("▼"), tr("Move this message down"),
                        QStringLiteral("moveDown")))
    , m_remove(toolButton(this, QStringLiteral("✕"), tr("Remove this message"),
                          QStringLiteral("removeMessage")))
    , m_editor(new TemplateEditor(this)) {
    setObjectName(QStringLiteral("messageBlock"));
    setFrameShape(QFrame::StyledPanel);
    m_roleBox->setObjectName(QStringLiteral("roleBox"));
    for (prompt::Role role : kRoles)
        m_roleBox->addItem(prompt::roleName(role), int(role));
    m_roleBox->setCurrentIndex(m_roleBox->findData(int(m_role)));
    m_roleBox->setToolTip(tr("Who says this message"));
    connect(m_roleBox, &QComboBox::activated, this, [this](int index) {
        const auto chosen = prompt::Role(m_roleBox->itemData(index).toInt());
        if (chosen != m_role)
            Q_EMIT roleChosen(m_role, chosen);
    });
    m_index->setForegroundRole(QPalette::PlaceholderText);
    connect(m_up, &QToolButton::clicked, this, &MessageBlock::moveUpClicked);
    connect(m_down, &QToolButton::clicked, this, &MessageBlock::moveDownClicked);
    connect(m_remove, &QToolButton::clicked, this, &MessageBlock::removeClicked);

    m_editor->setObjectName(QStringLiteral("templateEditor"));
    m_editor->setPlainText(message.content);
    m_editor->document()->clearUndoRedoStacks();
    connect(m_editor->document(), &QTextDocument::contentsChanged, this,
            &MessageBlock::fitEditorHeight);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_roleBox);
    header->addWidget(m_index);
    header->addStretch(1);
    header->addWidget(m_up);
    header->addWidget(m_down);
    header->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    // The block is as tall as its editor allows, no taller: spare room in the column goes to
    // the messages whose text does not fit, not to empty frames.
    layout->setSizeConstraint(QLayout::SetMinAndMaxSize);
    layout->addLayout(header);
    layout->addWidget(m_editor);
    fitEditorHeight();
}

prompt::Message MessageBlock::message() const {
    return {m_role, m_editor->toPlainText()};
}

void MessageBlock::setRole(prompt::Role role) {
    m_role = role;
    const QSignalBlocker blocker(m_roleBox);
    m_roleBox->setCurrentIndex(m_roleBox->findData(int(role)));
}

void MessageBlock::setPosition(int index, int count) {
    m_index->setText(QStringLiteral("#%1").arg(index + 1));
    m_up->setEnabled(index > 0);
    m_down->setEnabled(index + 1 < count);
}

void MessageBlock::resizeEvent(QResizeEvent *event) {
    QFrame::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        fitEditorHeight(); // the text wraps differently
}

void MessageBlock::fitEditorHeight() {
    // Grow with the text up to a bound, then scroll: short messages stay compact, so
    // several fit on screen. Room the column has to spare goes to the long ones (between the
    // bound and their whole text), so no message scrolls while empty space sits below it.
    // Counts visual lines only up to the largest bound: QTextDocument::lineCount() walks every
    // block, which a 2,000-line template would pay on each keystroke.
    // blockBoundingRect() lays a block out at the editor's width if the editor has not yet
    // (it only lays out what it shows), so wrapped lines below the fold are counted too.
    const QAbstractTextDocumentLayout *layout = m_editor->document()->documentLayout();
    int lines = 1;
    for (QTextBlock block = m_editor->document()->begin(); block.isValid() && lines < kGrowLines;
         block = block.next()) {
        layout->blockBoundingRect(block);
        lines += std::max(1, block.layout() ? block.layout()->lineCount() : 1);
    }
    const int frame = 2 * (m_editor->frameWidth() + int(m_editor->document()->documentMargin()));
    const int lineSpacing = m_editor->fontMetrics().lineSpacing();
    m_editor->setMinimumHeight(std::clamp(lines, kMinLines, kMaxLines) * lineSpacing + frame);
    m_editor->setMaximumHeight(std::clamp(lines, kMinLines, kGrowLines) * lineSpacing + frame);
}

} // namespace trellis::ui
