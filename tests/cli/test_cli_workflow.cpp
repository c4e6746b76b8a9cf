// trellis-cli workflow ...: end to end, as a child process on a temporary store.
#include "cli_process.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using trellis::test::CliProcess;
using trellis::test::CliResult;

namespace {

QJsonObject node(const char *id, const char *type, const QJsonObject &config = {}) {
    QJsonObject n{{QStringLiteral("id"), QLatin1String(id)},
                  {QStringLiteral("type"), QLatin1String(type)}};
    if (!config.isEmpty())
        n.insert(QStringLiteral("config"), config);
    return n;
}

QJsonObject edge(const char *id, const char *from, const char *to) {
    return {{QStringLiteral("id"), QLatin1String(id)},
            {QStringLiteral("from"), QLatin1String(from)},
            {QStringLiteral("to"), QLatin1String(to)}};
}

// input -> prompt -> output, with `model` on the prompt node.
QByteArray flowDocument(const char *model) {
    const QJsonObject message{{QStringLiteral("role"), QStringLiteral("user")},
                              {QStringLiteral("content"), QStringLiteral("Answer {{ text }}")}};
    QJsonObject in = node("in", "input");
    in.insert(QStringLiteral("outputs"),
              QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("text")},
                                     {QStringLiteral("type"), QStringLiteral("text")}}});
    QJsonObject ask = node("ask", "prompt",
                           {{QStringLiteral("messages"), QJsonArray{message}},
                            {QStringLiteral("model"), QLatin1String(model)}});
    ask.insert(QStringLiteral("inputs"),
               QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("text")},
                                      {QStringLiteral("type"), QStringLiteral("text")}}});
    QJsonObject out = node("out", "output");
    out.insert(QStringLiteral("inputs"),
               QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("answer")},
                                      {QStringLiteral("type"), QStringLiteral("text")}}});
    const QJsonObject doc{
        {QStringLiteral("schemaVersion"), 1},
        {QStringLiteral("name"), QStringLiteral("qa")},
        {QStringLiteral("nodes"), QJsonArray{in, ask, out}},
        {QStringLiteral("edges"),
         QJsonArray{edge("e1", "in.text", "ask.text"), edge("e2", "ask.out", "out.answer")}}};
    return QJsonDocument(doc).toJson();
}

} // namespace

class TestCliWorkflow : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString writeFile(const QString &name, const QByteArray &text) {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(name));
        file.write(text);
        return path(name);
    }

    CliProcess emptyStore(const QString &name) const {
        CliProcess cli(path(name));
        cli.setEnv(QStringLiteral("TRELLIS_NO_EXAMPLE"), QStringLiteral("1"));
        return cli;
    }

    static CliResult check(const CliResult &result, int expected = 0) {
        if (result.exitCode != expected)
            qWarning("exit %d, stderr: %s", result.exitCode, result.err.constData());
        return result;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void helpOnEveryCommand_data() {
        QTest::addColumn<QStringList>("args");
        for (const char *sub : {"list", "show", "import", "log", "diff", "label", "run"})
            QTest::newRow(sub) << QStringList{QStringLiteral("workflow"), QLatin1String(sub),
                                              QStringLiteral("--help")};
        QTest::newRow("workflow") << QStringList{QStringLiteral("workflow"),
                                                 QStringLiteral("--help")};
    }

    void helpOnEveryCommand() {
        QFETCH(QStringList, args);
        const CliResult r = emptyStore(QStringLiteral("help.db")).run(args);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.outText().contains(QLatin1String("Usage")));
    }

    void importVersionsLabelsAndDiff() {
        const CliProcess cli = emptyStore(QStringLiteral("flow.db"));
        QVERIFY(cli.run({QStringLiteral("workflow"), QStringLiteral("list")})
                    .outText()
                    .contains(QLatin1String("No workflows yet")));
        const QString v1 =
            writeFile(QStringLiteral("qa.workflow.json"), flowDocument("dryrun:small"));
        CliResult r = check(cli.run({QStringLiteral("workflow"), QStringLiteral("import"), v1}));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.outText().startsWith(QLatin1String("qa @1 (")), r.out.constData());
        QVERIFY(r.outText().contains(QLatin1String("created")));
        r = check(cli.run({QStringLiteral("workflow"), QStringLiteral("import"), v1}));
        QVERIFY2(r.outText().contains(QLatin1String("unchanged")), r.out.constData());

        const QString v2 =
            writeFile(QStringLiteral("qa2.workflow.json"), flowDocument("dryrun:large"));
        r = check(cli.run({QStringLiteral("workflow"), QStringLiteral("import"), v2,
                           QStringLiteral("-m"), QStringLiteral("bigger model")}));
        QVERIFY(r.outText().startsWith(QLatin1String("qa @2 (")));

        r = check(cli.run({QStringLiteral("workflow"), QStringLiteral("list")}));
        QVERIFY2(r.outText().contains(QLatin1String("qa"))
                     && r.outText().contains(QLatin1String("@2")),
                 r.out.constData());

        r = check(
            cli.run({QStringLiteral("workflow"), QStringLiteral("log"), QStringLiteral("qa")}));
        const QStringList lines = r.outText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].startsWith(QLatin1String("@2")));
        QVERIFY(lines[0].contains(QLatin1String("bigger model")));

        r = check(cli.run({QStringLiteral("workflow"), QStringLiteral("diff"), QStringLiteral("qa"),
                           QStringLiteral("1"), QStringLiteral("2")}));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.outText().contains(QLatin1String("  ~ ask (prompt)\n")), r.out.constData());
        QVERIFY2(r.outText().contains(
                     QLatin1String("config.model: \"dryrun:small\" -> \"dryrun:large\"")),
                 r.out.constData());

        r = check(
            cli.run({QStringLiteral("workflow"), QStringLiteral("label"), QStringLiteral("qa"),
                     QStringLiteral("production"), QStringLiteral("1")}));
        QVERIFY(r.outText().contains(QLatin1String("(new label)")));
        r = check(cli.run({QStringLiteral("workflow"), QStringLiteral("show"),
                           QStringLiteral("qa@production"), QStringLiteral("--json")}));
        const QJsonObject shown = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(shown.value(QStringLiteral("version")).toInt(), 1);
        QCOMPARE(shown.value(QStringLiteral("labels")).toArray().first().toString(),
                 QStringLiteral("production"));
        r = check(
            cli.run({QStringLiteral("workflow"), QStringLiteral("label"), QStringLiteral("qa"),
                     QStringLiteral("production"), QStringLiteral("--history")}));
        QVERIFY2(r.outText().contains(QLatin1String("- -> @1")), r.out.constData());

        // `show` prints a file that imports again as the same content.
        r = check(
            cli.run({QStringLiteral("workflow"), QStringLiteral("show"), QStringLiteral("qa@1")}));
        const QString again = writeFile(QStringLiteral("again.workflow.json"), r.out);
        r = check(cli.run({QStringLiteral("workflow"), QStringLiteral("import"), again}));
        QVERIFY2(r.outText().contains(QLatin1String("qa @3")), r.out.constData());
        r = check(cli.run({QStringLiteral("workflow"), QStringLiteral("diff"), QStringLiteral("qa"),
                           QStringLiteral("1"), QStringLiteral("3")}));
        QVERIFY2(r.outText().contains(QLatin1String("same content")), r.out.constData());
    }

    void exampleProjectHasTheWorkflows() {
        const CliProcess cli(path(QStringLiteral("example.db"))); // seeds the example project
        const CliResult r = check(cli.run(
            {QStringLiteral("workflow"), QStringLiteral("list"), QStringLiteral("--json")}));
        QCOMPARE(r.exitCode, 0);
        QStringList names;
        for (const auto &w : QJsonDocument::fromJson(r.out).array())
            names << w[QStringLiteral("name")].toString();
        QCOMPARE(names, (QStringList{QStringLiteral("chat-with-memory"),
                                     QStringLiteral("extract-then-generate"),
                                     QStringLiteral("route-by-length"),
                                     QStringLiteral("summarize-each")}));
        const CliResult shown = check(cli.run({QStringLiteral("workflow"), QStringLiteral("show"),
                                               QStringLiteral("summarize-each")}));
        QVERIFY2(shown.outText().contains(QLatin1String("\"type\": \"map\"")),
                 shown.out.constData());
    }

    // Every example workflow runs end to end offline: the examples use dry-run models.
    void exampleWorkflowsRunWithTheDryRun_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QStringList>("outputs");
        QTest::newRow("extract") << QStringLiteral("extract-then-generate")
                                 << QStringList{QStringLiteral("facts"), QStringLiteral("reply")};
        QTest::newRow("router") << QStringLiteral("route-by-length")
                                << QStringList{QStringLiteral("answer"), QStringLiteral("model")};
        QTest::newRow("map") << QStringLiteral("summarize-each")
                             << QStringList{QStringLiteral("summaries"), QStringLiteral("text")};
        QTest::newRow("memory") << QStringLiteral("chat-with-memory")
                                << QStringList{QStringLiteral("reply"), QStringLiteral("summary")};
    }

    void exampleWorkflowsRunWithTheDryRun() {
        QFETCH(QString, name);
        QFETCH(QStringList, outputs);
        CliProcess cli(path(QStringLiteral("examples-run.db")));
        cli.setEnv(QStringLiteral("TRELLIS_SETTINGS"), path(QStringLiteral("no-settings.json")));
        const CliResult r = check(cli.run(
            {QStringLiteral("workflow"), QStringLiteral("run"), name, QStringLiteral("--json")}));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject result = QJsonDocument::fromJson(r.out).object();
        QVERIFY2(result.value(QStringLiteral("ok")).toBool(), r.out.constData());
        QVERIFY(result.value(QStringLiteral("run_id")).toInt() > 0);
        const QJsonObject values = result.value(QStringLiteral("outputs")).toObject();
        QCOMPARE(values.keys(), outputs);
        for (const QString &key : outputs)
            QVERIFY2(!values.value(key).isNull(), qPrintable(key));
        for (const auto &node : result.value(QStringLiteral("nodes")).toArray())
            QCOMPARE(node[QStringLiteral("status")].toString(), QStringLiteral("ok"));
        if (name == QLatin1String("route-by-length"))
            QCOMPARE(values.value(QStringLiteral("model")).toString(),
                     QStringLiteral("dryrun:small"));
    }

    void runTraceRerunAndFailure() {
        CliProcess cli(path(QStringLiteral("run.db")));
        cli.setEnv(QStringLiteral("TRELLIS_SETTINGS"), path(QStringLiteral("no-settings.json")));
        const QStringList run{QStringLiteral("workflow"), QStringLiteral("run")};
        // Text mode: outputs on stdout, a per-node trace on stderr.
        CliResult r = check(
            cli.run(run
                    + QStringList{QStringLiteral("route-by-length"), QStringLiteral("--input"),
                                  QStringLiteral("question=") + QString(300, u'x')}));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.outText().contains(QLatin1String("model: dryrun:large")), r.out.constData());
        QVERIFY2(r.errText().contains(QLatin1String("answer"))
                     && r.errText().contains(QLatin1String(" tok")),
                 r.err.constData());
        QVERIFY(r.errText().contains(QLatin1String(": ok, 1 calls")));

        // Re-run from the last prompt: the upstream nodes come from the first run, no calls.
        r = check(cli.run(
            run + QStringList{QStringLiteral("extract-then-generate"), QStringLiteral("--json")}));
        const int first =
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("run_id")).toInt();
        r = check(
            cli.run(run
                    + QStringList{QStringLiteral("extract-then-generate"), QStringLiteral("--json"),
                                  QStringLiteral("--from-node"), QStringLiteral("write"),
                                  QStringLiteral("--reuse"), QString::number(first)}));
        QCOMPARE(r.exitCode, 0);
        int calls = 0;
        for (const auto &node :
             QJsonDocument::fromJson(r.out).object().value(QStringLiteral("nodes")).toArray()) {
            const QString id = node[QStringLiteral("id")].toString();
            calls += node[QStringLiteral("calls")].toInt();
            if (id == QLatin1String("extract"))
                QCOMPARE(node[QStringLiteral("status")].toString(), QStringLiteral("cached"));
        }
        QCOMPARE(calls, 1); // only "write"

        // A run that fails exits 1 and names the node.
        QJsonObject failing = QJsonDocument::fromJson(flowDocument("dryrun:small")).object();
        QJsonArray nodes = failing.value(QStringLiteral("nodes")).toArray();
        QJsonObject ask = nodes[1].toObject();
        ask.insert(QStringLiteral("type"), QStringLiteral("transform"));
        ask.insert(QStringLiteral("config"),
                   QJsonObject{{QStringLiteral("op"), QStringLiteral("jsonpath")},
                               {QStringLiteral("path"), QStringLiteral("$.missing")}});
        ask.insert(QStringLiteral("inputs"),
                   QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("in")},
                                          {QStringLiteral("type"), QStringLiteral("any")}}});
        ask.insert(QStringLiteral("outputs"),
                   QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("out")},
                                          {QStringLiteral("type"), QStringLiteral("any")}}});
        nodes[1] = ask;
        failing.insert(QStringLiteral("nodes"), nodes);
        QJsonArray edges = failing.value(QStringLiteral("edges")).toArray();
        QJsonObject e1 = edges[0].toObject();
        e1.insert(QStringLiteral("to"), QStringLiteral("ask.in"));
        edges[0] = e1;
        failing.insert(QStringLiteral("edges"), edges);
        const QString file =
            writeFile(QStringLiteral("failing.workflow.json"), QJsonDocument(failing).toJson());
        r = cli.run(run + QStringList{file, QStringLiteral("--input"), QStringLiteral("text=hi")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.errText().contains(QLatin1String("ask")), r.err.constData());

        // Bad input exits 2.
        r = cli.run(run
                    + QStringList{QStringLiteral("route-by-length"), QStringLiteral("--input"),
                                  QStringLiteral("nope=1")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.errText().contains(QLatin1String("no input 'nope'")), r.err.constData());
        r = cli.run(run
                    + QStringList{QStringLiteral("route-by-length"), QStringLiteral("--reuse"),
                                  QStringLiteral("1")});
        QCOMPARE(r.exitCode, 2);
    }

    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown workflow")
            << QStringList{QStringLiteral("workflow"), QStringLiteral("show"),
                           QStringLiteral("nope")}
            << QStringLiteral("no workflow named 'nope'");
        QTest::newRow("unknown subcommand")
            << QStringList{QStringLiteral("workflow"), QStringLiteral("frobnicate")}
            << QStringLiteral("unknown subcommand");
        QTest::newRow("missing file")
            << QStringList{QStringLiteral("workflow"), QStringLiteral("import"),
                           QStringLiteral("/nonexistent/x.json")}
            << QStringLiteral("x.json");
        QTest::newRow("label without ref")
            << QStringList{QStringLiteral("workflow"), QStringLiteral("label"),
                           QStringLiteral("qa"), QStringLiteral("production")}
            << QStringLiteral("needs NAME LABEL REF");
    }

    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const CliResult r = emptyStore(QStringLiteral("bad.db")).run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.errText().contains(expected), r.err.constData());
    }

    void invalidFileIsRefusedWithItsPlace() {
        QByteArray doc = flowDocument("dryrun:small");
        doc.replace("\"e2\"", "\"e1\""); // duplicate edge id
        const QString file = writeFile(QStringLiteral("dup.workflow.json"), doc);
        const CliProcess cli = emptyStore(QStringLiteral("invalid.db"));
        const CliResult r = cli.run({QStringLiteral("workflow"), QStringLiteral("import"), file});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.errText().contains(QLatin1String("dup.workflow.json")), r.err.constData());
        QVERIFY(cli.run({QStringLiteral("workflow"), QStringLiteral("list")})
                    .outText()
                    .contains(QLatin1String("No workflows yet")));
    }
};

QTEST_GUILESS_MAIN(TestCliWorkflow)
#include "test_cli_workflow.moc"
