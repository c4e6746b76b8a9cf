// The run log on a store with 100k runs: the model holds a page and fetches the next one on
// demand (and a view scrolled to the end asks for it); the window is on screen before the run
// log has read anything.
#include "runlog/run_log_model.h"
#include "startup/first_paint.h"
#include "store/prompt_repository.h"
#include "store/run_repository.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>

#include <set>

using namespace trellis;

namespace {

constexpr qint64 kBigStoreRuns = 100000;

// `count` small runs of the example prompt `summarizer`, a second apart, ids and
// start times both increasing (the newest run is the last one).
void addRuns(store::Database &db, qint64 projectId, qint64 count) {
    auto head = store::PromptRepository(db, projectId).resolve(QStringLiteral("summarizer"));
    if (!head)
        qFatal("%s", qPrintable(head.error().toString()));
    store::RunRepository runs(db);
    for (qint64 done = 0; done < count;) {
        std::vector<store::RunRecord> batch;
        for (int i = 0; i < 5000 && done < count; ++i, ++done) {
            store::RunRecord run;
            run.promptVersionId = head->id;
            run.provider = QStringLiteral("dryrun");
            run.model = QStringLiteral("echo");
            run.inputTokens = done;
            run.startedAt = QDateTime::fromMSecsSinceEpoch(1700000000000 + done * 1000, Qt::UTC);
            batch.push_back(std::move(run));
        }
        if (auto ids = runs.insertBatch(batch); !ids)
            qFatal("%s", qPrintable(ids.error().toString()));
    }
}

} // namespace

class TestRunLogPaging : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::optional<project::Workspace> m_big; // the 100k-run store, built once

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        testing::isolateUserState(m_dir);
        project::WorkspaceOptions options;
        options.databasePath = m_dir.filePath(QStringLiteral("big.db"));
        auto workspace = project::openWorkspace(options);
        QVERIFY(workspace);
        m_big.emplace(std::move(*workspace));
        addRuns(m_big->db, m_big->project.id, kBigStoreRuns);
    }

    void cleanupTestCase() { m_big.reset(); }

    void holdsAPageAndFetchesTheNext() {
        ui::RunLogModel model(m_big->db);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(!model.isLoaded());
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.canFetchMore({})); // nothing before the first refresh

        QVERIFY(model.refresh());
        QVERIFY(model.isLoaded());
        QCOMPARE(model.rowCount(), ui::RunLogModel::kDefaultPageSize);
        QVERIFY(model.canFetchMore({}));
        QCOMPARE(model.runAt(0)->inputTokens, kBigStoreRuns - 1); // newest first

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 2 * ui::RunLogModel::kDefaultPageSize);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.front().at(1).toInt(), ui::RunLogModel::kDefaultPageSize);
        // The second page goes on where the first ended: every run once, newest first.
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.runAt(row)->inputTokens, kBigStoreRuns - 1 - row);

        // A refresh goes back to the newest page.
        QVERIFY(model.refresh());
        QCOMPARE(model.rowCount(), ui::RunLogModel::kDefaultPageSize);
    }

    void stopsAtTheOldestRun() {
        ui::RunLogModel model(m_big->db);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(30000);
        QVERIFY(model.refresh());
        int pages = 1;
        while (model.canFetchMore({})) {
            model.fetchMore({});
            QVERIFY(++pages <= 5);
        }
        QCOMPARE(model.rowCount(), int(kBigStoreRuns));
        QCOMPARE(pages, 4);
        std::set<qint64> ids;
        for (int row = 0; row < model.rowCount(); ++row)
            ids.insert(model.runAt(row)->id);
        QCOMPARE(ids.size(), std::size_t(kBigStoreRuns));
        model.fetchMore({}); // at the end: nothing happens
        QCOMPARE(model.rowCount(), int(kBigStoreRuns));
    }

    void aViewScrolledToTheEndFetchesMore() {
        ui::RunLogModel model(m_big->db);
        QVERIFY(model.refresh());
        QTableView view;
        view.setModel(&model);
        view.resize(600, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum());
        QTRY_VERIFY(model.rowCount() > ui::RunLogModel::kDefaultPageSize);
        QVERIFY(model.rowCount() < int(kBigStoreRuns));
    }

    void theWindowPaintsBeforeTheRunLogIsRead() {
        // A window on the 100k-run store (makeWindow opens it again, as the app would).
        auto window = testing::makeWindow(m_dir, QStringLiteral("big.db"));
        ui::RunLogModel *model = window->runLogModel();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *stack = window->findChild<QDockWidget *>(QStringLiteral("runLogDock"))
                          ->findChild<QStackedWidget *>();
        QVERIFY(stack);
        // Built, not yet painted: nothing read, the dock says it is loading.
        QVERIFY(!model->isLoaded());
        QCOMPARE(model->rowCount(), 0);
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("runLogLoading"));

        ui::FirstPaintWatcher painted(window.get());
        QSignalSpy firstPaint(&painted, &ui::FirstPaintWatcher::firstPainted);
        QSignalSpy reset(model, &QAbstractItemModel::modelReset);
        window->show();
        QVERIFY(firstPaint.wait());
        // The model is read after the first frame, one page of it.
        QTRY_VERIFY(model->isLoaded());
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model->rowCount(), ui::RunLogModel::kDefaultPageSize);
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("runLogTable"));
    }

    void anEmptyStoreSaysSoOnceRead() {
        auto window = testing::makeWindow(m_dir, QStringLiteral("empty.db"));
        auto *stack = window->findChild<QDockWidget *>(QStringLiteral("runLogDock"))
                          ->findChild<QStackedWidget *>();
        window->show();
        QTRY_VERIFY(window->runLogModel()->isLoaded());
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("runLogEmpty"));
    }
};

QTEST_MAIN(TestRunLogPaging)
#include "test_run_log_paging.moc"
