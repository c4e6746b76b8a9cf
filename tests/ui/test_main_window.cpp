// The workbench window on a real store seeded with the example project.
#include "main_window.h"
#include "project_tree_model.h"
#include "prompt_view.h"

#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>
#include <QTreeWidget>

using namespace trellis;

class TestMainWindow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::unique_ptr<ui::MainWindow> makeWindow(const QString &dbName) {
        project::WorkspaceOptions options;
        options.databasePath = m_dir.filePath(dbName);
        auto workspace = project::openWorkspace(options);
        if (!workspace)
            qFatal("%s", qPrintable(workspace.error().toString()));
        return std::make_unique<ui::MainWindow>(
            std::make_unique<project::Workspace>(std::move(*workspace)));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
    }

    void firstStartShowsTheExampleAndAnEmptyState() {
        auto window = makeWindow(QStringLiteral("first.db"));
        window->show();
        auto *tree = window->findChild<QTreeView *>(QStringLiteral("projectTree"));
        QVERIFY(tree);
        const QModelIndex prompts = tree->model()->index(promptsRow(), 0);
        QCOMPARE(tree->model()->rowCount(prompts), 4);
        auto *centre = window->findChild<QStackedWidget *>(QStringLiteral("centreStack"));
        QVERIFY(centre);
        QCOMPARE(centre->currentWidget()->objectName(), QStringLiteral("emptyState"));
    }

    void clickingAPromptOpensItsHistory() {
        auto window = makeWindow(QStringLiteral("open.db"));
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        auto *tree = window->findChild<QTreeView *>(QStringLiteral("projectTree"));
        const QModelIndex prompts = tree->model()->index(promptsRow(), 0);
        QModelIndex triage;
        for (int row = 0; row < tree->model()->rowCount(prompts); ++row) {
            const QModelIndex index = tree->model()->index(row, 0, prompts);
            if (index.data().toString() == QLatin1String("support-ticket-triage"))
                triage = index;
        }
        QVERIFY(triage.isValid());
        tree->scrollTo(triage);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(triage).center());

        ui::PromptView *view = window->currentPromptView();
        QVERIFY(view);
        QCOMPARE(view->promptName(), QStringLiteral("support-ticket-triage"));
        QCOMPARE(view->selectedVersion(), 3);
        auto *history = view->findChild<QTreeWidget *>(QStringLiteral("versionHistory"));
        QCOMPARE(history->topLevelItemCount(), 3);
        QCOMPARE(history->topLevelItem(1)->text(1), QStringLiteral("production"));
        auto *content = view->findChild<QTextBrowser *>(QStringLiteral("versionContent"));
        QVERIFY(content->toPlainText().contains(QStringLiteral("Examples:")));

        // Version 1 has no few-shot block.
        history->clearSelection();
        history->topLevelItem(2)->setSelected(true);
        QVERIFY(!content->toPlainText().contains(QStringLiteral("Examples:")));

        // Opening the same prompt again reuses its tab.
        QVERIFY(window->openPrompt(QStringLiteral("support-ticket-triage")));
        auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("editorTabs"));
        QCOMPARE(tabs->count(), 1);
    }

    void comparingTwoVersionsShowsTheChange() {
        auto window = makeWindow(QStringLiteral("compare.db"));
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        ui::PromptView *view = window->currentPromptView();
        auto *history = view->findChild<QTreeWidget *>(QStringLiteral("versionHistory"));
        history->selectAll();
        auto *content = view->findChild<QTextBrowser *>(QStringLiteral("versionContent"));
        const QString text = content->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("@1")) && text.contains(QStringLiteral("@2")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("audience")), qPrintable(text));

        // With TRELLIS_SCREENSHOT_DIR set (scripts/screenshots.sh), keep a picture for the docs.
        const QString shots = qEnvironmentVariable("TRELLIS_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            window->resize(1200, 780);
            window->show();
            QVERIFY(QTest::qWaitForWindowExposed(window.get()));
            QVERIFY(window->grab().save(QDir(shots).filePath(QStringLiteral("compare.png"))));
        }
    }

    void filterAndEnterOpensTheFirstMatch() {
        auto window = makeWindow(QStringLiteral("filter.db"));
        window->show();
        auto *filter = window->findChild<QLineEdit *>(QStringLiteral("projectFilter"));
        QTest::keyClicks(filter, QStringLiteral("reply"));
        QTest::keyClick(filter, Qt::Key_Return);
        QVERIFY(window->currentPromptView());
        QCOMPARE(window->currentPromptView()->promptName(), QStringLiteral("write-order-reply"));
    }

    void unknownPromptIsRefusedWithAMessage() {
        auto window = makeWindow(QStringLiteral("unknown.db"));
        QVERIFY(!window->openPrompt(QStringLiteral("does-not-exist")));
        QVERIFY(!window->currentPromptView());
    }

private:
    static int promptsRow() { return ui::ProjectTreeModel::Prompts; }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
