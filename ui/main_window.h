#pragma once

#include "project/workspace.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace trellis::ui {

class ProjectTreeModel;
class PromptView;

// The workbench window: the project tree on the left, one tab per open prompt in the centre.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(std::unique_ptr<project::Workspace> workspace, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Reads the prompts from the store again.
    void reload();
    // Opens (or switches to) the tab of a prompt; false with a status message when unknown.
    bool openPrompt(const QString &name);
    PromptView *currentPromptView() const;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    QWidget *buildProjectPanel();
    QWidget *buildEmptyState();
    void openFromTree(const QModelIndex &proxyIndex);
    void closeTab(int index);
    void updateCentre();
    void showAbout();
    void showError(const QString &what, const Error &error);

    std::unique_ptr<project::Workspace> m_workspace;
    ProjectTreeModel *m_treeModel = nullptr;
    QSortFilterProxyModel *m_filterModel = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeView *m_tree = nullptr;
    QStackedWidget *m_centre = nullptr;
    QTabWidget *m_tabs = nullptr;
};

} // namespace trellis::ui
