#pragma once

#include "common/result.h"
#include "prompt/prompt_spec.h"
#include "store/store_types.h"

#include <QPointer>
#include <QWidget>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

class QLabel;
class QListView;
class QSplitter;
class QTabWidget;
class QTimer;
class QUndoStack;

namespace trellis::providers {
class ModelCatalog;
}
namespace trellis::store {
class Database;
}

namespace trellis::ui {

class CodeEditor;
class FindBar;
class HistoryPanel;
class MessagesEditor;
class ModelParamsPanel;
class PreviewPanel;
class PromptChecker;
class ProblemsModel;
class VariablesPanel;
struct PromptCheck;

// A prompt tab: the editor of the prompt (messages, output schema), its problems, a live
// preview with the estimated cost, and the version history. Ctrl+S saves the edited prompt
// as a new version.
//
// The model, the parameters and the variables (with saved test cases) are on the tab's
// inspector page, which the tab owns and deletes but which the window shows in its Inspector
// dock (without a dock it stays a hidden child of the tab). All edits, on either side, are
// commands on the tab's undo stack.
//
// For the runner: currentSpec() and currentVariables(), with specChanged() when either
// changes. For drafts: saveState() / restoreState() round-trip everything typed.
class PromptView : public QWidget {
    Q_OBJECT
public:
    explicit PromptView(QWidget *parent = nullptr);
    ~PromptView() override;

    // The stored versions, newest first. The first call loads the head into the editor; later
    // calls (after a reload) only refresh the history and keep unsaved edits.
    void setHistory(std::vector<store::PromptVersion> versions);
    // Where versions and test cases are saved (not owned). Without it saving is refused.
    void setStore(store::Database *db, qint64 projectId);

    QString promptName() const { return m_name; }
    int selectedVersion() const;
    // The prompt as edited, saved or not. An output schema that does not parse is left as
    // it was stored (problems() lists it).
    prompt::PromptSpec currentSpec() const;
    nlohmann::ordered_json currentVariables() const;
    // The model as edited: cheap, unlike currentSpec(), which copies every message's text.
    QString currentModel() const;
    bool isDirty() const { return m_dirty; }
    QString tabTitle() const; // the name, with " *" while there are unsaved changes
    QUndoStack *undoStack() const { return m_undo; }
    // The inspector page of this tab: model & parameters, variables and test cases.
    QWidget *inspectorPage() const { return m_inspectorPage; }
    ProblemsModel *problemsModel() const { return m_problems; }

    // Commits the edited prompt through PromptRepository::commit, then shows the diff of the
    // new version against the previous one in the history.
    Result<store::CommitResult> saveVersion(const QString &message);
    // A new head with the content of version `number` (PromptRepository::restore), loaded into
    // the editor. Refused while there are unsaved edits, so nothing typed is lost.
    Result<store::CommitResult> restoreVersion(int number);
    // Points `label` at version `number` (moving it when it is elsewhere).
    Result<store::LabelChange> setLabel(const QString &label, int number);

    Status saveTestCase(const QString &name);
    Status loadTestCase(const QString &name);
    Status deleteTestCase(const QString &name);

    // Everything typed, as JSON (format documented in docs/gui.md), and back.
    nlohmann::json saveState() const;
    Status restoreState(const nlohmann::json &state);

public Q_SLOTS:
    void requestSave();              // asks for a message (empty allowed), then saveVersion()
    void requestRestore(int number); // confirms, then restoreVersion()
    void requestLabel(int number);   // asks for the label, then setLabel()
    void undo();
    void redo();
    void showFind();

Q_SIGNALS:
    void specChanged(); // the spec or the variable values changed
    void dirtyChanged(bool dirty);
    void tabTitleChanged(const QString &title);
    void versionSaved(int number);
    void labelsChanged();
    void previewUpdated();
    // Something on the inspector page needs the user's eyes (a problem there was clicked).
    void inspectorRequested();
    // The templates were checked off the GUI thread (problems, variables and preview are
    // current); see PromptChecker.
    void checked();

private:
    QWidget *buildEditorSide();
    QWidget *buildSideTabs();
    QWidget *buildInspector();
    void keepSplitPerSideTab();
    void connectVariables();
    void loadIntoEditor(const prompt::PromptSpec &spec);
    void routeUndo(CodeEditor *editor);
    void onEdited();
    void refresh(); // debounced: dirty flag now; problems, variables, preview when checked
    void refreshProblems();
    void applyCheck(const PromptCheck &check);
    void jumpToProblem(const QModelIndex &index);
    void reloadTestCases(const QString &current = {});
    qint64 promptId() const;
    void reportFailure(const QString &what, const Status &status);

    QString m_name;
    prompt::PromptSpec m_stored;   // the head as loaded: fields the editor does not show
    prompt::PromptSpec m_baseline; // currentSpec() right after loading or saving
    bool m_loaded = false;
    bool m_dirty = false;
    store::Database *m_db = nullptr;
    qint64 m_projectId = 0;
    std::unique_ptr<providers::ModelCatalog> m_catalog;

    QUndoStack *m_undo = nullptr;
    QTabWidget *m_editorTabs = nullptr;
    QTabWidget *m_sideTabs = nullptr;
    QSplitter *m_split = nullptr; // editor | side tabs
    QList<int> m_sideSplits[2];   // the split last used with the preview / the history
    int m_shownSide = 0;
    QPointer<QWidget> m_inspectorPage;
    QLabel *m_inspectorTitle = nullptr;
    QWidget *m_schemaPage = nullptr;
    MessagesEditor *m_messages = nullptr;
    ModelParamsPanel *m_params = nullptr;
    CodeEditor *m_schema = nullptr;
    FindBar *m_findBar = nullptr;
    ProblemsModel *m_problems = nullptr;
    QListView *m_problemsView = nullptr;
    VariablesPanel *m_variables = nullptr;
    PreviewPanel *m_preview = nullptr;
    PromptChecker *m_checker = nullptr;
    HistoryPanel *m_history = nullptr;
    QTimer *m_refreshTimer = nullptr;
    QPointer<CodeEditor> m_lastEditor;
};

} // namespace trellis::ui
