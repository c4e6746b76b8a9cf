#include "code_editor.h"

#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QTextBlock>
#include <QTimer>
#include <QToolTip>

#include <algorithm>

namespace trellis::ui {

namespace {

// The gutter forwards painting to the editor, which knows the block geometry.
class LineNumberArea : public QWidget {
public:
    explicit LineNumberArea(CodeEditor *editor)
        : QWidget(editor)
        , m_editor(editor) {}
    QSize sizeHint() const override { return {m_editor->lineNumberAreaWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintLineNumbers(event); }

private:
    CodeEditor *m_editor;
};

bool isUndoOrRedo(QKeyEvent *event) {
    return event->matches(QKeySequence::Undo) || event->matches(QKeySequence::Redo);
}

// A colour between two others, so derived colours follow light and dark palettes.
QColor mix(const QColor &a, const QColor &b, double t) {
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

constexpr int kValidateDelayMs = 250;

} // namespace

CodeEditor::CodeEditor(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_gutter(new LineNumberArea(this))
    , m_validateTimer(new QTimer(this)) {
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setTabChangesFocus(false);
    m_validateTimer->setSingleShot(true);
    m_validateTimer->setInterval(kValidateDelayMs);
    connect(m_validateTimer, &QTimer::timeout, this, &CodeEditor::validateNow);
    connect(this, &QPlainTextEdit::textChanged, this, [this] {
        if (m_validator)
            m_validateTimer->start();
    });
    connect(this, &QPlainTextEdit::blockCountChanged, this, &CodeEditor::updateGutterWidth);
    connect(this, &QPlainTextEdit::updateRequest, this, &CodeEditor::updateGutter);
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &CodeEditor::updateBracketMatch);
    updateGutterWidth();
}

void CodeEditor::setValidator(Validator validator) {
    m_validator = std::move(validator);
    validateNow();
}

void CodeEditor::validateNow() {
    m_validateTimer->stop();
    if (m_validator)
        setProblem(m_validator(toPlainText()));
}

void CodeEditor::setProblem(std::optional<Error> problem) {
    const bool same =
        problem.has_value() == m_problem.has_value()
        && (!problem
            || (problem->message == m_problem->message && problem->line == m_problem->line
                && problem->column == m_problem->column));
    m_problem = std::move(problem);
    refreshSelections();
    if (!same)
        Q_EMIT problemChanged();
}

QTextCursor CodeEditor::problemCursor() const {
    if (!m_problem)
        return {};
    const QTextDocument *doc = document();
    QTextBlock block = doc->findBlockByNumber(std::max(0, m_problem->line - 1));
    if (!block.isValid())
        block = doc->lastBlock();
    QTextCursor cursor(block);
    const int column = std::clamp(m_problem->column - 1, 0, std::max(0, block.length() - 1));
    cursor.setPosition(block.position() + column);
    // Underline from the error to the end of its line; at least one character, so an error
    // at the end of a line (an unclosed tag) is still visible.
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    if (!cursor.hasSelection()) {
        if (column > 0)
            cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor);
        else
            cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor);
    }
    return cursor;
}

void CodeEditor::goTo(int line, int column) {
    QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid())
        block = document()->lastBlock();
    QTextCursor cursor(block);
    cursor.setPosition(block.position()
                       + std::clamp(column - 1, 0, std::max(0, block.length() - 1)));
    setTextCursor(cursor);
    ensureCursorVisible();
    setFocus(Qt::OtherFocusReason);
}

bool CodeEditor::event(QEvent *event) {
    // Let the window's undo/redo shortcuts win over the document's own undo.
    if (event->type() == QEvent::ShortcutOverride
        && isUndoOrRedo(static_cast<QKeyEvent *>(event))) {
        event->ignore();
        return false;
    }
    return QPlainTextEdit::event(event);
}

void CodeEditor::keyPressEvent(QKeyEvent *event) {
    if (isUndoOrRedo(event)) {
        event->ignore();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

bool CodeEditor::viewportEvent(QEvent *event) {
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QTextCursor at = cursorForPosition(help->pos());
        const QTextCursor span = problemCursor();
        if (m_problem && !span.isNull() && at.position() >= span.selectionStart()
            && at.position() <= span.selectionEnd())
            QToolTip::showText(help->globalPos(), m_problem->message, viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QPlainTextEdit::viewportEvent(event);
}

void CodeEditor::resizeEvent(QResizeEvent *event) {
    QPlainTextEdit::resizeEvent(event);
    const QRect area = contentsRect();
    m_gutter->setGeometry(QRect(area.left(), area.top(), lineNumberAreaWidth(), area.height()));
}

void CodeEditor::focusInEvent(QFocusEvent *event) {
    QPlainTextEdit::focusInEvent(event);
    Q_EMIT focusReceived();
}

int CodeEditor::lineNumberAreaWidth() const {
    int digits = 1;
    for (int max = std::max(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    return 10 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * std::max(2, digits);
}

void CodeEditor::updateGutterWidth() {
    setViewportMargins(lineNumberAreaWidth(), 0, 0, 0);
}

void CodeEditor::updateGutter(const QRect &rect, int dy) {
    if (dy != 0)
        m_gutter->scroll(0, dy);
    else
        m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    if (rect.contains(viewport()->rect()))
        updateGutterWidth();
}

void CodeEditor::paintLineNumbers(QPaintEvent *event) {
    QPainter painter(m_gutter);
    const QPalette pal = palette();
    painter.fillRect(event->rect(),
                     mix(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.05));
    const QColor number = mix(pal.color(QPalette::Base), pal.color(QPalette::Text), 0.45);
    const QColor current = pal.color(QPalette::Text);
    const int currentBlock = textCursor().blockNumber();
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    const int lineHeight = fontMetrics().height();
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            painter.setPen(block.blockNumber() == currentBlock ? current : number);
            painter.drawText(0, top, m_gutter->width() - 5, lineHeight, Qt::AlignRight,
                             QString::number(block.blockNumber() + 1));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
    }
}

void CodeEditor::updateBracketMatch() {
    m_bracketSelections.clear();
    static const QString opens = QStringLiteral("([{");
    static const QString closes = QStringLiteral(")]}");
    // Reads characters from the document one by one: copying a long template on every
    // cursor move would cost more than the search.
    const QTextDocument *doc = document();
    const int size = doc->characterCount();
    auto isBracket = [&](int p) {
        const QChar c = doc->characterAt(p);
        return opens.contains(c) || closes.contains(c);
    };
    const int pos = textCursor().position();
    // The bracket after the cursor, else the one before it, as most editors do.
    int at = -1;
    if (pos < size && isBracket(pos))
        at = pos;
    else if (pos > 0 && isBracket(pos - 1))
        at = pos - 1;
    if (at >= 0) {
        const QChar c = doc->characterAt(at);
        const bool forward = opens.contains(c);
        const QChar partner = forward ? closes[opens.indexOf(c)] : opens[closes.indexOf(c)];
        int depth = 0;
        int match = -1;
        // A bound keeps an unmatched bracket in a huge document cheap.
        constexpr int kMaxScan = 20000;
        for (int i = at, steps = 0; i >= 0 && i < size && steps < kMaxScan;
             i += forward ? 1 : -1, ++steps) {
            const QChar ch = doc->characterAt(i);
            if (ch == c)
                ++depth;
            else if (ch == partner && --depth == 0) {
                match = i;
                break;
            }
        }
        QTextCharFormat format;
        const QColor highlight = palette().color(QPalette::Highlight);
        if (match >= 0) {
            format.setBackground(mix(palette().color(QPalette::Base), highlight, 0.35));
        } else {
            format.setBackground(mix(palette().color(QPalette::Base), QColor(220, 50, 47), 0.35));
        }
        for (int p : {at, match}) {
            if (p < 0)
                continue;
            QTextEdit::ExtraSelection selection;
            selection.format = format;
            selection.cursor = QTextCursor(document());
            selection.cursor.setPosition(p);
            selection.cursor.setPosition(p + 1, QTextCursor::KeepAnchor);
            m_bracketSelections.append(selection);
        }
    }
    refreshSelections();
}

void CodeEditor::refreshSelections() {
    QList<QTextEdit::ExtraSelection> selections = m_bracketSelections;
    if (m_problem) {
        QTextEdit::ExtraSelection error;
        error.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        error.format.setUnderlineColor(QColor(220, 50, 47));
        error.format.setToolTip(m_problem->message);
        error.cursor = problemCursor();
        selections.append(error);
    }
    setExtraSelections(selections);
}

} // namespace trellis::ui
