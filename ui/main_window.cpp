#include "main_window.h"

#include "core_info.h"
#include "drafts/draft_banner.h"
#include "inspector_dock.h"
#include "project_tree_model.h"
#include "prompt_view.h"
#include "runlog/run_log_model.h"
#include "runlog/run_log_panel.h"
#include "runner/runner_pane.h"
#include "runtime/pipeline.h"
#include "runtime/runtime_environment.h"
#include "startup/first_paint.h"
#include "store/prompt_repository.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace trellis::ui {

MainWindow::MainWindow(std::unique_ptr<project::Workspace> workspace, MainWindowOptions options,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_workspace(std::move(workspace))
    , m_options(std::move(options))
    , m_treeModel(new ProjectTreeModel(this))
    , m_filterModel(new QSortFilterProxyModel(this)) {
    setWindowTitle(tr("Trellis — %1").arg(m_workspace->project.name));
    setWindowIcon(QIcon(QStringLiteral(":/trellis/icons/trellis.svg")));
    m_filterModel->setSourceModel(m_treeModel);
    m_filterModel->setRecursiveFilteringEnabled(true);
    m_filterModel->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filterModel->setFilterRole(ProjectTreeModel::FilterRole);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("editorTabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setMovable(true);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);

    m_centre = new QStackedWidget(this);
    m_centre->setObjectName(QStringLiteral("centreStack"));
    m_centre->addWidget(buildEmptyState());
    m_centre->addWidget(m_tabs);
    m_draftBanner = new DraftBanner(this);
    connect(m_draftBanner, &DraftBanner::restoreRequested, this, &MainWindow::restoreDrafts);
    connect(m_draftBanner, &DraftBanner::discardRequested, this, &MainWindow::discardDrafts);
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_draftBanner);
    centralLayout->addWidget(m_centre, 1);
    setCentralWidget(central);

    auto *dock = new QDockWidget(tr("Project"), this);
    dock->setObjectName(QStringLiteral("projectDock"));
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    dock->setWidget(buildProjectPanel());
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    m_inspector = new InspectorDock(this);
    addDockWidget(Qt::RightDockWidgetArea, m_inspector);
    // Wide enough for names next to their detail column and the empty-category hints, and for
    // the parameter form; restoreState() replaces this later.
    resizeDocks({dock, m_inspector}, {250, 330}, Qt::Horizontal);
    buildDocks();
    setUpRuntime();

    buildActions();
    statusBar()->showMessage(tr("Store: %1").arg(m_workspace->db.path()));
    if (m_workspace->seeded)
        statusBar()->showMessage(
            tr("Welcome! The example project was added to %1").arg(m_workspace->db.path()), 15000);

    resize(1280, 860);
    reload();
    // A store can hold 100k runs: the run log reads its first page once the window is on
    // screen (showing "Loading" until then), so a big store does not delay the first paint.
    connect(new FirstPaintWatcher(this), &FirstPaintWatcher::firstPainted, this,
            &MainWindow::refreshRunLog);
    restoreSession();
    setUpDrafts();
    updateInspector();
    updateCentre();
}

MainWindow::~MainWindow() {
    // Runs still going end before the runner pane and the store go away.
    m_pipeline.reset();
    // Tabs first: each deletes its inspector page, which the dock only holds.
    while (m_tabs->count() > 0)
        delete m_tabs->widget(0);
}

void MainWindow::buildActions() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *reloadAction = file->addAction(tr("&Reload Project"), this, &MainWindow::reload);
    reloadAction->setShortcut(QKeySequence::Refresh);
    QAction *settingsAction = file->addAction(tr("&Settings…"), this, [this] { showSettings(); });
    settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settingsAction->setMenuRole(QAction::PreferencesRole);
    QAction *closeTabAction =
        file->addAction(tr("&Close Tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    closeTabAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_W), QKeySequence(Qt::CTRL | Qt::Key_F4)});
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // Edit actions forward to the current prompt tab (window-wide shortcuts; an editor's own
    // undo, e.g. in a line edit, still takes Ctrl+Z first).
    auto forward = [this](void (PromptView::*slot)()) {
        return [this, slot] {
            if (PromptView *view = currentPromptView())
                (view->*slot)();
        };
    };
    QAction *saveVersion =
        file->addAction(tr("&Save Version…"), this, forward(&PromptView::requestSave));
    saveVersion->setShortcut(QKeySequence::Save);
    file->insertAction(closeTabAction, saveVersion);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(tr("&Undo"), this, forward(&PromptView::undo))->setShortcut(QKeySequence::Undo);
    edit->addAction(tr("&Redo"), this, forward(&PromptView::redo))
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    edit->addSeparator();
    edit->addAction(tr("&Find…"), this, forward(&PromptView::showFind))
        ->setShortcut(QKeySequence::Find);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    QAction *quickOpen = go->addAction(tr("&Find in Project…"), this, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    quickOpen->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));

    QMenu *run = menuBar()->addMenu(tr("&Run"));
    QAction *runAction = run->addAction(tr("&Run Prompt"), this, &MainWindow::runCurrentPrompt);
    runAction->setObjectName(QStringLiteral("runAction"));
    runAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    runAction->setShortcutContext(Qt::ApplicationShortcut);
    QAction *stopAction = run->addAction(tr("&Stop"), m_runner, &RunnerPane::stop);
    stopAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *each : findChildren<QDockWidget *>())
        view->addAction(each->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Trellis"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QWidget *MainWindow::buildProjectPanel() {
    auto *panel = new QWidget(this);
    m_filter = new QLineEdit(panel);
    m_filter->setObjectName(QStringLiteral("projectFilter"));
    m_filter->setPlaceholderText(tr("Filter (Ctrl+P)"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filterModel->setFilterFixedString(text);
        if (!text.isEmpty())
            m_tree->expandAll();
    });
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        // Enter opens the first item that matches, like a quick-open box.
        for (int row = 0; row < m_filterModel->rowCount(); ++row) {
            const QModelIndex category = m_filterModel->index(row, 0);
            if (m_filterModel->rowCount(category) > 0) {
                openFromTree(m_filterModel->index(0, 0, category));
                return;
            }
        }
    });

    m_tree = new QTreeView(panel);
    m_tree->setObjectName(QStringLiteral("projectTree"));
    m_tree->setModel(m_filterModel);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(ProjectTreeModel::NameColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(ProjectTreeModel::DetailColumn,
                                           QHeaderView::ResizeToContents);
    // Hint rows span both columns; the proxy's rows move as the filter changes.
    auto spanHints = [this] {
        for (int row = 0; row < m_filterModel->rowCount(); ++row) {
            const QModelIndex category = m_filterModel->index(row, 0);
            for (int child = 0; child < m_filterModel->rowCount(category); ++child)
                m_tree->setFirstColumnSpanned(
                    child, category,
                    m_filterModel->index(child, 0, category).data(ProjectTreeModel::KindRole)
                        == int(ProjectTreeModel::Kind::Hint));
        }
    };
    connect(m_filterModel, &QAbstractItemModel::modelReset, this, spanHints);
    connect(m_filterModel, &QAbstractItemModel::rowsInserted, this, spanHints);
    connect(m_filterModel, &QAbstractItemModel::rowsRemoved, this, spanHints);
    connect(m_filterModel, &QAbstractItemModel::layoutChanged, this, spanHints);
    connect(m_tree, &QTreeView::activated, this, &MainWindow::openFromTree);
    connect(m_tree, &QTreeView::clicked, this, &MainWindow::openFromTree);

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree);
    return panel;
}

QWidget *MainWindow::buildEmptyState() {
    auto *label = new QLabel(this);
    label->setObjectName(QStringLiteral("emptyState"));
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setText(tr("<p style='font-size:x-large'>Nothing open yet</p>"
                      "<p>Pick a prompt in the project tree on the left to read its messages, "
                      "parameters and version history.</p>"
                      "<p>Try <b>support-ticket-triage</b>: three versions, "
                      "JSON output with a schema, production and staging labels.<br>"
                      "Select two versions in its history to see what changed, then press "
                      "<b>Run</b> (Ctrl+Enter) to try it.</p>"));
    return label;
}

void MainWindow::reload() {
    store::PromptRepository prompts(m_workspace->db, m_workspace->project.id);
    auto summaries = prompts.list();
    if (!summaries) {
        showError(tr("Could not read the project"), summaries.error());
        return;
    }
    m_treeModel->setPrompts(*summaries);
    reloadItems();
    for (int category = 0; category < ProjectTreeModel::CategoryCount; ++category)
        m_tree->expand(m_filterModel->index(category, 0));
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto *view = qobject_cast<PromptView *>(m_tabs->widget(i))) {
            auto versions = prompts.log(view->promptName());
            if (versions)
                view->setHistory(std::move(*versions));
        }
    }
}

void MainWindow::refreshPrompts() {
    store::PromptRepository prompts(m_workspace->db, m_workspace->project.id);
    auto summaries = prompts.list();
    if (!summaries) {
        showError(tr("Could not read the project"), summaries.error());
        return;
    }
    // The model resets: keep what the user had expanded.
    QList<bool> expanded;
    for (int row = 0; row < m_filterModel->rowCount(); ++row)
        expanded << m_tree->isExpanded(m_filterModel->index(row, 0));
    m_treeModel->setPrompts(*summaries);
    for (int row = 0; row < m_filterModel->rowCount() && row < expanded.size(); ++row)
        m_tree->setExpanded(m_filterModel->index(row, 0), expanded[row]);
}

bool MainWindow::openPrompt(const QString &name) {
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *view = qobject_cast<PromptView *>(m_tabs->widget(i));
        if (view && view->promptName() == name) {
            m_tabs->setCurrentIndex(i);
            return true;
        }
    }
    store::PromptRepository prompts(m_workspace->db, m_workspace->project.id);
    auto versions = prompts.log(name);
    if (!versions) {
        statusBar()->showMessage(versions.error().toString(), 8000);
        return false;
    }
    auto *view = new PromptView(m_tabs);
    view->setStore(&m_workspace->db, m_workspace->project.id);
    view->setHistory(std::move(*versions));
    watchForDrafts(view);
    connect(view, &PromptView::specChanged, this, [this, view] {
        if (view == currentPromptView())
            m_runner->setPromptModel(view->currentModel()); // on every key: no spec copy
    });
    m_tabs->setCurrentIndex(m_tabs->addTab(view, name));
    connect(view, &PromptView::tabTitleChanged, this, [this, view](const QString &title) {
        m_tabs->setTabText(m_tabs->indexOf(view), title);
    });
    // A new version or a moved label changes the counts and labels in the tree.
    connect(view, &PromptView::versionSaved, this, &MainWindow::refreshPrompts);
    connect(view, &PromptView::labelsChanged, this, &MainWindow::refreshPrompts);
    connect(view, &PromptView::inspectorRequested, this, [this] {
        m_inspector->show();
        m_inspector->raise();
    });
    updateInspector();
    updateCentre();
    return true;
}

QStringList MainWindow::openPromptNames() const {
    QStringList names;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *view = qobject_cast<PromptView *>(m_tabs->widget(i)))
            names << view->promptName();
    return names;
}

PromptView *MainWindow::viewOf(const QString &promptName) const {
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *view = qobject_cast<PromptView *>(m_tabs->widget(i));
        if (view && view->promptName() == promptName)
            return view;
    }
    return nullptr;
}

PromptView *MainWindow::currentPromptView() const {
    return qobject_cast<PromptView *>(m_tabs->currentWidget());
}

void MainWindow::openFromTree(const QModelIndex &proxyIndex) {
    const QModelIndex index = m_filterModel->mapToSource(proxyIndex);
    const auto kind = ProjectTreeModel::Kind(index.data(ProjectTreeModel::KindRole).toInt());
    const QString name = index.data(ProjectTreeModel::NameRole).toString();
    switch (kind) {
    case ProjectTreeModel::Kind::Prompt:
        openPrompt(name);
        break;
    case ProjectTreeModel::Kind::Workflow:
    case ProjectTreeModel::Kind::Dataset:
    case ProjectTreeModel::Kind::Experiment:
        openItem(kind, name, index.data(ProjectTreeModel::IdRole).toLongLong());
        break;
    default:
        break; // categories and hints open nothing
    }
}

void MainWindow::closeTab(int index) {
    if (index < 0)
        return;
    QWidget *page = m_tabs->widget(index);
    m_tabs->removeTab(index);
    delete page;
    updateInspector();
    updateCentre();
}

void MainWindow::onCurrentTabChanged() {
    updateInspector();
    if (const auto input = currentRunInput())
        m_runner->setPromptModel(input->spec.model);
}

void MainWindow::updateInspector() {
    if (PromptView *view = currentPromptView()) {
        m_inspector->showPage(view->inspectorPage());
        return;
    }
    m_inspector->showEmpty(
        m_tabs->count() == 0
            ? tr("<p style='font-size:large'>No prompt open</p>"
                 "<p>The inspector shows the model, the parameters and the variables of the "
                 "prompt you are editing, with its saved test cases.</p>"
                 "<p>Click a prompt in the <b>Project</b> tree, e.g. "
                 "<b>support-ticket-triage</b>.</p>")
            : tr("<p style='font-size:large'>Nothing to inspect</p>"
                 "<p>Workflows, datasets and experiments are shown read-only.</p>"
                 "<p>Switch to a prompt tab, or click a prompt in the <b>Project</b> tree, to "
                 "edit its model, parameters and variables here.</p>"));
}

void MainWindow::updateCentre() {
    m_centre->setCurrentIndex(m_tabs->count() > 0 ? 1 : 0);
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Trellis"),
                       tr("<h3>Trellis %1</h3><p>A native workbench for prompt engineering: "
                          "design, version, run and compare LLM prompts.</p><p>%2</p>"
                          "<p>Store: %3</p>")
                           .arg(versionString(), buildDescription().toHtmlEscaped(),
                                m_workspace->db.path().toHtmlEscaped()));
}

void MainWindow::showError(const QString &what, const Error &error) {
    statusBar()->showMessage(QStringLiteral("%1: %2").arg(what, error.toString()));
}

} // namespace trellis::ui
