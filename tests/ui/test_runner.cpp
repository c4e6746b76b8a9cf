// The live runner in the real window against the fake server: streaming, metrics, the run
// log, Stop, schema checks and designed errors.
#include "fake_llm_server.h"
#include "main_window.h"
#include "runlog/run_detail_dialog.h"
#include "runlog/run_log_model.h"
#include "runner/runner_pane.h"
#include "ui_test_support.h"

#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace trellis;
using trellis::testing::FakeLlmServer;
using trellis::testing::FakeReply;

class TestRunner : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    FakeLlmServer m_server;
    QString m_settings;
    int m_dbCount = 0;

    std::unique_ptr<ui::MainWindow> window(const QString &prompt, QString settings = {}) {
        auto w = trellis::testing::makeWindow(m_dir, QStringLiteral("run%1.db").arg(++m_dbCount),
                                              settings.isEmpty() ? m_settings : settings);
        w->show();
        w->activateWindow();
        if (!QTest::qWaitForWindowActive(w.get()))
            qFatal("the window did not become active");
        if (!w->openPrompt(prompt))
            qFatal("cannot open %s", qPrintable(prompt));
        w->runner()->setSelectedModel(QStringLiteral("fake:test-model"));
        return w;
    }
    static QPlainTextEdit *output(ui::MainWindow &w) {
        return w.findChild<QPlainTextEdit *>(QStringLiteral("runnerOutput"));
    }
    static QString label(ui::MainWindow &w, const char *name) {
        auto *l = w.findChild<QLabel *>(QLatin1String(name));
        return l && l->isVisible() ? l->text() : QString();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        trellis::testing::isolateUserState(m_dir);
        QVERIFY(m_server.listen());
        m_settings = m_dir.filePath(QStringLiteral("settings.json"));
        trellis::testing::writeFile(m_settings, trellis::testing::fakeEndpointSettings(
                                                    m_server.openAiBaseUrl().toString()));
    }

    void streamsTheAnswerShowsMetricsAndLogsTheRun() {
        auto w = window(QStringLiteral("summarizer"));
        FakeReply reply = FakeReply::withFault(trellis::testing::FakeFault::SlowDrip, 15);
        reply.text = QStringLiteral("Trellis is a workbench for prompts, runs and versions.");
        reply.chunkChars = 6;
        m_server.enqueue(reply);
        QCOMPARE(w->runLogModel()->rowCount(), 0);

        QSignalSpy ended(w->runner(), &ui::RunnerPane::runEnded);
        QSignalSpy typed(output(*w), &QPlainTextEdit::textChanged);
        auto *run = w->findChild<QPushButton *>(QStringLiteral("runButton"));
        QTest::mouseClick(run, Qt::LeftButton);
        QVERIFY(w->runner()->isRunning());
        // Part of the answer is on screen while the run is still going: it streams.
        QTRY_VERIFY(!output(*w)->toPlainText().isEmpty());
        QVERIFY(w->runner()->isRunning());
        QVERIFY(output(*w)->toPlainText().size() < reply.text.size());
        QVERIFY(ended.wait(10000));
        QVERIFY(typed.count() >= 5); // several deltas, then the final text
        QCOMPARE(output(*w)->toPlainText(), reply.text);

        const auto outcome = ended.at(0).at(0).value<runtime::RunOutcome>();
        QVERIFY2(outcome.ok, qPrintable(outcome.errorMessage));
        const QString metrics = label(*w, "runnerMetrics");
        QVERIFY2(metrics.contains(QStringLiteral("TTFT"))
                     && metrics.contains(QStringLiteral(" ms")),
                 qPrintable(metrics));
        QVERIFY(metrics.contains(QStringLiteral(" in / ")));
        QVERIFY(metrics.contains(QStringLiteral("cache: miss")));
        QVERIFY(metrics.contains(QStringLiteral("1 attempt")));
        QVERIFY(label(*w, "runnerError").isEmpty());

        QCOMPARE(w->runLogModel()->rowCount(), 1);
        const auto *logged = w->runLogModel()->runAt(0);
        QCOMPARE(logged->status, QStringLiteral("ok"));
        QCOMPARE(logged->model, QStringLiteral("test-model"));
        // The log lists figures only; the run's detail reads the whole record.
        QVERIFY(logged->responseText.isEmpty());
        w->openRun(logged->id);
        auto *detail = w->findChild<ui::RunDetailDialog *>();
        QVERIFY(detail);
        auto *response = detail->findChild<QPlainTextEdit *>(QStringLiteral("runResponse"));
        QVERIFY(response);
        QCOMPARE(response->toPlainText(), reply.text);
        detail->close();
        QCOMPARE(w->runLogModel()->index(0, ui::RunLogModel::Prompt).data().toString(),
                 QStringLiteral("summarizer"));

        // Ctrl+Enter runs again; the same request is answered from the cache.
        QTest::keyClick(w.get(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(ended.wait(10000));
        QVERIFY(label(*w, "runnerMetrics").contains(QStringLiteral("cache: hit")));
        QCOMPARE(output(*w)->toPlainText(), reply.text);
        QCOMPARE(w->runLogModel()->rowCount(), 2);
    }

    void stopCancelsTheRun() {
        auto w = window(QStringLiteral("summarizer"));
        FakeReply reply = FakeReply::withFault(trellis::testing::FakeFault::SlowDrip, 200);
        reply.text = QStringLiteral("a long answer that drips in slowly, one chunk at a time");
        reply.chunkChars = 4;
        m_server.enqueue(reply);
        QSignalSpy ended(w->runner(), &ui::RunnerPane::runEnded);
        QVERIFY(w->runCurrentPrompt());
        QTRY_VERIFY(!output(*w)->toPlainText().isEmpty());
        QTest::mouseClick(w->findChild<QPushButton *>(QStringLiteral("stopButton")),
                          Qt::LeftButton);
        QVERIFY(ended.count() == 1 || ended.wait(10000));
        const auto outcome = ended.at(0).at(0).value<runtime::RunOutcome>();
        QCOMPARE(outcome.errorKind, runtime::RunErrorKind::Cancelled);
        QVERIFY(!w->runner()->isRunning());
        QVERIFY(label(*w, "runnerError").contains(QStringLiteral("Stopped")));
        QVERIFY(output(*w)->toPlainText().size() < reply.text.size());
        QTRY_COMPARE(w->runLogModel()->rowCount(), 1);
        QCOMPARE(w->runLogModel()->runAt(0)->status, QStringLiteral("cancelled"));
    }

    void jsonAnswersArePrettyAndCheckedAgainstTheSchema() {
        auto w = window(QStringLiteral("support-ticket-triage"));
        // Valid JSON for the shape but missing required fields of the triage schema.
        m_server.enqueue(FakeReply::ok(QStringLiteral("{\"category\": 42}")));
        QSignalSpy ended(w->runner(), &ui::RunnerPane::runEnded);
        QVERIFY(w->runCurrentPrompt());
        QVERIFY(ended.wait(10000));
        QCOMPARE(output(*w)->toPlainText(), QStringLiteral("{\n    \"category\": 42\n}"));
        QVERIFY(label(*w, "runnerSchema").contains(QStringLiteral("does not match")));
        auto *problems = w->findChild<QListWidget *>(QStringLiteral("schemaProblems"));
        QVERIFY(problems->isVisible());
        QVERIFY(problems->count() >= 1);
    }

    void failuresAreExplained() {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 deadPort = probe.serverPort();
        probe.close();
        const QString settings = m_dir.filePath(QStringLiteral("dead.json"));
        trellis::testing::writeFile(settings,
                                    trellis::testing::fakeEndpointSettings(
                                        QStringLiteral("http://127.0.0.1:%1/v1").arg(deadPort)));
        auto w = window(QStringLiteral("summarizer"), settings);
        QSignalSpy ended(w->runner(), &ui::RunnerPane::runEnded);
        QVERIFY(w->runCurrentPrompt());
        QVERIFY(ended.wait(30000));
        const QString error = label(*w, "runnerError");
        QVERIFY2(error.contains(QStringLiteral("The run failed")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("Test")), qPrintable(error)); // the hint
        QCOMPARE(w->runLogModel()->runAt(0)->status, QStringLiteral("error"));
    }

    void nothingOpenSaysWhatToDo() {
        auto w = trellis::testing::makeWindow(m_dir, QStringLiteral("empty.db"), m_settings);
        w->show();
        QVERIFY(!w->runCurrentPrompt());
        QVERIFY(!w->runner()->isRunning());
    }
};

QTEST_MAIN(TestRunner)
#include "test_runner.moc"
