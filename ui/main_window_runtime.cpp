// MainWindow: the runtime (pipeline), the runner and run log docks, and the settings dialog.
#include "main_window.h"
#include "prompt_view.h"
#include "runlog/run_detail_dialog.h"
#include "runlog/run_log_model.h"
#include "runlog/run_log_panel.h"
#include "runner/runner_pane.h"
#include "runtime/pipeline.h"
#include "runtime/runtime_environment.h"
#include "settings/settings_dialog.h"
#include "store/prompt_repository.h"
#include "store/run_repository.h"

#include <QDockWidget>
#include <QStatusBar>

namespace trellis::ui {

void MainWindow::buildDocks() {
    m_runner = new RunnerPane(this);
    m_runner->setObjectName(QStringLiteral("runner"));
    auto *runnerDock = new QDockWidget(tr("Runner"), this);
    runnerDock->setObjectName(QStringLiteral("runnerDock"));
    runnerDock->setWidget(m_runner);
    addDockWidget(Qt::BottomDockWidgetArea, runnerDock);
    connect(m_runner, &RunnerPane::runRequested, this, &MainWindow::runCurrentPrompt);
    connect(m_runner, &RunnerPane::runEnded, this, [this](const runtime::RunOutcome &outcome) {
        refreshRunLog();
        statusBar()->showMessage(outcome.ok ? tr("Run finished on %1").arg(outcome.model)
                                            : tr("Run failed: %1").arg(outcome.errorMessage),
                                 8000);
    });

    m_runLog = new RunLogModel(m_workspace->db, this);
    auto *panel = new RunLogPanel(m_runLog, this);
    connect(panel, &RunLogPanel::runActivated, this, &MainWindow::openRun);
    auto *logDock = new QDockWidget(tr("Run Log"), this);
    logDock->setObjectName(QStringLiteral("runLogDock"));
    logDock->setWidget(panel);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    splitDockWidget(runnerDock, logDock, Qt::Horizontal);
    // First start: the editor keeps most of the height; restoreState() replaces this later.
    resizeDocks({runnerDock, logDock}, {700, 580}, Qt::Horizontal);
    resizeDocks({runnerDock}, {250}, Qt::Vertical);
}

void MainWindow::setUpRuntime() {
    m_pipeline.reset(); // cancels what the old runtime still runs
    m_runtime.reset();
    auto env = runtime::RuntimeEnvironment::open(m_options.settingsPath, m_options.environment);
    if (!env) {
        const QString reason =
            tr("The runtime settings could not be read: %1").arg(env.error().toString());
        m_runner->setPipeline(nullptr, reason);
        statusBar()->showMessage(reason);
        return;
    }
    m_runtime = std::move(env.value());
    m_pipeline = std::make_unique<runtime::Pipeline>(m_runtime->deps(&m_workspace->db),
                                                     m_runtime->settings.pipeline);
    QStringList models;
    for (const providers::ModelPrice &price : m_runtime->catalog.models())
        models << price.id;
    models.sort();
    m_runner->setModels(models);
    m_runner->setPipeline(m_pipeline.get());
    connect(m_pipeline.get(), &runtime::Pipeline::recordsLost, this,
            [this](int rows, const QString &message) {
                statusBar()->showMessage(
                    tr("%n finished run(s) could not be saved to the run log: %1", nullptr, rows)
                        .arg(message));
            });
}

void MainWindow::refreshRunLog() {
    store::PromptRepository prompts(m_workspace->db, m_workspace->project.id);
    if (auto summaries = prompts.list()) {
        QHash<qint64, QString> names;
        for (const store::PromptSummary &s : *summaries)
            names.insert(s.id, s.name);
        m_runLog->setPromptNames(std::move(names));
    }
    if (Status s = m_runLog->refresh(); !s)
        showError(tr("Could not read the run log"), s.error());
}

std::optional<RunInput> MainWindow::currentRunInput() const {
    PromptView *view = currentPromptView();
    if (!view)
        return std::nullopt;
    // The prompt as it is in the editor, saved or not.
    RunInput input;
    input.spec = view->currentSpec();
    if (input.spec.name.isEmpty())
        input.spec.name = view->promptName();
    // Runs of an unchanged head count for that version in the store's statistics.
    store::PromptRepository prompts(m_workspace->db, m_workspace->project.id);
    if (auto head = prompts.resolve(view->promptName()); head && head->spec == input.spec)
        input.promptVersionId = head->id;
    // Typed values win; the rest fall back to the declared defaults and examples.
    input.variables = sampleVariables(input.spec);
    const nlohmann::json typed = view->currentVariables();
    if (typed.is_object()) {
        for (auto it = typed.begin(); it != typed.end(); ++it) {
            const bool blank = it->is_null() || (it->is_string() && it->get<std::string>().empty());
            if (!blank || !input.variables.contains(it.key()))
                input.variables[it.key()] = *it;
        }
    }
    return input;
}

bool MainWindow::runCurrentPrompt() {
    auto input = currentRunInput();
    if (!input) {
        statusBar()->showMessage(tr("Open a prompt first: pick one in the project tree."), 8000);
        return false;
    }
    if (m_runner->selectedModel().isEmpty())
        m_runner->setSelectedModel(input->spec.model);
    return m_runner->run(std::move(*input));
}

void MainWindow::openRun(qint64 runId) {
    auto run = store::RunRepository(m_workspace->db).find(runId);
    if (!run || !run->has_value()) {
        statusBar()->showMessage(run ? tr("Run %1 is no longer in the store.").arg(runId)
                                     : run.error().toString(),
                                 8000);
        return;
    }
    auto *dialog = new RunDetailDialog(**run, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

SettingsDialog *MainWindow::showSettings() {
    if (m_settings) {
        m_settings->raise();
        m_settings->activateWindow();
        return m_settings;
    }
    const QString path = m_runtime                          ? m_runtime->settingsPath
                         : m_options.settingsPath.isEmpty() ? runtime::defaultSettingsPath()
                                                            : m_options.settingsPath;
    auto file = SettingsFile::load(path);
    if (!file) {
        showError(tr("Could not open the settings"), file.error());
        return nullptr;
    }
    m_settings = new SettingsDialog(std::move(*file), m_runtime ? m_runtime->keys.get() : nullptr,
                                    m_options.environment, this);
    m_settings->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_settings, &SettingsDialog::saved, this, [this] {
        // The dialog reads keys through the old runtime's key store: it goes first.
        m_settings->close();
        setUpRuntime();
        statusBar()->showMessage(tr("Settings saved."), 5000);
    });
    m_settings->show();
    return m_settings;
}

} // namespace trellis::ui
