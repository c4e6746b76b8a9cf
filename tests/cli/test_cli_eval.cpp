// End-to-end: trellis-cli eval against an in-process fake LLM server (so the test can count
// the chat requests and kill the CLI mid-run): exit codes, report files, and resuming after
// SIGKILL without paying for any cell twice.
#include "cli_process.h"
#include "fake_llm_server.h"
#include "store/database.h"
#include "store/statement.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using trellis::test::CliProcess;
using trellis::test::CliResult;
using trellis::testing::FakeLlmServer;

namespace {

constexpr const char *kSecret = "sk-evalSECRETkey0123456789abcdefghij";

// `rows` rows asking to echo wN; variant "echo" passes every row, "shout" none.
QByteArray experiment(int rows, bool withFailingVariant, int concurrency) {
    QByteArray text = "name: cli-echo\n"
                      "variants:\n"
                      "  - label: echo\n"
                      "    messages: \"{{ word }}\"\n";
    if (withFailingVariant)
        text += "  - label: shout\n"
                "    messages: \"{{ word }}!\"\n";
    text += "models: [openai:gpt-4o-mini]\n"
            "cache: false\n"
            "concurrency: "
            + QByteArray::number(concurrency)
            + "\n"
              "defaultTest:\n"
              "  assert:\n"
              "    - type: equals\n"
              "      value: \"echo: {{ word }}\"\n"
              "tests:\n";
    for (int i = 0; i < rows; ++i)
        text += "  - vars: {word: w" + QByteArray::number(i) + "}\n";
    return text;
}

} // namespace

class TestCliEval : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer m_server;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString write(const QString &name, const QByteArray &text) {
        QFile f(path(name));
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write");
        f.write(text);
        return path(name);
    }

    void configure(QProcess &p, const QString &db) const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TRELLIS_DB"), path(db));
        env.insert(QStringLiteral("TRELLIS_NO_EXAMPLE"), QStringLiteral("1"));
        env.insert(QStringLiteral("TRELLIS_NO_KEYCHAIN"), QStringLiteral("1"));
        env.insert(QStringLiteral("TRELLIS_SETTINGS"), path(QStringLiteral("none.json")));
        env.insert(QStringLiteral("OPENAI_API_KEY"), QLatin1String(kSecret));
        env.insert(QStringLiteral("OPENAI_BASE_URL"), m_server.openAiBaseUrl().toString());
        p.setProcessEnvironment(env);
    }

    // Runs the CLI while this thread's event loop keeps serving the fake server.
    CliResult eval(const QString &db, const QStringList &args,
                   const std::function<void(QProcess &)> &whileRunning = {}) {
        QProcess p;
        configure(p, db);
        QEventLoop loop;
        QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
        QObject::connect(&p, &QProcess::errorOccurred, &loop, [&](QProcess::ProcessError e) {
            if (e == QProcess::FailedToStart)
                loop.quit();
        });
        QMetaObject::Connection hook;
        if (whileRunning)
            hook = QObject::connect(&m_server, &FakeLlmServer::requestReceived, &p,
                                    [&p, whileRunning] { whileRunning(p); });
        p.start(CliProcess::executable(), QStringList{QStringLiteral("eval")} + args);
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        loop.exec();
        QObject::disconnect(hook);
        CliResult r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -9;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    // Any other trellis-cli command on the same store (no LLM calls: no event loop needed).
    CliResult cli(const QString &db, const QStringList &args) {
        QProcess p;
        configure(p, db);
        p.start(CliProcess::executable(), args);
        p.waitForFinished(60000);
        CliResult r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -9;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }

    qint64 count(const QString &db, const QString &sql) {
        auto d = trellis::store::Database::open(path(db));
        if (!d)
            qFatal("cannot open the store");
        auto stmt = d->prepare(sql);
        if (!stmt || !stmt->step().value())
            qFatal("query failed");
        return stmt->columnInt64(0);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(m_server.listen());
    }

    void init() { m_server.clearRequests(); }

    void passingRunExitsZeroAndPrintsTheSummary() {
        const QString config = write(QStringLiteral("pass.yaml"), experiment(3, false, 2));
        const CliResult r = eval(QStringLiteral("pass.db"), {config});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.outText().contains(QStringLiteral("3 of 3 cells passed (100.0%)")),
                 r.out.constData());
        QVERIFY(r.outText().contains(QStringLiteral("echo")));
        QVERIFY2(r.errText().contains(QStringLiteral("eval: 3/3 cells, 3 passed")),
                 r.err.constData());
        QCOMPARE(m_server.chatRequestCount(), 3);
        QVERIFY(!r.errText().contains(QLatin1String(kSecret)));
    }

    void failingAssertionsExitOneAndReportsAreWritten() {
        const QString config = write(QStringLiteral("ab.yaml"), experiment(8, true, 4));
        const QString json = path(QStringLiteral("out.json"));
        const CliResult r =
            eval(QStringLiteral("ab.db"), {config, QStringLiteral("--output"), json});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.outText().contains(QStringLiteral("echo vs shout: echo beats shout")),
                 r.out.constData());
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(doc[QStringLiteral("summary")].toObject()[QStringLiteral("passed")].toInt(), 8);
        QCOMPARE(doc[QStringLiteral("cells")].toArray().size(), 16);

        // Already graded: the reports come from the store without a single call.
        const QString xml = path(QStringLiteral("junit.xml"));
        const QString csv = path(QStringLiteral("out.csv"));
        QCOMPARE(eval(QStringLiteral("ab.db"), {config, QStringLiteral("--output"), xml}).exitCode,
                 1);
        QCOMPARE(eval(QStringLiteral("ab.db"), {config, QStringLiteral("--output"), csv}).exitCode,
                 1);
        QCOMPARE(m_server.chatRequestCount(), 16);
        QFile junit(xml);
        QVERIFY(junit.open(QIODevice::ReadOnly));
        const QByteArray x = junit.readAll();
        QVERIFY(x.contains("<testsuite name=\"shout\" tests=\"8\" failures=\"8\""));
        QFile c(csv);
        QVERIFY(c.open(QIODevice::ReadOnly));
        QCOMPARE(c.readAll().count("\r\n"), 17);

        // --filter-failing calls only the eight failed cells again.
        QCOMPARE(
            eval(QStringLiteral("ab.db"), {config, QStringLiteral("--filter-failing")}).exitCode,
            1);
        QCOMPARE(m_server.chatRequestCount(), 24);
    }

    void workflowVariantsRunNextToPrompts() {
        // in.word -> first (the experiment's model) -> second (pinned) -> out.result.
        const QString wf =
            write(QStringLiteral("twice.json"),
                  "{\"schemaVersion\": 1, \"name\": \"twice\", \"nodes\": ["
                  "{\"id\": \"in\", \"type\": \"input\", \"outputs\": [{\"name\": \"word\", "
                  "\"type\": \"text\"}]},"
                  "{\"id\": \"first\", \"type\": \"prompt\", \"config\": {\"messages\": "
                  "[{\"role\": \"user\", \"content\": \"{{ word }}\"}]}, \"inputs\": "
                  "[{\"name\": \"word\", \"type\": \"text\"}]},"
                  "{\"id\": \"second\", \"type\": \"prompt\", \"config\": {\"model\": "
                  "\"openai:gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": "
                  "\"{{ text }}\"}]}, \"inputs\": [{\"name\": \"text\", \"type\": \"text\"}]},"
                  "{\"id\": \"out\", \"type\": \"output\", \"inputs\": [{\"name\": "
                  "\"result\", \"type\": \"text\"}]}],"
                  "\"edges\": [{\"id\": \"e1\", \"from\": \"in.word\", \"to\": \"first.word\"},"
                  "{\"id\": \"e2\", \"from\": \"first.out\", \"to\": \"second.text\"},"
                  "{\"id\": \"e3\", \"from\": \"second.out\", \"to\": \"out.result\"}]}");
        const QString db = QStringLiteral("wf.db");
        const CliResult imported =
            cli(db, {QStringLiteral("workflow"), QStringLiteral("import"), wf});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        QByteArray text = experiment(2, false, 2);
        text.replace("variants:\n", "variants:\n  - workflow: twice\n");
        const QString config = write(QStringLiteral("wf.yaml"), text);
        const CliResult r = eval(db, {config});
        // The workflow echoes twice, so it fails the equality the prompt passes.
        QVERIFY2(r.exitCode == 1, r.err.constData());
        QVERIFY2(r.outText().contains(QStringLiteral("2 of 4 cells passed")), r.out.constData());
        QVERIFY2(r.outText().contains(QStringLiteral("twice")), r.out.constData());
        QCOMPARE(m_server.chatRequestCount(), 2 + 2 * 2);
        QCOMPARE(count(db, QStringLiteral("SELECT count(*) FROM workflow_runs WHERE status = 'ok' "
                                          "AND experiment_cell_id IS NOT NULL")),
                 2);
    }

    void badInputExitsTwo() {
        const QString bad = write(QStringLiteral("bad.yaml"),
                                  "name: x\nvariants: [p]\nmodels: [openai:m]\ntests: [{}]\n"
                                  "repeat: 3\n");
        const CliResult r = eval(QStringLiteral("bad.db"), {bad});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.errText().contains(QStringLiteral("bad.yaml:5:1: repeat: unknown key")),
                 r.err.constData());
        const CliResult missing = eval(QStringLiteral("bad.db"), {bad + QStringLiteral(".nope")});
        QCOMPARE(missing.exitCode, 2);
        const QString good = write(QStringLiteral("good.yaml"), experiment(1, false, 1));
        QCOMPARE(eval(QStringLiteral("bad.db"),
                      {good, QStringLiteral("--output"), path(QStringLiteral("x.txt"))})
                     .exitCode,
                 2);
        QCOMPARE(
            eval(QStringLiteral("bad.db"), {good, QStringLiteral("--repeat"), QStringLiteral("0")})
                .exitCode,
            2);
        // A stored prompt that does not exist.
        const QString stored =
            write(QStringLiteral("stored.yaml"), "name: s\nvariants: [nope]\nmodels: [openai:m]\n"
                                                 "tests: [{}]\n");
        const CliResult s = eval(QStringLiteral("bad.db"), {stored});
        QCOMPARE(s.exitCode, 2);
        QVERIFY2(s.errText().contains(QStringLiteral("variant 'nope'")), s.err.constData());
        QCOMPARE(m_server.chatRequestCount(), 0);
    }

    void promptfooConfigsRunAndListWhatTheyCannot() {
        QDir(m_dir.path()).mkpath(QStringLiteral("pf"));
        const QString config =
            write(QStringLiteral("pf/promptfooconfig.yaml"), "prompts:\n"
                                                             "  - \"{{ word }}\"\n"
                                                             "providers:\n"
                                                             "  - openai:gpt-4o-mini\n"
                                                             "tests:\n"
                                                             "  - vars: {word: hello}\n"
                                                             "    assert:\n"
                                                             "      - type: equals\n"
                                                             "        value: \"echo: hello\"\n"
                                                             "      - type: javascript\n"
                                                             "        value: output.length > 1\n");
        const CliResult r = eval(QStringLiteral("pf.db"), {config});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.errText().contains(QStringLiteral("promptfooconfig.yaml: "))
                     && r.errText().contains(QStringLiteral("not run:")),
                 r.err.constData());
        QVERIFY2(r.outText().contains(QStringLiteral("1 of 1 cells passed")), r.out.constData());
        QCOMPARE(m_server.chatRequestCount(), 1);
    }

    void sigtermCancelsAndTheNextRunFinishes() {
        m_server.setLatencyMs(50);
        const QString config = write(QStringLiteral("term.yaml"), experiment(20, false, 2));
        int seen = 0;
        const CliResult stopped = eval(QStringLiteral("term.db"), {config}, [&seen](QProcess &p) {
            if (++seen == 6)
                p.terminate(); // SIGTERM: cancel, store what is graded, print the summary
        });
        QCOMPARE(stopped.exitCode, 1);
        QVERIFY2(stopped.errText().contains(QStringLiteral("stopping")), stopped.err.constData());
        QVERIFY2(stopped.outText().contains(QStringLiteral("not run")), stopped.out.constData());
        m_server.setLatencyMs(0);
        const CliResult resumed = eval(QStringLiteral("term.db"), {config});
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY2(resumed.outText().contains(QStringLiteral("20 of 20 cells passed")),
                 resumed.out.constData());
        QVERIFY(m_server.chatRequestCount() <= 20 + 2);
    }

    void resumesAfterSigkillWithoutPayingTwice() {
        constexpr int kCells = 40;
        m_server.setLatencyMs(20);
        const QString config = write(QStringLiteral("kill.yaml"), experiment(kCells, false, 2));
        const CliResult killed = eval(QStringLiteral("kill.db"), {config}, [](QProcess &p) {
            static int seen = 0;
            if (++seen == 15)
                p.kill(); // SIGKILL: no chance to clean up
        });
        QCOMPARE(killed.exitCode, -9);
        const int firstCalls = m_server.chatRequestCount();
        QVERIFY(firstCalls >= 15 && firstCalls < kCells);
        // Cells whose final run reached the store before the kill have been paid for.
        const qint64 recorded =
            count(QStringLiteral("kill.db"),
                  QStringLiteral("SELECT count(DISTINCT experiment_cell_id) FROM runs WHERE "
                                 "experiment_cell_id IS NOT NULL AND json_extract(params, "
                                 "'$._run.final') = 1"));
        QVERIFY(recorded > 0);

        m_server.setLatencyMs(0);
        const CliResult resumed = eval(QStringLiteral("kill.db"), {config});
        QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
        QVERIFY2(resumed.outText().contains(QStringLiteral("40 of 40 cells passed")),
                 resumed.out.constData());
        const int secondCalls = m_server.chatRequestCount() - firstCalls;
        QCOMPARE(qint64(secondCalls), kCells - recorded); // none of the recorded cells again
        QVERIFY(firstCalls + secondCalls <= kCells + 2);  // at most the 2 in flight at the kill
        QCOMPARE(count(QStringLiteral("kill.db"),
                       QStringLiteral("SELECT count(*) FROM experiment_cells WHERE status = "
                                      "'done'")),
                 qint64(kCells));
    }
};

QTEST_GUILESS_MAIN(TestCliEval)
#include "test_cli_eval.moc"
