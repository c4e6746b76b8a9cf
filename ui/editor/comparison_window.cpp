#include "comparison_window.h"

#include <QGuiApplication>
#include <QLabel>
#include <QScreen>
#include <QShortcut>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <algorithm>

namespace trellis::ui {

ComparisonWindow::ComparisonWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_title(new QLabel(this))
    , m_content(new QTextBrowser(this)) {
    setObjectName(QStringLiteral("comparisonWindow"));
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    m_content->setObjectName(QStringLiteral("comparisonContent"));
    m_content->setOpenLinks(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_content, 1);
    auto *close = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(close, &QShortcut::activated, this, &QWidget::close);
    // Most of the screen: both columns of a template side by side without wrapping much.
    QSize size(1100, 760);
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableSize() * 0.9);
    resize(std::max(size.width(), 480), std::max(size.height(), 360));
}

void ComparisonWindow::showContent(const QString &caption, const QString &titleHtml,
                                   const QString &html) {
    setWindowTitle(caption);
    m_title->setText(titleHtml);
    m_content->setHtml(html);
}

QString ComparisonWindow::shownText() const {
    return m_content->toPlainText();
}

} // namespace trellis::ui
