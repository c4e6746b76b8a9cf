// The project tree's workflows, datasets and experiments on a real store, and the read-only
// tab each opens.
#include "eval/dataset_repository.h"
#include "eval/experiment_repository.h"
#include "items/dataset_table_model.h"
#include "items/dataset_view.h"
#include "main_window.h"
#include "project_tree_model.h"
#include "store/workflow_repository.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

using namespace trellis;
using nlohmann::json;
using Kind = ui::ProjectTreeModel::Kind;

namespace {

json twoNodeWorkflow() {
    return json{
        {"schemaVersion", 1},
        {"name", "echo"},
        {"nodes",
         json::array({json{{"id", "in"},
                           {"type", "input"},
                           {"outputs", json::array({{{"name", "text"}, {"type", "text"}}})}},
                      json{{"id", "out"},
                           {"type", "output"},
                           {"inputs", json::array({{{"name", "answer"}, {"type", "text"}}})}}})},
        {"edges", json::array({{{"id", "e1"}, {"from", "in.text"}, {"to", "out.answer"}}})}};
}

// Writes one workflow, one dataset (3 rows) and one experiment (2 columns x 3 rows, graded
// partly) through the same repositories the CLI uses.
void seedItems(project::Workspace &ws) {
    const qint64 project = ws.project.id;
    auto committed =
        store::WorkflowRepository(ws.db, project)
            .commit(QStringLiteral("echo-flow"), twoNodeWorkflow(), QStringLiteral("first"));
    if (!committed)
        qFatal("%s", qPrintable(committed.error().toString()));
    auto imported = eval::DatasetRepository(ws.db, project)
                        .importText(QStringLiteral("tickets"),
                                    QByteArrayLiteral("ticket,lang\nRefund please,en\n"
                                                      "Wo ist mein Paket,de\nHello,en\n"),
                                    eval::DatasetFormat::Csv);
    if (!imported)
        qFatal("%s", qPrintable(imported.error().toString()));
    eval::ExperimentRepository experiments(ws.db, project);
    auto record = experiments.findOrCreate(QStringLiteral("triage-eval"), QStringLiteral("fp1"),
                                           json::object(), imported->dataset.hash);
    if (!record)
        qFatal("%s", qPrintable(record.error().toString()));
    std::vector<eval::NewCell> cells;
    for (int row = 0; row < 3; ++row)
        for (const char *variant : {"v1", "v2"})
            cells.push_back({QString::fromLatin1(variant), QStringLiteral("m"), row, 0, {}});
    Status added = experiments.addCells(record->id, cells);
    if (!added)
        qFatal("%s", qPrintable(added.error().toString()));
    auto stored = experiments.cells(record->id);
    // v1: pass, pass, fail; v2: pass, pending, pending.
    std::vector<eval::CellUpdate> updates{{(*stored)[0].id, QStringLiteral("done"), {}},
                                          {(*stored)[1].id, QStringLiteral("done"), {}},
                                          {(*stored)[2].id, QStringLiteral("done"), {}},
                                          {(*stored)[4].id, QStringLiteral("failed"), {}}};
    if (Status saved = experiments.saveResults(updates); !saved)
        qFatal("%s", qPrintable(saved.error().toString()));
    if (Status paused = experiments.setStatus(record->id, QStringLiteral("paused")); !paused)
        qFatal("%s", qPrintable(paused.error().toString()));
}

} // namespace

class TestWorkbenchItems : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<ui::MainWindow> makeWindow(const QString &dbName, bool withItems) {
        project::WorkspaceOptions options;
        options.databasePath = m_dir.filePath(dbName);
        options.seedExample = false; // only what the test adds, whatever the example holds
        auto workspace = project::openWorkspace(options);
        if (!workspace)
            qFatal("%s", qPrintable(workspace.error().toString()));
        if (withItems)
            seedItems(*workspace);
        ui::MainWindowOptions windowOptions;
        windowOptions.settingsPath = m_dir.filePath(dbName + QStringLiteral(".ini"));
        windowOptions.draftDirectory = m_dir.filePath(dbName + QStringLiteral(".drafts"));
        return std::make_unique<ui::MainWindow>(
            std::make_unique<project::Workspace>(std::move(*workspace)), windowOptions);
    }

    // Clicks the first row under `category` in the visible (filtered) tree.
    static void clickFirstItem(QTreeView *tree, int category) {
        auto *model = qobject_cast<QSortFilterProxyModel *>(tree->model());
        QVERIFY(model);
        QModelIndex parent;
        for (int row = 0; row < model->rowCount(); ++row)
            if (model->mapToSource(model->index(row, 0)).row() == category)
                parent = model->index(row, 0);
        QVERIFY(parent.isValid());
        const QModelIndex first = model->index(0, 0, parent);
        tree->scrollTo(first);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(first).center());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
    }

    void treeListsEveryKind() {
        auto window = makeWindow(QStringLiteral("kinds.db"), true);
        auto *tree = window->findChild<QTreeView *>(QStringLiteral("projectTree"));
        QAbstractItemModelTester tester(tree->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModel *model = tree->model();
        auto first = [&](int category, int column) {
            return model->index(0, column, model->index(category, 0)).data().toString();
        };
        QCOMPARE(first(ui::ProjectTreeModel::Workflows, 0), QStringLiteral("echo-flow"));
        QCOMPARE(first(ui::ProjectTreeModel::Workflows, 1), QStringLiteral("@1"));
        QCOMPARE(first(ui::ProjectTreeModel::Datasets, 1), QStringLiteral("3 rows"));
        QCOMPARE(first(ui::ProjectTreeModel::Experiments, 0), QStringLiteral("triage-eval"));
        QCOMPARE(first(ui::ProjectTreeModel::Experiments, 1), QStringLiteral("paused"));

        // Filter-as-you-type keeps matches of every kind.
        auto *filter = window->findChild<QLineEdit *>(QStringLiteral("projectFilter"));
        QTest::keyClicks(filter, QStringLiteral("triage"));
        QCOMPARE(model->rowCount(), 1); // experiments (hints never match)
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("tick"));
        QVERIFY(model->rowCount() >= 1);
    }

    void emptyStoreShowsHints() {
        auto window = makeWindow(QStringLiteral("hints.db"), false);
        auto *tree = window->findChild<QTreeView *>(QStringLiteral("projectTree"));
        const QModelIndex workflows = tree->model()->index(ui::ProjectTreeModel::Workflows, 0);
        QCOMPARE(tree->model()->rowCount(workflows), 2);
        QVERIFY(tree->model()
                    ->index(0, 0, workflows)
                    .data()
                    .toString()
                    .startsWith(QStringLiteral("No workflows yet")));
        // Clicking a hint opens nothing.
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        clickFirstItem(tree, ui::ProjectTreeModel::Workflows);
        QCOMPARE(window->findChild<QTabWidget *>(QStringLiteral("editorTabs"))->count(), 0);
    }

    void eachKindOpensItsTab() {
        auto window = makeWindow(QStringLiteral("tabs.db"), true);
        window->resize(1200, 800);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        auto *tree = window->findChild<QTreeView *>(QStringLiteral("projectTree"));
        auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("editorTabs"));

        clickFirstItem(tree, ui::ProjectTreeModel::Workflows);
        QCOMPARE(tabs->count(), 1);
        QCOMPARE(tabs->tabText(0), QStringLiteral("echo-flow"));
        auto *graph =
            tabs->currentWidget()->findChild<QTreeWidget *>(QStringLiteral("workflowGraph"));
        QVERIFY(graph);
        QCOMPARE(graph->topLevelItem(0)->childCount(), 2); // nodes
        QCOMPARE(graph->topLevelItem(0)->child(0)->text(1), QStringLiteral("input"));
        QCOMPARE(graph->topLevelItem(1)->child(0)->text(2), QStringLiteral("in.text → out.answer"));
        auto *jsonText =
            tabs->currentWidget()->findChild<QPlainTextEdit *>(QStringLiteral("workflowJson"));
        QVERIFY(jsonText->isReadOnly());
        QVERIFY(jsonText->toPlainText().contains(QStringLiteral("\"out.answer\"")));

        clickFirstItem(tree, ui::ProjectTreeModel::Datasets);
        QCOMPARE(tabs->count(), 2);
        auto *table =
            tabs->currentWidget()->findChild<QTableView *>(QStringLiteral("datasetTable"));
        QVERIFY(table);
        QAbstractItemModelTester tester(table->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(table->model()->rowCount(), 3);
        QCOMPARE(table->model()->columnCount(), 2);
        QCOMPARE(table->model()->headerData(1, Qt::Horizontal).toString(), QStringLiteral("lang"));
        QCOMPARE(table->model()->index(1, 0).data().toString(),
                 QStringLiteral("Wo ist mein Paket"));

        clickFirstItem(tree, ui::ProjectTreeModel::Experiments);
        QCOMPARE(tabs->count(), 3);
        auto *counts =
            tabs->currentWidget()->findChild<QLabel *>(QStringLiteral("experimentCounts"));
        QVERIFY(counts);
        QVERIFY2(counts->text().startsWith(
                     QStringLiteral("6 cells: 3 passed, 1 failed, 2 pending; pass rate 75.0 %")),
                 qPrintable(counts->text()));
        auto *columns =
            tabs->currentWidget()->findChild<QTreeWidget *>(QStringLiteral("experimentColumns"));
        QCOMPARE(columns->topLevelItemCount(), 2);
        QCOMPARE(columns->topLevelItem(0)->text(0), QStringLiteral("v1 × m"));
        QCOMPARE(columns->topLevelItem(0)->text(5), QStringLiteral("66.7 %"));
        QCOMPARE(columns->topLevelItem(1)->text(4), QStringLiteral("2"));

        // Activating an open item again switches to its tab instead of opening another.
        clickFirstItem(tree, ui::ProjectTreeModel::Workflows);
        QCOMPARE(tabs->count(), 3);
        QCOMPARE(tabs->currentIndex(), 0);
        QVERIFY(!window->openItem(Kind::Dataset, QStringLiteral("missing")));
    }
};

QTEST_MAIN(TestWorkbenchItems)
#include "test_workbench_items.moc"
