// What survives a restart or a crash: layout and open tabs (QSettings), drafts (files), and
// the run log model.
#include "drafts/draft_autosaver.h"
#include "drafts/draft_store.h"
#include "editor/messages_editor.h"
#include "main_window.h"
#include "prompt_view.h"
#include "runlog/run_detail_dialog.h"
#include "runlog/run_log_model.h"
#include "store/run_repository.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFrame>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

using namespace trellis;

class TestWorkbenchSession : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Clicks `button` in the next message box as soon as it is shown (exec() blocks).
    static void answerNextMessageBox(QMessageBox::StandardButton button) {
        auto *poll = new QTimer;
        poll->setInterval(10);
        QObject::connect(poll, &QTimer::timeout, [poll, button] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                poll->deleteLater();
                box->button(button)->click();
            }
        });
        poll->start();
    }

    static QJsonObject state(const QString &text) {
        return QJsonObject{{QStringLiteral("text"), text}};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        testing::isolateUserState(m_dir);
    }
    void init() { QSettings().clear(); } // each test starts without a saved session

    void draftStoreRoundTripsAndKeepsWhatItCannotRead() {
        ui::DraftStore store(m_dir.filePath(QStringLiteral("store-drafts")));
        QVERIFY(store.load().isEmpty()); // no directory yet: no drafts
        QVERIFY(store.save({QStringLiteral("a/b: weird name"), state(QStringLiteral("one")), {}}));
        QVERIFY(store.save({QStringLiteral("plain"), state(QStringLiteral("two")), {}}));
        QVERIFY(store.save({QStringLiteral("plain"), state(QStringLiteral("three")), {}}));
        testing::writeFile(store.directory() + QStringLiteral("/junk.draft.json"), "{half");
        QStringList problems;
        const QList<ui::Draft> drafts = store.load(&problems);
        QCOMPARE(drafts.size(), 2);
        QCOMPARE(problems.size(), 1);
        QStringList names;
        for (const ui::Draft &d : drafts) {
            names << d.promptName;
            QVERIFY(d.savedAt.isValid());
            if (d.promptName == u"plain")
                QCOMPARE(d.state, state(QStringLiteral("three")));
        }
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("a/b: weird name"), QStringLiteral("plain")}));
        QVERIFY(store.remove(QStringLiteral("plain")));
        QCOMPARE(store.load().size(), 1);
        QVERIFY(store.clear());
        QVERIFY(store.load().isEmpty());
        QVERIFY(QFile::exists(store.directory() + QStringLiteral("/junk.draft.json")));
    }

    void autosaverWritesOnceTypingPauses() {
        ui::DraftStore store(m_dir.filePath(QStringLiteral("autosave")));
        QHash<QString, std::optional<QJsonObject>> editors;
        int collected = 0;
        ui::DraftAutosaver saver(
            &store,
            [&](const QString &name) {
                ++collected;
                return editors.value(name);
            },
            50);
        QSignalSpy saved(&saver, &ui::DraftAutosaver::saved);
        editors[QStringLiteral("p")] = state(QStringLiteral("h"));
        saver.markChanged(QStringLiteral("p"));
        editors[QStringLiteral("p")] = state(QStringLiteral("he"));
        saver.markChanged(QStringLiteral("p"));
        editors[QStringLiteral("p")] = state(QStringLiteral("hello"));
        saver.markChanged(QStringLiteral("p"));
        QCOMPARE(collected, 0); // nothing written while typing goes on
        QVERIFY(saved.wait(5000));
        QCOMPARE(collected, 1); // one write for the burst, with the latest state
        QCOMPARE(store.load().value(0).state, state(QStringLiteral("hello")));
        // Saved to the store meanwhile: no unsaved state, so the draft goes.
        editors[QStringLiteral("p")] = std::nullopt;
        saver.markChanged(QStringLiteral("p"));
        saver.flush();
        QVERIFY(store.load().isEmpty());
        // flush() waits for the background writer and reports before it returns.
        editors[QStringLiteral("q")] = state(QStringLiteral("queued"));
        saver.markChanged(QStringLiteral("q"));
        const qsizetype reports = saved.count();
        saver.flush();
        QCOMPARE(saved.count(), reports + 1);
        QCOMPARE(saved.last().value(0).toStringList(), QStringList{QStringLiteral("q")});
        QCOMPARE(store.load().value(0).state, state(QStringLiteral("queued")));
    }

    void autosaverReportsAFailedWriteAndTriesAgain() {
        // A file where the draft directory should be: every write fails.
        const QString blocked = m_dir.filePath(QStringLiteral("not-a-directory"));
        QFile file(blocked);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        ui::DraftStore store(blocked);
        ui::DraftAutosaver saver(
            &store, [&](const QString &) { return std::optional(state(QStringLiteral("x"))); }, 10);
        QSignalSpy failed(&saver, &ui::DraftAutosaver::failed);
        saver.markChanged(QStringLiteral("p"));
        QVERIFY(failed.wait(5000));
        QVERIFY(saver.hasPending()); // kept for the next change
    }

    void draftsOfACrashedSessionAreOfferedAndACleanCloseClearsThem() {
        const QString db = QStringLiteral("crash.db");
        {
            auto first = testing::makeWindow(m_dir, db);
            first->show();
            QVERIFY(first->openPrompt(QStringLiteral("summarizer")));
            // What the autosaver wrote while the user typed; then the process dies: the window
            // goes away without a close event.
            QVERIFY(first->draftStore()->save(
                {QStringLiteral("summarizer"), state(QStringLiteral("typed")), {}}));
            QVERIFY(first->draftStore()->save(
                {QStringLiteral("write-order-reply"), state(QStringLiteral("more")), {}}));
        }
        auto second = testing::makeWindow(m_dir, db);
        second->show();
        auto *banner = second->findChild<QFrame *>(QStringLiteral("draftBanner"));
        QVERIFY(banner);
        QVERIFY(banner->isVisible());
        QCOMPARE(second->draftStore()->load().size(), 2);
        QTest::mouseClick(banner->findChild<QPushButton *>(QStringLiteral("restoreDrafts")),
                          Qt::LeftButton);
        QVERIFY(!banner->isVisible());
        QVERIFY(second->openPromptNames().contains(QStringLiteral("summarizer")));
        QVERIFY(second->openPromptNames().contains(QStringLiteral("write-order-reply")));
        QVERIFY(second->close()); // a clean close
        QVERIFY(second->draftStore()->load().isEmpty());
        second.reset();

        auto third = testing::makeWindow(m_dir, db);
        third->show();
        QVERIFY(!third->findChild<QFrame *>(QStringLiteral("draftBanner"))->isVisible());
    }

    void typedTextSurvivesACrash() {
        const QString db = QStringLiteral("typed.db");
        {
            auto first = testing::makeWindow(m_dir, db, {}, 20);
            first->show();
            QVERIFY(first->openPrompt(QStringLiteral("summarizer")));
            ui::PromptView *view = first->currentPromptView();
            auto *editor = view->findChild<ui::MessagesEditor *>()->findChild<QPlainTextEdit *>();
            QVERIFY(editor);
            editor->moveCursor(QTextCursor::End);
            QTest::keyClicks(editor, QStringLiteral(" DRAFT-MARKER"));
            QTRY_VERIFY(view->isDirty());
            // Written shortly after typing stops, without any save or close.
            QTRY_COMPARE(first->draftStore()->load().size(), 1);
        } // killed: no close event
        auto second = testing::makeWindow(m_dir, db);
        second->show();
        auto *banner = second->findChild<QFrame *>(QStringLiteral("draftBanner"));
        QVERIFY(banner->isVisible());
        second->restoreDrafts();
        ui::PromptView *view = second->currentPromptView();
        QVERIFY(view);
        QCOMPARE(view->promptName(), QStringLiteral("summarizer"));
        QTRY_VERIFY(view->isDirty());
        bool found = false;
        for (const auto &message : view->currentSpec().messages)
            found = found || message.content.contains(QStringLiteral("DRAFT-MARKER"));
        QVERIFY(found);
        // The runner sends what is in the editor, not the stored version.
        const auto input = second->currentRunInput();
        QVERIFY(input);
        QCOMPARE(input->promptVersionId, 0);
        QVERIFY(input->spec.messages.back().content.contains(QStringLiteral("DRAFT-MARKER"))
                || input->spec.messages.front().content.contains(QStringLiteral("DRAFT-MARKER")));
        QCOMPARE(input->variables.value("max_words", 0), 80);

        // Quitting with unsaved changes asks; "Keep Drafts" keeps them for the next start.
        answerNextMessageBox(QMessageBox::Save);
        QVERIFY(second->close());
        QCOMPARE(second->draftStore()->load().size(), 1);
        second.reset();
        auto third = testing::makeWindow(m_dir, db);
        third->show();
        QVERIFY(third->findChild<QFrame *>(QStringLiteral("draftBanner"))->isVisible());
        third->restoreDrafts();
        QTRY_VERIFY(third->currentPromptView()->isDirty());
        // Cancel keeps the window open; Discard drops the drafts.
        answerNextMessageBox(QMessageBox::Cancel);
        QVERIFY(!third->close());
        answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(third->close());
        QVERIFY(third->draftStore()->load().isEmpty());
    }

    void discardRemovesTheDrafts() {
        const QString db = QStringLiteral("discard.db");
        {
            auto first = testing::makeWindow(m_dir, db);
            QVERIFY(first->draftStore()->save({QStringLiteral("summarizer"), state({}), {}}));
        }
        auto second = testing::makeWindow(m_dir, db);
        second->show();
        auto *banner = second->findChild<QFrame *>(QStringLiteral("draftBanner"));
        QVERIFY(banner->isVisible());
        QTest::mouseClick(banner->findChild<QPushButton *>(QStringLiteral("discardDrafts")),
                          Qt::LeftButton);
        QVERIFY(!banner->isVisible());
        QVERIFY(second->draftStore()->load().isEmpty());
        QVERIFY(second->openPromptNames().isEmpty());
    }

    void layoutAndTabsComeBack() {
        const QString db = QStringLiteral("layout.db");
        QByteArray geometry;
        {
            auto first = testing::makeWindow(m_dir, db);
            first->show();
            QVERIFY(QTest::qWaitForWindowExposed(first.get()));
            QVERIFY(first->openPrompt(QStringLiteral("summarizer")));
            QVERIFY(first->openPrompt(QStringLiteral("support-ticket-triage")));
            QVERIFY(first->openPrompt(QStringLiteral("write-order-reply")));
            QVERIFY(first->openPrompt(QStringLiteral("support-ticket-triage")));
            first->findChild<QDockWidget *>(QStringLiteral("runLogDock"))->hide();
            QVERIFY(first->close());
        }
        auto second = testing::makeWindow(m_dir, db);
        second->show();
        second->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(second.get()));
        QCOMPARE(second->openPromptNames(),
                 (QStringList{QStringLiteral("summarizer"), QStringLiteral("support-ticket-triage"),
                              QStringLiteral("write-order-reply")}));
        QCOMPARE(second->currentPromptView()->promptName(),
                 QStringLiteral("support-ticket-triage"));
        QVERIFY(!second->findChild<QDockWidget *>(QStringLiteral("runLogDock"))->isVisible());
        QVERIFY(second->findChild<QDockWidget *>(QStringLiteral("runnerDock"))->isVisible());

        // Ctrl+W closes the current tab.
        auto *tabs = second->findChild<QTabWidget *>(QStringLiteral("editorTabs"));
        QTest::keyClick(second.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(tabs->count(), 2);
    }

    void runLogModelListsRunsNewestFirstAndOpensThem() {
        auto w = testing::makeWindow(m_dir, QStringLiteral("log.db"));
        ui::RunLogModel *model = w->runLogModel();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 0);
        // Runs written by some other process (the CLI, an experiment) show after a refresh.
        project::WorkspaceOptions options;
        options.databasePath = m_dir.filePath(QStringLiteral("log.db"));
        auto other = project::openWorkspace(options);
        QVERIFY(other);
        store::RunRepository runs(other->db);
        store::RunRecord run;
        run.provider = QStringLiteral("dryrun");
        run.model = QStringLiteral("older");
        run.responseText = QStringLiteral("{\"a\":1}");
        run.inputTokens = 1200;
        run.outputTokens = 30;
        run.costUsd = 0.00042;
        run.latencyMs = 321;
        run.startedAt = QDateTime::currentDateTimeUtc().addSecs(-60);
        QVERIFY(runs.insert(run));
        run.model = QStringLiteral("newer");
        run.status = QStringLiteral("error");
        run.error = QStringLiteral("server_error (HTTP 500): boom");
        run.costUsd.reset();
        run.startedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(runs.insert(run));
        QVERIFY(model->refresh());
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->index(0, ui::RunLogModel::Model).data().toString(),
                 QStringLiteral("dryrun:newer"));
        QCOMPARE(model->index(0, ui::RunLogModel::Status).data().toString(),
                 QStringLiteral("error"));
        QCOMPARE(model->index(0, ui::RunLogModel::Status).data(Qt::ToolTipRole).toString(),
                 run.error);
        QCOMPARE(model->index(0, ui::RunLogModel::Cost).data().toString(), QStringLiteral("—"));
        QCOMPARE(model->index(1, ui::RunLogModel::Cost).data().toString(),
                 QStringLiteral("$0.000420"));
        QCOMPARE(model->index(1, ui::RunLogModel::Latency).data().toString(),
                 QStringLiteral("321 ms"));
        QVERIFY(model->index(1, ui::RunLogModel::Tokens)
                    .data()
                    .toString()
                    .endsWith(QStringLiteral(" / 30")));

        const QString html = ui::runMetricsHtml(*model->runAt(1));
        QVERIFY(html.contains(QStringLiteral("321 ms")));
        w->openRun(model->runAt(1)->id);
        auto *dialog = w->findChild<ui::RunDetailDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
    }
};

QTEST_MAIN(TestWorkbenchSession)
#include "test_workbench_session.moc"
