// MainWindow: what survives a restart — window layout, open tabs — and drafts of unsaved
// editors that survive a crash.
#include "drafts/draft_autosaver.h"
#include "drafts/draft_banner.h"
#include "drafts/draft_store.h"
#include "drafts/editor_draft.h"
#include "main_window.h"
#include "prompt_view.h"

#include <QCloseEvent>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace trellis::ui {

namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kTabs = QStringLiteral("window/tabs");
const QString kCurrentTab = QStringLiteral("window/currentTab");

} // namespace

void MainWindow::restoreSession() {
    QSettings settings;
    restoreGeometry(settings.value(kGeometry).toByteArray());
    restoreState(settings.value(kState).toByteArray());
    const QStringList tabs = settings.value(kTabs).toStringList();
    for (const QString &name : tabs)
        openPrompt(name); // a prompt deleted meanwhile just does not come back
    const QString current = settings.value(kCurrentTab).toString();
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->tabText(i) == current)
            m_tabs->setCurrentIndex(i);
}

void MainWindow::saveSession() {
    QSettings settings;
    settings.setValue(kGeometry, saveGeometry());
    settings.setValue(kState, saveState());
    settings.setValue(kTabs, openPromptNames());
    settings.setValue(kCurrentTab,
                      currentPromptView() ? currentPromptView()->promptName() : QString());
}

void MainWindow::closeEvent(QCloseEvent *event) {
    saveSession();
    // A clean close: the drafts of this session are not needed to recover from anything.
    m_autosaver->flush();
    if (Status s = m_drafts->clear(); !s)
        showError(tr("Could not clear the drafts"), s.error());
    event->accept();
}

void MainWindow::setUpDrafts() {
    m_drafts = std::make_unique<DraftStore>(m_options.draftDirectory.isEmpty()
                                                ? defaultDraftDirectory(m_workspace->db.path())
                                                : m_options.draftDirectory);
    m_autosaver = new DraftAutosaver(
        m_drafts.get(), [this](const QString &name) { return draftStateOf(name); },
        m_options.draftDelayMs, this);
    connect(m_autosaver, &DraftAutosaver::failed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Draft not saved: %1").arg(message));
    });
    for (int i = 0; i < m_tabs->count(); ++i)
        if (auto *view = qobject_cast<PromptView *>(m_tabs->widget(i)))
            watchForDrafts(view);
    // Drafts left on disk mean the previous session did not close cleanly.
    QStringList problems;
    const QList<Draft> left = m_drafts->load(&problems);
    m_draftBanner->showDrafts(left);
    for (const QString &problem : problems)
        statusBar()->showMessage(tr("Unreadable draft kept on disk: %1").arg(problem));
}

void MainWindow::watchForDrafts(PromptView *view) {
    if (!m_autosaver)
        return; // setUpDrafts() watches the tabs opened before it
    watchEditorChanges(view, [this, view] { m_autosaver->markChanged(view->promptName()); });
}

std::optional<QJsonObject> MainWindow::draftStateOf(const QString &promptName) const {
    const PromptView *view = viewOf(promptName);
    return view ? editorDraftState(view) : std::nullopt;
}

void MainWindow::restoreDrafts() {
    const QList<Draft> drafts = m_drafts->load();
    QStringList restored;
    for (const Draft &draft : drafts) {
        if (!openPrompt(draft.promptName))
            continue; // the prompt is gone; the draft file stays for a later look
        if (restoreEditorDraft(viewOf(draft.promptName), draft.state))
            restored << draft.promptName;
    }
    m_draftBanner->hide();
    statusBar()->showMessage(
        tr("Restored %1 of %2 drafts.").arg(restored.size()).arg(drafts.size()), 8000);
}

void MainWindow::discardDrafts() {
    if (Status s = m_drafts->clear(); !s)
        showError(tr("Could not discard the drafts"), s.error());
    m_draftBanner->hide();
}

} // namespace trellis::ui
