// A writer process killed with SIGKILL mid-write leaves a database that passes
// PRAGMA integrity_check and still holds every version the writer reported as committed.

#include "store/database.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store/store_paths.h"
#include "store/workflow_repository.h"
#include "store_test_support.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <signal.h>

using namespace trellis;
using namespace trellis::store;

class TestCrashRecovery : public QObject {
    Q_OBJECT

private:
    // Runs the writer until it has reported at least `commits` more versions, then kills it.
    // Returns number -> hash of every version it reported.
    std::map<int, QString> runAndKill(const QString &dbPath, int commits,
                                      const QStringList &extraArgs = {}) {
        const QString writer =
            QCoreApplication::applicationDirPath() + QStringLiteral("/store_crash_writer");
        QProcess process;
        process.start(writer, QStringList{dbPath} + extraArgs);
        if (!process.waitForStarted(10000))
            qFatal("cannot start %s", qPrintable(writer));
        std::map<int, QString> reported;
        QByteArray pending;
        while (int(reported.size()) < commits) {
            if (!process.waitForReadyRead(30000)) {
                qWarning("writer stderr: %s", process.readAllStandardError().constData());
                qFatal("the writer stopped before reporting %d commits", commits);
            }
            pending += process.readAllStandardOutput();
            qsizetype newline;
            while ((newline = pending.indexOf('\n')) >= 0) {
                const QList<QByteArray> parts = pending.left(newline).split(' ');
                pending.remove(0, newline + 1);
                if (parts.size() == 3 && parts[0] == "committed")
                    reported[parts[1].toInt()] = QString::fromLatin1(parts[2]);
            }
        }
        // SIGKILL: no chance to finish the transaction in flight or to close the database.
        ::kill(pid_t(process.processId()), SIGKILL);
        process.waitForFinished(10000);
        if (process.exitStatus() != QProcess::CrashExit)
            qFatal("the writer was expected to die from SIGKILL");
        return reported;
    }

private Q_SLOTS:
    void killedWriterLosesNoCommittedVersion() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("crash.db"));
        std::map<int, QString> reported;
        for (int round = 0; round < 3; ++round) {
            const auto more = runAndKill(path, 15 + round * 7);
            reported.insert(more.begin(), more.end());

            auto db = Database::open(path);
            TRELLIS_VERIFY_OK(db);
            QCOMPARE(test::scalar(*db, QStringLiteral("PRAGMA integrity_check")),
                     QStringLiteral("ok"));
            QCOMPARE(test::scalar(*db, QStringLiteral("SELECT count(*) FROM "
                                                      "pragma_foreign_key_check")),
                     QStringLiteral("0"));
            auto project = ProjectRepository(*db).ensureDefault();
            TRELLIS_VERIFY_OK(project);
            PromptRepository prompts(*db, project->id);
            for (const auto &[number, hash] : reported) {
                auto v = prompts.resolve(QStringLiteral("crash-test"), QString::number(number));
                TRELLIS_VERIFY_OK(v);
                QCOMPARE(v->hash, hash);
                QCOMPARE(v->spec.description, QStringLiteral("iteration %1").arg(number));
            }
            // Numbers stay contiguous: a half-written version never appears.
            auto log = prompts.log(QStringLiteral("crash-test"));
            TRELLIS_VERIFY_OK(log);
            QCOMPARE(int(log->size()), log->front().number);
            QVERIFY(log->front().number >= reported.rbegin()->first);
            // Runs are written in whole batches of 100.
            QCOMPARE(test::count(*db, QStringLiteral("runs")) % 100, qint64(0));
        }
    }

    void killedWorkflowWriterLosesNoCommittedVersion() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("crash-flow.db"));
        const QString name = QStringLiteral("crash-flow");
        std::map<int, QString> reported;
        for (int round = 0; round < 3; ++round) {
            const auto more = runAndKill(path, 15 + round * 7, {QStringLiteral("workflow")});
            reported.insert(more.begin(), more.end());

            auto db = Database::open(path);
            TRELLIS_VERIFY_OK(db);
            QCOMPARE(test::scalar(*db, QStringLiteral("PRAGMA integrity_check")),
                     QStringLiteral("ok"));
            QCOMPARE(test::scalar(*db, QStringLiteral("SELECT count(*) FROM "
                                                      "pragma_foreign_key_check")),
                     QStringLiteral("0"));
            auto project = ProjectRepository(*db).ensureDefault();
            TRELLIS_VERIFY_OK(project);
            WorkflowRepository workflows(*db, project->id);
            for (const auto &[number, hash] : reported) {
                auto v = workflows.resolve(name, QString::number(number));
                TRELLIS_VERIFY_OK(v);
                QCOMPARE(v->hash, hash);
                QCOMPARE(WorkflowRepository::contentHash(v->graph), hash);
            }
            auto log = workflows.log(name);
            TRELLIS_VERIFY_OK(log);
            QCOMPARE(int(log->size()), log->front().number);
            QVERIFY(log->front().number >= reported.rbegin()->first);
            // A workflow run and its node runs are written together or not at all.
            QCOMPARE(test::count(*db, QStringLiteral("node_runs")),
                     10 * test::count(*db, QStringLiteral("workflow_runs")));
            QCOMPARE(test::scalar(*db, QStringLiteral("SELECT count(*) FROM workflow_runs "
                                                      "WHERE status != 'ok'")),
                     QStringLiteral("0"));
        }
    }
};

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "test_crash_recovery.moc"
