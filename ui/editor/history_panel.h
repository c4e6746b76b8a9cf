#pragma once

#include "comparison_window.h"
#include "store/store_types.h"

#include <QPointer>
#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTextBrowser;
class QTreeWidget;

namespace trellis::ui {

// The version history of a prompt: the list of versions (number, labels, date, message) and
// the selected version, or the side-by-side diff of the oldest and newest of a selection.
class HistoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget *parent = nullptr);

    void setVersions(std::vector<store::PromptVersion> versions); // newest first; selects head
    const std::vector<store::PromptVersion> &versions() const { return m_versions; }
    int selectedVersion() const; // the first selected; 0 when none
    // Selects exactly these versions (two show their diff).
    void selectVersions(const QList<int> &numbers);
    QString shownText() const;
    // Shows what the panel shows (a version or a comparison) in a resizable window of its own,
    // which follows the selection while it is open.
    ComparisonWindow *openInWindow();
    ComparisonWindow *comparisonWindow() const { return m_window; }

Q_SIGNALS:
    // Two or more versions were selected and their diff is shown.
    void comparisonShown();
    // The user asked to make the selected version the new head, or to point a label at it.
    void restoreRequested(int number);
    void labelRequested(int number);

private:
    void showSelection();
    const store::PromptVersion *versionByNumber(int number) const;

    std::vector<store::PromptVersion> m_versions;
    QLabel *m_title = nullptr;
    QTextBrowser *m_content = nullptr;
    QTreeWidget *m_history = nullptr;
    QPushButton *m_restore = nullptr;
    QPushButton *m_label = nullptr;
    QPushButton *m_popOut = nullptr;
    QPointer<ComparisonWindow> m_window;
    QString m_caption;
    QString m_html; // as generated: the window gets it, not QTextBrowser's re-export
};

} // namespace trellis::ui
