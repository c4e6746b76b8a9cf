#include "prompt_view.h"

#include "editor/code_editor.h"
#include "editor/editor_commands.h"
#include "editor/find_bar.h"
#include "editor/history_panel.h"
#include "editor/message_block.h"
#include "editor/messages_editor.h"
#include "editor/model_params_panel.h"
#include "editor/preview_panel.h"
#include "editor/preview_renderer.h"
#include "editor/problems_model.h"
#include "editor/template_editor.h"
#include "editor/variable_values.h"
#include "editor/variables_panel.h"
#include "prompt/json_reader.h"
#include "prompt/prompt_json.h"
#include "providers/model_catalog.h"
#include "store/prompt_repository.h"
#include "store/test_case_repository.h"
#include "template/template.h"

#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
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

nlohmann::json toPlainJson(const nlohmann::ordered_json &value) {
    return nlohmann::json::parse(value.dump());
}

} // namespace

PromptView::PromptView(QWidget *parent)
    : QWidget(parent)
    , m_undo(new QUndoStack(this))
    , m_problems(new ProblemsModel(this))
    , m_renderer(new PreviewRenderer(this))
    , m_refreshTimer(new QTimer(this)) {
    if (auto catalog = providers::ModelCatalog::builtIn())
        m_catalog = std::make_unique<providers::ModelCatalog>(std::move(*catalog));
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshDelayMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &PromptView::refresh);
    connect(m_renderer, &PreviewRenderer::rendered, this, &PromptView::showPreview);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildEditorSide());
    splitter->addWidget(buildSideTabs());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(splitter, 1);
}

PromptView::~PromptView() {
    // Commands refer to blocks the messages editor owns: drop them first.
    m_undo->clear();
}

QWidget *PromptView::buildEditorSide() {
    auto *side = new QWidget(this);
    m_messages = new MessagesEditor(m_undo, side);
    m_messages->setObjectName(QStringLiteral("messagesEditor"));
    connect(m_messages, &MessagesEditor::changed, this, &PromptView::onEdited);
    connect(m_messages, &MessagesEditor::problemsChanged, this, &PromptView::refreshProblems);
    connect(m_messages, &MessagesEditor::editorFocused, this,
            [this](CodeEditor *editor) { m_lastEditor = editor; });

    m_params = new ModelParamsPanel(side);
    m_params->setCatalog(m_catalog.get());
    connect(m_params, &ModelParamsPanel::changed, this, &PromptView::onEdited);
    routeUndo(m_params->otherParamsEditor());

    auto *schemaPage = new QWidget(side);
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
    m_editorTabs->addTab(m_params, tr("Model && Parameters"));
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
    m_variables = new VariablesPanel(this);
    m_variables->setObjectName(QStringLiteral("variablesPanel"));
    connect(m_variables, &VariablesPanel::valuesChanged, this, &PromptView::onEdited);
    connect(m_variables, &VariablesPanel::testCaseChosen, this, [this](const QString &name) {
        reportFailure(tr("Load Test Case"), loadTestCase(name));
    });
    connect(m_variables, &VariablesPanel::saveTestCaseRequested, this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Save Test Case"), tr("Name of the test case:"),
                                  QLineEdit::Normal, m_variables->currentTestCase(), &ok);
        if (!ok)
            return;
        reportFailure(tr("Save Test Case"), saveTestCase(name));
    });
    connect(m_variables, &VariablesPanel::deleteTestCaseRequested, this,
            [this](const QString &name) {
                reportFailure(tr("Delete Test Case"), deleteTestCase(name));
            });

    m_preview = new PreviewPanel(this);
    m_preview->setObjectName(QStringLiteral("previewPanel"));

    auto *runPage = new QSplitter(Qt::Vertical, this);
    auto *variablesBox = new QWidget(runPage);
    auto *variablesLayout = new QVBoxLayout(variablesBox);
    variablesLayout->setContentsMargins(4, 4, 4, 0);
    variablesLayout->addWidget(new QLabel(tr("<b>Variables</b>"), variablesBox));
    variablesLayout->addWidget(m_variables, 1);
    auto *previewBox = new QWidget(runPage);
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->setContentsMargins(4, 4, 4, 4);
    previewLayout->addWidget(new QLabel(tr("<b>Preview</b>"), previewBox));
    previewLayout->addWidget(m_preview, 1);
    runPage->addWidget(variablesBox);
    runPage->addWidget(previewBox);
    runPage->setSizes({460, 340});

    m_history = new HistoryPanel(this);
    connect(m_history, &HistoryPanel::restoreRequested, this, &PromptView::requestRestore);
    connect(m_history, &HistoryPanel::labelRequested, this, &PromptView::requestLabel);
    connect(m_history, &HistoryPanel::comparisonShown, this,
            [this] { m_sideTabs->setCurrentWidget(m_history); });
    m_sideTabs = new QTabWidget(this);
    m_sideTabs->setObjectName(QStringLiteral("sideTabs"));
    m_sideTabs->addTab(runPage, tr("Variables && Preview"));
    m_sideTabs->addTab(m_history, tr("History"));
    return m_sideTabs;
}

void PromptView::routeUndo(CodeEditor *editor) {
    connect(editor->document(), &QTextDocument::undoCommandAdded, this,
            [this, editor] { m_undo->push(new TextEditCommand(editor)); });
    connect(editor, &CodeEditor::problemChanged, this, &PromptView::refreshProblems);
    connect(editor, &CodeEditor::focusReceived, this, [this, editor] { m_lastEditor = editor; });
}

void PromptView::setStore(store::Database *db, qint64 projectId) {
    m_db = db;
    m_projectId = projectId;
    reloadTestCases();
}

void PromptView::setHistory(std::vector<store::PromptVersion> versions) {
    m_name = versions.empty() ? QString() : versions.front().promptName;
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

nlohmann::ordered_json PromptView::currentVariables() const {
    return m_variables->context();
}

QString PromptView::tabTitle() const {
    return m_dirty ? m_name + QStringLiteral(" *") : m_name;
}

void PromptView::onEdited() {
    m_refreshTimer->start();
    Q_EMIT specChanged();
}

void PromptView::refresh() {
    m_refreshTimer->stop();
    const prompt::PromptSpec spec = currentSpec();
    // The editors parsed their templates to check them: discovery reuses those parses.
    std::vector<std::vector<tmpl::VariableUse>> uses;
    for (int i = 0; i < m_messages->count(); ++i) {
        MessageBlock *block = m_messages->block(i);
        if (!block)
            continue;
        TemplateEditor *editor = block->editor();
        editor->validateIfPending();
        uses.push_back(editor->parsed() ? editor->parsed()->variables()
                                        : std::vector<tmpl::VariableUse>());
    }
    m_variables->setFields(discoverVariables(uses, spec.variables));
    refreshProblems();

    std::vector<tmpl::ChatMessageTemplate> templates;
    for (const auto &message : spec.messages)
        templates.push_back({prompt::roleName(message.role), message.content});
    m_preview->showPending();
    m_renderer->request(std::move(templates), m_variables->context());

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

void PromptView::showPreview(const PreviewResult &result) {
    m_preview->showResult(result, estimatePreviewCost(result.messages, m_params->model(),
                                                      m_params->params(), m_catalog.get()));
    Q_EMIT previewUpdated();
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
        m_editorTabs->setCurrentWidget(m_params);
        editor = m_params->otherParamsEditor();
        break;
    case Problem::Source::Schema:
        m_editorTabs->setCurrentIndex(2);
        editor = m_schema;
        break;
    case Problem::Source::Variable:
        m_sideTabs->setCurrentIndex(0);
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

qint64 PromptView::promptId() const {
    return m_history->versions().empty() ? 0 : m_history->versions().front().promptId;
}

void PromptView::reloadTestCases(const QString &current) {
    if (!m_db || promptId() == 0)
        return;
    auto cases = store::TestCaseRepository(*m_db, promptId()).list();
    QStringList names;
    if (cases)
        for (const auto &testCase : *cases)
            names.append(testCase.name);
    m_variables->setTestCases(names, current);
}

Status PromptView::saveTestCase(const QString &name) {
    if (!m_db || promptId() == 0)
        return Error(tr("this tab is not connected to a store"));
    if (Status st = store::TestCaseRepository(*m_db, promptId())
                        .save(name, toPlainJson(m_variables->context()));
        !st)
        return st;
    reloadTestCases(name.trimmed());
    return {};
}

Status PromptView::loadTestCase(const QString &name) {
    if (!m_db || promptId() == 0)
        return Error(tr("this tab is not connected to a store"));
    auto cases = store::TestCaseRepository(*m_db, promptId()).list();
    if (!cases)
        return cases.error();
    for (const auto &testCase : *cases) {
        if (testCase.name == name) {
            m_variables->setValues(testCase.vars);
            reloadTestCases(name);
            return {};
        }
    }
    return Error(tr("no test case named '%1'").arg(name));
}

Status PromptView::deleteTestCase(const QString &name) {
    if (!m_db || promptId() == 0)
        return Error(tr("this tab is not connected to a store"));
    auto removed = store::TestCaseRepository(*m_db, promptId()).remove(name);
    if (!removed)
        return removed.error();
    reloadTestCases();
    return {};
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
