#pragma once

#include "project/workspace.h"
#include "project_tree_model.h"
#include "runner/run_input.h"

#include <QMainWindow>
#include <QPointer>
#include <QProcessEnvironment>

#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace trellis::runtime {
class Pipeline;
struct RuntimeEnvironment;
} // namespace trellis::runtime

namespace trellis::ui {

class DraftAutosaver;
class DraftBanner;
class DraftStore;
class InspectorDock;
class PromptView;
class RunLogModel;
class RunnerPane;
class SettingsDialog;

// Where the window keeps what is not in the store; the defaults are the user's.
struct MainWindowOptions {
    QString settingsPath;   // empty: runtime::defaultSettingsPath()
    QString draftDirectory; // empty: defaultDraftDirectory(<store path>)
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    int draftDelayMs = 1000;
};

// The workbench window: the project tree on the left, one tab per open prompt in the centre,
// the inspector of the current prompt on the right, the live runner and the run log below. Window
// layout and open tabs come back on restart; drafts of unsaved editors are autosaved and offered
// after a crash.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(std::unique_ptr<project::Workspace> workspace,
                        MainWindowOptions options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Reads the prompts from the store again.
    void reload();
    // Opens (or switches to) the tab of a prompt; false with a status message when unknown.
    bool openPrompt(const QString &name);
    PromptView *currentPromptView() const;
    // Opens (or switches to) the read-only tab of a workflow (head version), dataset or
    // experiment (`id` picks one of several experiments with the same name; 0: the newest).
    // False with a status message when unknown.
    bool openItem(ProjectTreeModel::Kind kind, const QString &name, qint64 id = 0);
    QStringList openPromptNames() const;

    // Runs the current prompt in the runner (Ctrl+Enter); false when nothing can run.
    bool runCurrentPrompt();
    // The prompt as the current tab holds it, with its variable values.
    std::optional<RunInput> currentRunInput() const;
    RunnerPane *runner() const { return m_runner; }
    RunLogModel *runLogModel() const { return m_runLog; }
    InspectorDock *inspector() const { return m_inspector; }
    void openRun(qint64 runId);
    // Shows the settings dialog (non-modal; the window rebuilds its runtime on Save).
    SettingsDialog *showSettings();

    DraftStore *draftStore() const { return m_drafts.get(); }
    DraftAutosaver *draftAutosaver() const { return m_autosaver; }
    // Reopens the prompts of the drafts the previous session left and restores their state.
    void restoreDrafts();
    void discardDrafts();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildDocks();
    QWidget *buildProjectPanel();
    QWidget *buildEmptyState();
    void openFromTree(const QModelIndex &proxyIndex);
    void closeTab(int index);
    void updateCentre();
    void onCurrentTabChanged();
    void updateInspector();
    // Reads the prompt summaries again (version counts, labels) for the project tree.
    void refreshPrompts();
    void showAbout();
    void showError(const QString &what, const Error &error);
    // main_window_items.cpp
    void reloadItems();
    QWidget *makeItemView(ProjectTreeModel::Kind kind, const QString &name, qint64 id);
    // main_window_runtime.cpp
    void setUpRuntime();
    void refreshRunLog();
    // main_window_session.cpp
    void restoreSession();
    void saveSession();
    void setUpDrafts();
    void watchForDrafts(PromptView *view);
    std::optional<QJsonObject> draftStateOf(const QString &promptName) const;
    PromptView *viewOf(const QString &promptName) const;

    std::unique_ptr<project::Workspace> m_workspace;
    MainWindowOptions m_options;
    std::unique_ptr<runtime::RuntimeEnvironment> m_runtime;
    std::unique_ptr<runtime::Pipeline> m_pipeline;
    std::unique_ptr<DraftStore> m_drafts;
    DraftAutosaver *m_autosaver = nullptr;
    DraftBanner *m_draftBanner = nullptr;
    ProjectTreeModel *m_treeModel = nullptr;
    QSortFilterProxyModel *m_filterModel = nullptr;
    QLineEdit *m_filter = nullptr;
    QTreeView *m_tree = nullptr;
    QStackedWidget *m_centre = nullptr;
    QTabWidget *m_tabs = nullptr;
    RunnerPane *m_runner = nullptr;
    RunLogModel *m_runLog = nullptr;
    InspectorDock *m_inspector = nullptr;
    QPointer<SettingsDialog> m_settings;
};

} // namespace trellis::ui
