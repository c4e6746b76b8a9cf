#pragma once

#include <QWidget>

class QLabel;
class QTextBrowser;

namespace trellis::ui {

// A version, or the side-by-side comparison of two, in a resizable window of its own: the
// history panel beside the editor is too narrow for two columns of a long template.
class ComparisonWindow : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonWindow(QWidget *parent = nullptr);

    // `titleHtml` heads the content; `caption` is the window title.
    void showContent(const QString &caption, const QString &titleHtml, const QString &html);
    QString shownText() const;

private:
    QLabel *m_title = nullptr;
    QTextBrowser *m_content = nullptr;
};

} // namespace trellis::ui
