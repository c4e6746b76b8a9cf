#pragma once

#include <QDockWidget>

class QLabel;
class QStackedWidget;

namespace trellis::ui {

// The Inspector dock: the inspector page (model & parameters, variables, test cases) of the
// current prompt tab. Each tab owns its page; the dock only stacks them, so a page leaves the
// stack when its tab deletes it. With no prompt tab current it says what to click instead.
class InspectorDock : public QDockWidget {
    Q_OBJECT
public:
    explicit InspectorDock(QWidget *parent = nullptr);

    // Shows `page`, taking it into the stack the first time (the caller keeps ownership).
    void showPage(QWidget *page);
    // Shows the designed empty state with this rich text.
    void showEmpty(const QString &html);
    // The page shown; null while the empty state is shown.
    QWidget *currentPage() const;
    QLabel *emptyState() const { return m_empty; }
    int pageCount() const; // pages in the stack, the empty state not counted

private:
    QStackedWidget *m_stack = nullptr;
    QLabel *m_empty = nullptr;
};

} // namespace trellis::ui
