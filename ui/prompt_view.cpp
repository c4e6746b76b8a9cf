#include "prompt_view.h"

#include "editor/code_editor.h"
#include "editor/editor_commands.h"
#include "editor/field_undo.h"
#include "editor/find_bar.h"
#include "editor/history_panel.h"
#include "editor/message_block.h"
#include "editor/messages_editor.h"
#include "editor/model_params_panel.h"
#include "editor/preview_panel.h"
#include "editor/problems_model.h"
#include "editor/prompt_checker.h"
#include "editor/template_editor.h"
#include "editor/variable_values.h"
#include "editor/variables_panel.h"
#include "prompt/json_reader.h"
#include "prompt/prompt_json.h"
#include "providers/model_catalog.h"
#include "store/prompt_repository.h"

#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {

constexpr int kRefreshDelayMs = 150;
constexpr int kStateFormat = 1;

} // namespace

PromptView::PromptView(QWidget *parent)
    : QWidget(parent)
    , m_undo(new QUndoStack(this))
    , m_problems(new ProblemsModel(this))
    , m_checker(new PromptChecker(this))
    , m_refreshTimer(new QTimer(this)) {
    if (auto catalog = providers::ModelCatalog::builtIn())
        m_catalog = std::make_unique<providers::ModelCatalog>(std::move(*catalog));
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &PromptView::refresh);
    connect(m_checker, &PromptChecker::checked, this, &PromptView::applyCheck);

    buildInspector();
    m_split = new QSplitter(Qt::Horizontal, this);
    m_split->setChildrenCollapsible(false);
    m_split->addWidget(buildEditorSide());
    m_split->addWidget(buildSideTabs());
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 2);
    keepSplitPerSideTab();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_split, 1);
}

void PromptView::keepSplitPerSideTab() {
    // The history's side-by-side diff needs the width the preview does not: each side tab
    // keeps the split it was last used with, and the history starts with the wider side.
    connect(m_sideTabs, &QTabWidget::currentChanged, this, [this](int index) {
        const QList<int> sizes = m_split->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        const int previous = m_shownSide;
        m_shownSide = index == 1 ? 1 : 0;
        if (total <= 0 || previous == m_shownSide)
            return;
        m_sideSplits[previous] = sizes;
        QList<int> next = m_sideSplits[m_shownSide];
        if (next.isEmpty())
            next = m_shownSide == 1 ? QList<int>{total * 2 / 5, total - total * 2 / 5}
                                    : QList<int>{total * 3 / 5, total - total * 3 / 5};
        m_split->setSizes(next);
    });
}

PromptView::~PromptView() {
    // Commands refer to blocks the messages editor owns: drop them first.
    m_undo->clear();
    delete m_inspectorPage; // null when the window's dock went first
}

QWidget *PromptView::buildEditorSide() {
    auto *side = new QWidget(this);
    m_messages = new MessagesEditor(m_undo, side);
    m_messages->setObjectName(QStringLiteral("messagesEditor"));
    connect(m_messages, &MessagesEditor::changed, this, &PromptView::onEdited);
    connect(m_messages, &MessagesEditor::problemsChanged, this, &PromptView::refreshProblems);
    connect(m_messages, &MessagesEditor::editorFocused, this,
            [this](CodeEditor *editor) { m_lastEditor = editor; });

    m_schemaPage = new QWidget(side);
    auto *schemaPage = m_schemaPage;
    m_schema = new CodeEditor(schemaPage);
    m_schema->setObjectName(QStringLiteral("schemaEditor"));
    m_schema->setPlaceholderText(tr("{\n  \"type\": \"object\",\n  \"properties\": {\"answer\": "
                                    "{\"type\": \"string\"}},\n  \"required\": [\"answer\"]\n}"));
    m_schema->setValidator(schemaProblem);
    connect(m_schema, &QPlainTextEdit::textChanged, this, &PromptView::onEdited);
    routeUndo(m_schema);
    auto *schemaHint = new QLabel(tr("JSON Schema (draft 2020-12) the model's JSON output must "
                                     "satisfy. Leave empty for free-text output."),
                                  schemaPage);
    schemaHint->setWordWrap(true);
    auto *schemaLayout = new QVBoxLayout(schemaPage);
    schemaLayout->addWidget(schemaHint);
    schemaLayout->addWidget(m_schema, 1);

    m_editorTabs = new QTabWidget(side);
    m_editorTabs->setObjectName(QStringLiteral("editorSections"));
    m_editorTabs->addTab(m_messages, tr("Messages"));
    m_editorTabs->addTab(schemaPage, tr("Output Schema"));

    m_findBar = new FindBar(side);

    m_problemsView = new QListView(side);
    m_problemsView->setObjectName(QStringLiteral("problemsList"));
    m_problemsView->setModel(m_problems);
    m_problemsView->setIconSize(QSize(16, 16));
    m_problemsView->setUniformItemSizes(true);
    m_problemsView->setMaximumHeight(m_problemsView->fontMetrics().lineSpacing() * 5 + 8);
    m_problemsView->setToolTip(tr("Click a problem to go to it"));
    connect(m_problemsView, &QListView::clicked, this, &PromptView::jumpToProblem);
    connect(m_problemsView, &QListView::activated, this, &PromptView::jumpToProblem);
    auto *problemsLabel = new QLabel(side);
    problemsLabel->setObjectName(QStringLiteral("problemsLabel"));
    auto updateProblemsLabel = [this, problemsLabel] {
        const int n = m_problems->rowCount();
        problemsLabel->setText(n == 0 ? tr("No problems") : tr("<b>Problems</b> (%1)").arg(n));
        m_problemsView->setVisible(n > 0);
    };
    connect(m_problems, &QAbstractItemModel::modelReset, this, updateProblemsLabel);
    updateProblemsLabel();

    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_editorTabs, 1);
    layout->addWidget(m_findBar);
    layout->addWidget(problemsLabel);
    layout->addWidget(m_problemsView);
    return side;
}

QWidget *PromptView::buildSideTabs() {
    m_preview = new PreviewPanel(this);
    m_preview->setObjectName(QStringLiteral("previewPanel"));
    auto *previewBox = new QWidget(this);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->setContentsMargins(4, 4, 4, 4);
    previewLayout->addWidget(m_preview, 1);

    m_history = new HistoryPanel(this);
    connect(m_history, &HistoryPanel::restoreRequested, this, &PromptView::requestRestore);
    connect(m_history, &HistoryPanel::labelRequested, this, &PromptView::requestLabel);
    connect(m_history, &HistoryPanel::comparisonShown, this,
            [this] { m_sideTabs->setCurrentWidget(m_history); });
    m_sideTabs = new QTabWidget(this);
    m_sideTabs->setObjectName(QStringLiteral("sideTabs"));
    m_sideTabs->addTab(previewBox, tr("Preview"));
    m_sideTabs->addTab(m_history, tr("History"));
    return m_sideTabs;
}

void PromptView::routeUndo(CodeEditor *editor) {
    connect(editor->document(), &QTextDocument::undoCommandAdded, this,
            [this, editor] { m_undo->push(new TextEditCommand(editor)); });
    connect(editor, &CodeEditor::problemChanged, this, &PromptView::refreshProblems);
    connect(editor, &CodeEditor::focusReceived, this, [this, editor] { m_lastEditor = editor; });
    routeUndoKeys(editor, m_undo); // the context menu's Undo and Redo too
}

void PromptView::setStore(store::Database *db, qint64 projectId) {
    m_db = db;
    m_projectId = projectId;
    reloadTestCases();
}

void PromptView::setHistory(std::vector<store::PromptVersion> versions) {
    m_name = versions.empty() ? QString() : versions.front().promptName;
    m_inspectorTitle->setText(m_name);
    if (!versions.empty())
        m_stored = versions.front().spec;
    m_history->setVersions(std::move(versions));
    if (!m_loaded && !m_history->versions().empty()) {
        m_loaded = true;
        loadIntoEditor(m_stored);
        m_baseline = currentSpec();
        reloadTestCases();
    }
    refresh();
}

int PromptView::selectedVersion() const {
    return m_history->selectedVersion();
}

void PromptView::loadIntoEditor(const prompt::PromptSpec &spec) {
    m_undo->clear();
    m_messages->setMessages(spec.messages);
    m_params->setModel(spec.model);
    m_params->setParams(spec.params);
    m_schema->setPlainText(spec.outputSchema.is_null()
                               ? QString()
                               : QString::fromStdString(spec.outputSchema.dump(2)));
    m_schema->validateNow();
    m_undo->clear();
    refresh();
}

prompt::PromptSpec PromptView::currentSpec() const {
    prompt::PromptSpec spec = m_stored;
    spec.name = m_name;
    spec.messages = m_messages->messages();
    spec.model = m_params->model();
    spec.params = m_params->params();
    const QString schemaText = m_schema->toPlainText();
    if (schemaText.trimmed().isEmpty()) {
        spec.outputSchema = nullptr;
    } else {
        prompt::SourceMap map;
        if (auto schema = prompt::parseJsonDocument(schemaText.toUtf8(), &map))
            spec.outputSchema = std::move(*schema);
    }
    return spec;
}

QString PromptView::currentModel() const {
    return m_params->model();
}

nlohmann::ordered_json PromptView::currentVariables() const {
    return m_variables->context();
}

QString PromptView::tabTitle() const {
    return m_dirty ? m_name + QStringLiteral(" *") : m_name;
}

void PromptView::onEdited() {
    // A check in flight describes the text before this edit: drop it, check again after
    // the pause.
    m_checker->invalidate();
    m_refreshTimer->start();
    Q_EMIT specChanged();
}

void PromptView::refresh() {
    m_refreshTimer->stop();
    const prompt::PromptSpec spec = currentSpec();
    // Parsing, variable discovery and the preview run on the checker's thread: on a long
    // template they take tens of milliseconds, a stall typing would feel.
    PromptCheckRequest request;
    request.messages.reserve(spec.messages.size());
    for (const auto &message : spec.messages)
        request.messages.push_back({prompt::roleName(message.role), message.content});
    request.declared = spec.variables;
    request.context = m_variables->context();
    m_preview->showPending();
    m_checker->request(std::move(request));

    const bool dirty = m_loaded && spec != m_baseline;
    if (dirty != m_dirty) {
        m_dirty = dirty;
        Q_EMIT dirtyChanged(dirty);
        Q_EMIT tabTitleChanged(tabTitle());
    }
}

void PromptView::refreshProblems() {
    std::vector<Problem> problems;
    for (int i = 0; i < m_messages->count(); ++i) {
        MessageBlock *block = m_messages->block(i);
        if (!block)
            continue;
        if (const auto &error = block->editor()->problem())
            problems.push_back(
                {Problem::Source::Message, i,
                 tr("message %1 (%2)").arg(i + 1).arg(prompt::roleName(block->role())),
                 error->message, error->line, error->column});
    }
    if (const auto &error = m_params->otherParamsEditor()->problem())
        problems.push_back({Problem::Source::Params, -1, tr("other parameters"), error->message,
                            error->line, error->column});
    if (const auto &error = m_schema->problem())
        problems.push_back({Problem::Source::Schema, -1, tr("output schema"), error->message,
                            error->line, error->column});
    for (auto &problem : m_variables->problems())
        problems.push_back(std::move(problem));
    m_problems->setProblems(std::move(problems));
}

void PromptView::applyCheck(const PromptCheck &check) {
    // The checker drops results of superseded requests, and every edit supersedes the
    // request in flight: this result describes the texts in the editors.
    for (int i = 0; i < m_messages->count() && i < int(check.errors.size()); ++i)
        if (MessageBlock *block = m_messages->block(i))
            block->editor()->setProblem(check.errors[std::size_t(i)]);
    m_variables->setFields(check.fields);
    refreshProblems();
    if (m_variables->context() != check.context) {
        // New inputs (a variable appeared, its kind changed) change the values: render
        // with those; the parses are cached, so this only renders again.
        refresh();
        return;
    }
    m_preview->showResult(check.preview,
                          estimatePreviewCost(check.preview.messages, m_params->model(),
                                              m_params->params(), m_catalog.get()));
    Q_EMIT previewUpdated();
    Q_EMIT checked();
}

void PromptView::jumpToProblem(const QModelIndex &index) {
    const Problem *problem = m_problems->problemAt(index);
    if (!problem)
        return;
    CodeEditor *editor = nullptr;
    switch (problem->source) {
    case Problem::Source::Message:
        m_editorTabs->setCurrentWidget(m_messages);
        if (MessageBlock *block = m_messages->block(problem->index))
            editor = block->editor();
        break;
    case Problem::Source::Params:
        Q_EMIT inspectorRequested();
        editor = m_params->otherParamsEditor();
        break;
    case Problem::Source::Schema:
        m_editorTabs->setCurrentWidget(m_schemaPage);
        editor = m_schema;
        break;
    case Problem::Source::Variable:
        Q_EMIT inspectorRequested();
        return;
    }
    if (editor)
        editor->goTo(problem->line, problem->column);
}

Result<store::CommitResult> PromptView::saveVersion(const QString &message) {
    if (!m_db)
        return Error(tr("this tab is not connected to a store"));
    if (const auto &error = m_schema->problem())
        return Error(tr("fix the output schema first: %1").arg(error->message));
    if (const auto &error = m_params->otherParamsEditor()->problem())
        return Error(tr("fix the other parameters first: %1").arg(error->message));
    refresh();
    const prompt::PromptSpec spec = currentSpec();
    store::PromptRepository prompts(*m_db, m_projectId);
    auto commit = prompts.commit(spec, message);
    if (!commit)
        return commit.error();
    auto versions = prompts.log(m_name);
    if (!versions)
        return versions.error();
    m_stored = spec;
    m_baseline = spec;
    m_history->setVersions(std::move(*versions));
    const int number = commit->version.number;
    if (commit->created && commit->version.parentNumber > 0)
        m_history->selectVersions({commit->version.parentNumber, number});
    m_sideTabs->setCurrentWidget(m_history);
    refresh();
    if (commit->created)
        Q_EMIT versionSaved(number);
    return commit;
}

Result<store::CommitResult> PromptView::restoreVersion(int number) {
    if (!m_db)
        return Error(tr("this tab is not connected to a store"));
    if (m_dirty)
        return Error(tr("save or undo your edits first: restoring replaces the editor's content"));
    store::PromptRepository prompts(*m_db, m_projectId);
    auto restored = prompts.restore(m_name, QString::number(number), tr("Restore @%1").arg(number));
    if (!restored)
        return restored.error();
    auto versions = prompts.log(m_name);
    if (!versions)
        return versions.error();
    m_stored = restored->version.spec;
    loadIntoEditor(m_stored);
    m_baseline = currentSpec();
    m_history->setVersions(std::move(*versions));
    refresh();
    if (restored->created)
        Q_EMIT versionSaved(restored->version.number);
    return restored;
}

Result<store::LabelChange> PromptView::setLabel(const QString &label, int number) {
    if (!m_db)
        return Error(tr("this tab is not connected to a store"));
    store::PromptRepository prompts(*m_db, m_projectId);
    auto change = prompts.setLabel(m_name, label.trimmed(), QString::number(number));
    if (!change)
        return change.error();
    auto versions = prompts.log(m_name);
    if (!versions)
        return versions.error();
    m_history->setVersions(std::move(*versions));
    m_history->selectVersions({number});
    Q_EMIT labelsChanged();
    return change;
}

void PromptView::requestRestore(int number) {
    if (number <= 0)
        return;
    const auto answer = QMessageBox::question(
        this, tr("Restore Version"),
        tr("Save a new version of %1 with the content of @%2?").arg(m_name).arg(number));
    if (answer != QMessageBox::Yes)
        return;
    if (auto restored = restoreVersion(number); !restored)
        QMessageBox::warning(this, tr("Restore Version"), restored.error().toString());
}

void PromptView::requestLabel(int number) {
    if (number <= 0)
        return;
    bool ok = false;
    const QString label = QInputDialog::getItem(
        this, tr("Set Label"),
        tr("Label for @%1 (moves it if it is on another version):").arg(number),
        {QStringLiteral("production"), QStringLiteral("staging"), QStringLiteral("candidate")}, 0,
        true, &ok);
    if (!ok || label.trimmed().isEmpty())
        return;
    if (auto change = setLabel(label, number); !change)
        QMessageBox::warning(this, tr("Set Label"), change.error().toString());
}

void PromptView::requestSave() {
    bool ok = false;
    const QString message = QInputDialog::getMultiLineText(
        this, tr("Save Version of %1").arg(m_name),
        tr("What changed? (optional; shown in the history)"), QString(), &ok);
    if (!ok)
        return;
    auto saved = saveVersion(message);
    if (!saved)
        QMessageBox::warning(this, tr("Save Version"), saved.error().toString());
    else if (!saved->created)
        QMessageBox::information(this, tr("Save Version"),
                                 tr("Nothing changed since @%1.").arg(saved->version.number));
}

void PromptView::undo() {
    m_undo->undo();
}

void PromptView::redo() {
    m_undo->redo();
}

void PromptView::showFind() {
    CodeEditor *target = m_lastEditor;
    if (!target && m_messages->count() > 0)
        target = m_messages->block(0)->editor();
    m_findBar->openFor(target);
}

void PromptView::reportFailure(const QString &what, const Status &status) {
    if (!status)
        QMessageBox::warning(this, what, status.error().toString());
}

nlohmann::json PromptView::saveState() const {
    const auto &versions = m_history->versions();
    return {{"format", kStateFormat},
            {"prompt", m_name.toStdString()},
            {"baseVersion", versions.empty() ? 0 : versions.front().number},
            {"spec", prompt::toJson(currentSpec())},
            {"schemaText", m_schema->toPlainText().toStdString()},
            {"otherParamsText", m_params->otherParamsEditor()->toPlainText().toStdString()},
            {"variables", m_variables->saveState()},
            {"testCase", m_variables->currentTestCase().toStdString()}};
}

Status PromptView::restoreState(const nlohmann::json &state) {
    // A draft file may be damaged: json::value(key, default) throws on a field of another type,
    // so every field is type-checked here before anything in the editor changes.
    if (!state.is_object() || state.value("format", nlohmann::json()) != kStateFormat)
        return Error(tr("not an editor state of this version of Trellis"));
    for (const char *key : {"prompt", "schemaText", "otherParamsText"}) {
        if (state.contains(key) && !state[key].is_string())
            return Error(
                tr("the saved editor state is damaged (%1 is not text)").arg(QLatin1String(key)));
    }
    auto spec = prompt::fromJson(state.value("spec", nlohmann::json()));
    if (!spec)
        return Error(
            tr("the saved editor state holds no valid prompt: %1").arg(spec.error().toString()));
    const QString prompt = QString::fromStdString(state.value("prompt", std::string()));
    if (!m_name.isEmpty() && prompt != m_name)
        return Error(tr("the saved editor state is for '%1', not '%2'").arg(prompt, m_name));
    if (m_name.isEmpty()) {
        m_name = prompt;
        m_inspectorTitle->setText(m_name);
        m_stored = *spec;
        m_loaded = true;
    }
    loadIntoEditor(*spec);
    // The texts as typed: they may not parse, which the spec cannot hold.
    m_schema->setPlainText(QString::fromStdString(state.value("schemaText", std::string())));
    m_params->otherParamsEditor()->setPlainText(
        QString::fromStdString(state.value("otherParamsText", std::string())));
    m_undo->clear();
    m_variables->restoreState(state.value("variables", nlohmann::json::object()));
    refresh();
    return {};
}

} // namespace trellis::ui
