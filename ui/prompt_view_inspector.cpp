// PromptView: the inspector page (model & parameters, variables, test cases) the window shows
// in its Inspector dock, and the test cases in the store.
#include "editor/code_editor.h"
#include "editor/field_undo.h"
#include "editor/history_panel.h"
#include "editor/model_params_panel.h"
#include "editor/variables_panel.h"
#include "prompt_view.h"
#include "providers/model_catalog.h"
#include "store/test_case_repository.h"

#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QUndoStack>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {

nlohmann::json toPlainJson(const nlohmann::ordered_json &value) {
    return nlohmann::json::parse(value.dump());
}

// A bold section title above a panel, so the page reads like the editor's own sections.
QWidget *section(const QString &title, QWidget *content, QWidget *parent) {
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), box);
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return box;
}

} // namespace

QWidget *PromptView::buildInspector() {
    // A child of the tab until the window's dock takes it; hidden so it never paints over
    // the tab when there is no dock (tests, benchmarks).
    m_inspectorPage = new QWidget(this);
    m_inspectorPage->setObjectName(QStringLiteral("inspectorPage"));
    m_inspectorPage->hide();

    m_inspectorTitle = new QLabel(m_inspectorPage);
    m_inspectorTitle->setObjectName(QStringLiteral("inspectorTitle"));
    m_inspectorTitle->setTextFormat(Qt::PlainText);
    m_inspectorTitle->setContentsMargins(6, 4, 6, 0);
    QFont titleFont = m_inspectorTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    m_inspectorTitle->setFont(titleFont);

    m_params = new ModelParamsPanel(m_inspectorPage);
    m_params->setObjectName(QStringLiteral("modelParams"));
    m_params->setCatalog(m_catalog.get());
    m_params->setUndoStack(m_undo);
    connect(m_params, &ModelParamsPanel::changed, this, &PromptView::onEdited);
    routeUndo(m_params->otherParamsEditor());

    m_variables = new VariablesPanel(m_inspectorPage);
    m_variables->setObjectName(QStringLiteral("variablesPanel"));
    m_variables->setUndoStack(m_undo);
    connectVariables();

    auto *sections = new QSplitter(Qt::Vertical, m_inspectorPage);
    sections->setObjectName(QStringLiteral("inspectorSections"));
    sections->setChildrenCollapsible(false);
    sections->addWidget(section(tr("Model & Parameters"), m_params, sections));
    sections->addWidget(section(tr("Variables"), m_variables, sections));
    // The variables get the room: the parameter form is short, and "other parameters" is
    // mostly empty. The user moves the handle for more.
    sections->setStretchFactor(0, 0);
    sections->setStretchFactor(1, 1);
    sections->setSizes({260, 540});

    auto *layout = new QVBoxLayout(m_inspectorPage);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_inspectorTitle);
    layout->addWidget(sections, 1);
    return m_inspectorPage;
}

void PromptView::connectVariables() {
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

} // namespace trellis::ui
