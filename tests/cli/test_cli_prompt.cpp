// trellis-cli prompt ...: end to end, as a child process on a temporary store.
#include "cli_process.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using trellis::test::CliProcess;
using trellis::test::CliResult;

namespace {

const char *kTriageYaml = R"(name: triage
description: Route tickets.
model: openai:gpt-4o-mini
params:
  temperature: 0.2
variables:
  - name: ticket
    type: text
messages:
  - role: system
    content: You route support tickets.
  - role: user
    content: "{{ ticket }}"
)";

} // namespace

class TestCliPrompt : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    void writeFile(const QString &name, const QByteArray &text) {
        QFile file(path(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }

    // A fresh store without the example project, so listings hold only what a test adds.
    CliProcess emptyStore(const QString &name) const {
        CliProcess cli(path(name));
        cli.setEnv(QStringLiteral("TRELLIS_NO_EXAMPLE"), QStringLiteral("1"));
        return cli;
    }

    static QJsonDocument json(const CliResult &result) {
        return QJsonDocument::fromJson(result.out);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void helpOnEveryCommand_data() {
        QTest::addColumn<QStringList>("args");
        for (const char *sub :
             {"list", "show", "import", "export", "commit", "log", "diff", "label", "restore"})
            QTest::newRow(sub) << QStringList{QStringLiteral("prompt"), QLatin1String(sub),
                                              QStringLiteral("--help")};
        QTest::newRow("prompt") << QStringList{QStringLiteral("prompt"), QStringLiteral("--help")};
        QTest::newRow("top") << QStringList{QStringLiteral("--help")};
    }

    void helpOnEveryCommand() {
        QFETCH(QStringList, args);
        const CliResult result = emptyStore(QStringLiteral("help.db")).run(args);
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.outText().contains(QStringLiteral("Usage:")), result.out.constData());
    }

    void firstRunSeedsTheExampleProject() {
        CliProcess cli(path(QStringLiteral("example.db")));
        const CliResult list =
            cli.run({QStringLiteral("prompt"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        const QJsonArray prompts = json(list).array();
        QStringList names;
        for (const auto &p : prompts)
            names << p[QStringLiteral("name")].toString();
        QVERIFY2(names.contains(QStringLiteral("support-ticket-triage")), list.out.constData());
        QVERIFY(names.contains(QStringLiteral("summarizer")));
        QVERIFY(names.contains(QStringLiteral("extract-order-facts")));
        QVERIFY(names.contains(QStringLiteral("write-order-reply")));

        const CliResult log =
            cli.run({QStringLiteral("prompt"), QStringLiteral("log"),
                     QStringLiteral("support-ticket-triage"), QStringLiteral("--json")});
        QCOMPARE(log.exitCode, 0);
        const QJsonArray versions = json(log).array();
        QCOMPARE(versions.size(), 3);
        QCOMPARE(versions[0][QStringLiteral("labels")].toArray().first().toString(),
                 QStringLiteral("staging"));
        QCOMPARE(versions[1][QStringLiteral("labels")].toArray().first().toString(),
                 QStringLiteral("production"));

        // A second start does not seed again.
        const CliResult again =
            cli.run({QStringLiteral("prompt"), QStringLiteral("log"),
                     QStringLiteral("support-ticket-triage"), QStringLiteral("--json")});
        QCOMPARE(json(again).array().size(), 3);
    }

    void importShowExportRoundTrip() {
        const CliProcess cli = emptyStore(QStringLiteral("roundtrip.db"));
        writeFile(QStringLiteral("triage.yaml"), kTriageYaml);
        CliResult result = cli.run({QStringLiteral("prompt"), QStringLiteral("import"),
                                    path(QStringLiteral("triage.yaml")), QStringLiteral("-m"),
                                    QStringLiteral("first")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.outText().contains(QStringLiteral("triage @1")));

        result = cli.run({QStringLiteral("prompt"), QStringLiteral("import"),
                          path(QStringLiteral("triage.yaml"))});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.outText().contains(QStringLiteral("unchanged")), result.out.constData());

        result =
            cli.run({QStringLiteral("prompt"), QStringLiteral("export"), QStringLiteral("triage"),
                     QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject exported = json(result).object();
        QCOMPARE(exported[QStringLiteral("name")].toString(), QStringLiteral("triage"));
        QCOMPARE(exported[QStringLiteral("params")][QStringLiteral("temperature")].toDouble(), 0.2);

        // The exported JSON imports back as the same content: no new version.
        writeFile(QStringLiteral("triage.json"), result.out);
        result = cli.run({QStringLiteral("prompt"), QStringLiteral("import"),
                          path(QStringLiteral("triage.json"))});
        QVERIFY2(result.outText().contains(QStringLiteral("unchanged")), result.out.constData());

        // show prints comments then a valid prompt file.
        result =
            cli.run({QStringLiteral("prompt"), QStringLiteral("show"), QStringLiteral("triage@1")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.outText().startsWith(QStringLiteral("# triage @1")));
        writeFile(QStringLiteral("shown.yaml"), result.out);
        result = cli.run({QStringLiteral("prompt"), QStringLiteral("import"),
                          path(QStringLiteral("shown.yaml"))});
        QVERIFY2(result.outText().contains(QStringLiteral("unchanged")), result.err.constData());
    }

    void commitLabelRestoreAndLog() {
        const CliProcess cli = emptyStore(QStringLiteral("history.db"));
        writeFile(QStringLiteral("v1.yaml"), kTriageYaml);
        QByteArray v2 = kTriageYaml;
        v2.replace("temperature: 0.2", "temperature: 0.7");
        writeFile(QStringLiteral("v2.yaml"), v2);
        const QString prompt = QStringLiteral("prompt");
        QCOMPARE(cli.run({prompt, QStringLiteral("commit"), QStringLiteral("triage"),
                          QStringLiteral("--file"), path(QStringLiteral("v1.yaml")),
                          QStringLiteral("-m"), QStringLiteral("one")})
                     .exitCode,
                 0);
        QCOMPARE(cli.run({prompt, QStringLiteral("commit"), QStringLiteral("triage"),
                          QStringLiteral("--file"), path(QStringLiteral("v2.yaml")),
                          QStringLiteral("-m"), QStringLiteral("two")})
                     .exitCode,
                 0);

        CliResult result = cli.run({prompt, QStringLiteral("label"), QStringLiteral("triage"),
                                    QStringLiteral("production"), QStringLiteral("1")});
        QCOMPARE(result.exitCode, 0);
        result = cli.run({prompt, QStringLiteral("label"), QStringLiteral("triage"),
                          QStringLiteral("production"), QStringLiteral("2")});
        QVERIFY2(result.outText().contains(QStringLiteral("moved @1 -> @2")),
                 result.out.constData());
        result = cli.run({prompt, QStringLiteral("label"), QStringLiteral("triage"),
                          QStringLiteral("production"), QStringLiteral("--history")});
        QCOMPARE(result.outText().count(QStringLiteral("->")), 2);

        result = cli.run({prompt, QStringLiteral("show"), QStringLiteral("triage@production"),
                          QStringLiteral("--json")});
        QCOMPARE(json(result)[QStringLiteral("version")].toInt(), 2);

        result = cli.run({prompt, QStringLiteral("restore"), QStringLiteral("triage"),
                          QStringLiteral("1"), QStringLiteral("-m"), QStringLiteral("undo")});
        QCOMPARE(result.exitCode, 0);
        result = cli.run(
            {prompt, QStringLiteral("log"), QStringLiteral("triage"), QStringLiteral("--json")});
        const QJsonArray versions = json(result).array();
        QCOMPARE(versions.size(), 3);
        QCOMPARE(versions[0][QStringLiteral("restored_from")].toInt(), 1);
        QCOMPARE(versions[0][QStringLiteral("hash")], versions[2][QStringLiteral("hash")]);
        QCOMPARE(versions[0][QStringLiteral("parent")].toInt(), 2);

        // A hash prefix is a reference too.
        const QString prefix = versions[1][QStringLiteral("hash")].toString().left(8);
        result = cli.run({prompt, QStringLiteral("show"), QStringLiteral("triage@") + prefix,
                          QStringLiteral("--json")});
        QCOMPARE(json(result)[QStringLiteral("version")].toInt(), 2);
    }

    void badInputExitsTwoWithOneLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("needle");
        const QString p = QStringLiteral("prompt");
        QTest::newRow("unknown subcommand")
            << QStringList{p, QStringLiteral("frobnicate")} << QStringLiteral("unknown subcommand");
        QTest::newRow("unknown prompt")
            << QStringList{p, QStringLiteral("show"), QStringLiteral("nope")}
            << QStringLiteral("no prompt named 'nope'");
        QTest::newRow("missing argument")
            << QStringList{p, QStringLiteral("show")} << QStringLiteral("missing argument");
        QTest::newRow("unknown option")
            << QStringList{p, QStringLiteral("list"), QStringLiteral("--bogus")}
            << QStringLiteral("bogus");
        QTest::newRow("missing file")
            << QStringList{p, QStringLiteral("import"), QStringLiteral("/nonexistent/x.yaml")}
            << QStringLiteral("/nonexistent/x.yaml");
        QTest::newRow("bad export format")
            << QStringList{p, QStringLiteral("export"), QStringLiteral("x"),
                           QStringLiteral("--format"), QStringLiteral("xml")}
            << QStringLiteral("--format");
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frob")} << QStringLiteral("unknown command");
    }

    void badInputExitsTwoWithOneLine() {
        QFETCH(QStringList, args);
        QFETCH(QString, needle);
        const CliResult result = emptyStore(QStringLiteral("bad.db")).run(args);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        const QString err = result.errText();
        QVERIFY2(err.contains(needle), qPrintable(err));
        QCOMPARE(err.trimmed().count(QLatin1Char('\n')), 0);
    }

    void badFileNamesLineAndColumn() {
        QByteArray bad = kTriageYaml;
        bad.replace("role: user", "role: usr");
        writeFile(QStringLiteral("bad.yaml"), bad);
        const CliResult result = emptyStore(QStringLiteral("badfile.db"))
                                     .run({QStringLiteral("prompt"), QStringLiteral("import"),
                                           path(QStringLiteral("bad.yaml"))});
        QCOMPARE(result.exitCode, 2);
        // "FILE:LINE:COL: messages[1].role: ..."
        QVERIFY2(result.errText().startsWith(path(QStringLiteral("bad.yaml"))
                                             + QStringLiteral(":12:11: messages[1].role")),
                 result.err.constData());
        // Nothing was imported.
        const CliResult list =
            emptyStore(QStringLiteral("badfile.db"))
                .run({QStringLiteral("prompt"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(json(list).array().size(), 0);
    }

    void commitRefusesAFileOfAnotherPrompt() {
        writeFile(QStringLiteral("other.yaml"), kTriageYaml);
        const CliResult result =
            emptyStore(QStringLiteral("other.db"))
                .run({QStringLiteral("prompt"), QStringLiteral("commit"), QStringLiteral("summary"),
                      QStringLiteral("--file"), path(QStringLiteral("other.yaml"))});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.errText().contains(QStringLiteral("not 'summary'")));
    }

    void dbOptionOverridesEnvironment() {
        CliProcess cli(path(QStringLiteral("env.db")));
        cli.setEnv(QStringLiteral("TRELLIS_NO_EXAMPLE"), QStringLiteral("1"));
        writeFile(QStringLiteral("t.yaml"), kTriageYaml);
        const QString other = path(QStringLiteral("flag.db"));
        QCOMPARE(cli.run({QStringLiteral("prompt"), QStringLiteral("import"),
                          path(QStringLiteral("t.yaml")), QStringLiteral("--db"), other})
                     .exitCode,
                 0);
        QVERIFY(QFile::exists(other));
        const CliResult viaEnv =
            cli.run({QStringLiteral("prompt"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(json(viaEnv).array().size(), 0);
        const CliResult viaFlag = cli.run({QStringLiteral("--db"), other, QStringLiteral("prompt"),
                                           QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(json(viaFlag).array().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestCliPrompt)
#include "test_cli_prompt.moc"
