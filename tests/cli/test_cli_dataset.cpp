// trellis-cli dataset ...: end to end, as a child process on a temporary store.
#include "cli_process.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using trellis::test::CliProcess;
using trellis::test::CliResult;

class TestCliDataset : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QString writeFile(const QString &name, const QByteArray &text) {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(text);
        return file.fileName();
    }

    CliProcess emptyStore(const QString &name) const {
        CliProcess cli(path(name));
        cli.setEnv(QStringLiteral("TRELLIS_NO_EXAMPLE"), QStringLiteral("1"));
        return cli;
    }

    static QJsonObject object(const CliResult &result) {
        return QJsonDocument::fromJson(result.out).object();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void importListShowRemove() {
        const CliProcess cli = emptyStore(QStringLiteral("a.db"));
        const QString csv =
            writeFile(QStringLiteral("tickets.csv"), "ticket,tier,__expected\n"
                                                     "\"Printer on fire\",pro,contains:fire\n"
                                                     "Where is my invoice?,free,icontains:invoice\n"
                                                     "Login fails,enterprise,\n");

        CliResult r = cli.run({QStringLiteral("dataset"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.outText().contains(QStringLiteral("No datasets yet")), r.out.constData());

        r = cli.run({QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("tickets"),
                     csv, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QJsonObject imported = object(r);
        QCOMPARE(imported.value(QStringLiteral("rows")).toInt(), 3);
        QCOMPARE(imported.value(QStringLiteral("created")).toBool(), true);
        const QString hash = imported.value(QStringLiteral("hash")).toString();
        QCOMPARE(hash.size(), 64);

        // The same content again changes nothing; the same rows as JSONL hash alike.
        const QString jsonl = writeFile(
            QStringLiteral("tickets.jsonl"),
            "{\"vars\":{\"ticket\":\"Printer on fire\",\"tier\":\"pro\"},\"assert\":[{\"type\":"
            "\"contains\",\"value\":\"fire\"}]}\n");
        r = cli.run(
            {QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("tickets"), csv});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.outText().contains(QStringLiteral("unchanged")), r.out.constData());

        r = cli.run({QStringLiteral("dataset"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.outText().contains(QStringLiteral("tickets")));
        QVERIFY(r.outText().contains(hash.left(12)));

        r = cli.run({QStringLiteral("dataset"), QStringLiteral("show"), QStringLiteral("tickets"),
                     QStringLiteral("--limit"), QStringLiteral("2")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.outText().contains(QStringLiteral("Printer on fire")), r.out.constData());
        QVERIFY(r.outText().contains(QStringLiteral("Where is my invoice?")));
        QVERIFY(!r.outText().contains(QStringLiteral("Login fails")));
        QVERIFY(r.outText().contains(QStringLiteral("1 more rows")));

        // A new snapshot under the same name replaces the rows.
        r = cli.run({QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("tickets"),
                     jsonl, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        imported = object(r);
        QCOMPARE(imported.value(QStringLiteral("rows")).toInt(), 1);
        QCOMPARE(imported.value(QStringLiteral("changed")).toBool(), true);
        QVERIFY(imported.value(QStringLiteral("hash")).toString() != hash);

        r = cli.run(
            {QStringLiteral("dataset"), QStringLiteral("remove"), QStringLiteral("tickets")});
        QCOMPARE(r.exitCode, 0);
        r = cli.run({QStringLiteral("dataset"), QStringLiteral("show"), QStringLiteral("tickets")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.errText().contains(QStringLiteral("no dataset named 'tickets'")));
    }

    void badRowImportsNothing() {
        const CliProcess cli = emptyStore(QStringLiteral("b.db"));
        const QString good = writeFile(QStringLiteral("good.jsonl"), "{\"q\":\"one\"}\n");
        QCOMPARE(cli.run({QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("qs"),
                          good})
                     .exitCode,
                 0);
        const QString bad =
            writeFile(QStringLiteral("bad.jsonl"), "{\"q\":\"one\"}\n{\"q\":\"two\"}\n{\"q\": }\n");
        const CliResult r = cli.run(
            {QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("qs"), bad});
        QCOMPARE(r.exitCode, 2);
        // FILE:LINE:COL names the bad row.
        QVERIFY2(r.errText().contains(bad + QStringLiteral(":3:")), r.err.constData());

        const CliResult shown = cli.run({QStringLiteral("dataset"), QStringLiteral("show"),
                                         QStringLiteral("qs"), QStringLiteral("--json")});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(object(shown).value(QStringLiteral("rows")).toInt(), 1);
    }

    void badArguments() {
        const CliProcess cli = emptyStore(QStringLiteral("c.db"));
        const QString txt = writeFile(QStringLiteral("rows.txt"), "a\n");
        CliResult r = cli.run(
            {QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("x"), txt});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.errText().contains(QStringLiteral("--format")));
        r = cli.run({QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("x"), txt,
                     QStringLiteral("--format"), QStringLiteral("xml")});
        QCOMPARE(r.exitCode, 2);
        r = cli.run({QStringLiteral("dataset"), QStringLiteral("import"), QStringLiteral("x"),
                     path(QStringLiteral("missing.csv"))});
        QCOMPARE(r.exitCode, 2);
        r = cli.run({QStringLiteral("dataset"), QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        r = cli.run({QStringLiteral("dataset"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.outText().contains(QStringLiteral("import NAME FILE")));
    }
};

QTEST_GUILESS_MAIN(TestCliDataset)
#include "test_cli_dataset.moc"
