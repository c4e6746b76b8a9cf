// The bundled example experiment (resources/example/experiments/triage-ab.yaml) runs offline
// on a freshly seeded store and says what it promises: production beats the first draft.
#include "cli_process.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using trellis::test::CliProcess;
using trellis::test::CliResult;

class TestCliExampleExperiment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void productionBeatsTheFirstDraft() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        CliProcess cli(dir.filePath(QStringLiteral("example.db"))); // seeds the example project
        cli.setEnv(QStringLiteral("TRELLIS_NO_KEYCHAIN"), QStringLiteral("1"));
        const QString experiment =
            CliProcess::sourceDir()
            + QStringLiteral("/resources/example/experiments/triage-ab.yaml");
        const QString report = dir.filePath(QStringLiteral("report.xml"));

        const CliResult r =
            cli.run({QStringLiteral("eval"), experiment, QStringLiteral("--output"), report});
        QCOMPARE(r.exitCode, 1); // the first draft's cells fail, as the file says they will
        const QString out = r.outText();
        QVERIFY2(out.contains(QStringLiteral("16 of 32 cells passed")), r.out.constData());
        QVERIFY(out.contains(QStringLiteral("support-ticket-triage@production | small beats "
                                            "support-ticket-triage@1 | small on pass rate, "
                                            "p = 0.008")));
        QFile junit(report);
        QVERIFY(junit.open(QIODevice::ReadOnly));
        QVERIFY(junit.readAll().contains("<testsuite"));
    }
};

QTEST_GUILESS_MAIN(TestCliExampleExperiment)
#include "test_cli_example_experiment.moc"
