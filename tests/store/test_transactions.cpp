// A failing statement inside a transaction leaves nothing behind: the guard rolls back the
// statements that did succeed, in the RAII layer and in the repositories built on it.

#include "store/database.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store/run_repository.h"
#include "store/transaction.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QTest>

using namespace trellis;
using namespace trellis::store;
using trellis::store::test::count;
using trellis::store::test::sampleSpec;

namespace {

// Inserts three rows; the third violates the UNIQUE constraint, so the function returns the
// error half way through, and its guard must undo the first two.
Status insertThreeWithDuplicate(Database &db) {
    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    for (int value : {1, 2, 1}) {
        auto stmt = db.prepare(QStringLiteral("INSERT INTO t (x) VALUES (?)"));
        if (!stmt)
            return stmt.error();
        stmt->bind(1, value);
        if (Status st = stmt->exec(); !st)
            return st;
    }
    return tx->commit();
}

} // namespace

class TestTransactions : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    Database freshStore() {
        auto db = Database::open(m_dir.filePath(QStringLiteral("t%1.db").arg(++m_counter)));
        if (!db || !migrate(*db))
            qFatal("cannot create the store");
        return std::move(*db);
    }

private Q_SLOTS:
    void failingStatementRollsBackEverything() {
        Database db = freshStore();
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("CREATE TABLE t (x UNIQUE)")));
        Status st = insertThreeWithDuplicate(db);
        QVERIFY(!st);
        QVERIFY2(st.error().message.contains(QLatin1String("UNIQUE constraint failed")),
                 qPrintable(st.error().message));
        QVERIFY(!db.inTransaction());
        QCOMPARE(count(db, QStringLiteral("t")), qint64(0));
        // The connection is usable afterwards.
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO t VALUES (5)")));
        QCOMPARE(count(db, QStringLiteral("t")), qint64(1));
    }

    void failureInsideNestedGuardKeepsOuterWork() {
        Database db = freshStore();
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("CREATE TABLE t (x UNIQUE)")));
        auto outer = Transaction::begin(db);
        TRELLIS_VERIFY_OK(outer);
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO t VALUES (100)")));
        QVERIFY(!insertThreeWithDuplicate(db)); // runs as a savepoint, rolled back alone
        TRELLIS_VERIFY_OK(outer->commit());
        QCOMPARE(count(db, QStringLiteral("t")), qint64(1));
    }

    void runBatchIsAllOrNothing() {
        Database db = freshStore();
        RunRepository runs(db);
        std::vector<RunRecord> batch(5);
        for (auto &run : batch)
            run.model = QStringLiteral("m");
        batch[3].promptVersionId = 424242; // no such version: foreign key violation
        auto ids = runs.insertBatch(batch);
        QVERIFY(!ids);
        QVERIFY2(ids.error().message.contains(QLatin1String("FOREIGN KEY")),
                 qPrintable(ids.error().message));
        QVERIFY(ids.error().message.contains(QLatin1String("run 4 of the batch")));
        QCOMPARE(count(db, QStringLiteral("runs")), qint64(0));

        batch[3].promptVersionId = 0;
        batch[2].status = QStringLiteral("bogus"); // CHECK constraint
        QVERIFY(!runs.insertBatch(batch));
        QCOMPARE(count(db, QStringLiteral("runs")), qint64(0));
    }

    void failedCommitOfPromptLeavesNoPromptRow() {
        Database db = freshStore();
        auto project = ProjectRepository(db).ensureDefault();
        TRELLIS_VERIFY_OK(project);
        // Make the version insert fail after the prompt row was written in the same
        // transaction: a trigger that rejects every version.
        TRELLIS_VERIFY_OK(
            db.exec(QStringLiteral("CREATE TEMP TRIGGER reject BEFORE INSERT ON prompt_versions "
                                   "BEGIN SELECT RAISE(ABORT, 'rejected by test'); END")));
        PromptRepository prompts(db, project->id);
        auto result = prompts.commit(sampleSpec(QStringLiteral("p"), QStringLiteral("a")),
                                     QStringLiteral("first"));
        QVERIFY(!result);
        QVERIFY(result.error().message.contains(QLatin1String("rejected by test")));
        QCOMPARE(count(db, QStringLiteral("prompts")), qint64(0));
        QCOMPARE(count(db, QStringLiteral("prompt_versions")), qint64(0));
    }

    // The group commit hook (database.h): reads leave the group open; any other write, a
    // Transaction and closing the connection end it first, exactly once.
    void deferredCommitRunsBeforeOtherWrites() {
        Database db = freshStore();
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("CREATE TABLE t (x)")));
        int commits = 0;
        auto arm = [&] {
            db.setDeferredCommit([&] { ++commits; });
            QVERIFY(db.hasDeferredCommit());
        };
        arm();
        QCOMPARE(count(db, QStringLiteral("t")), qint64(0)); // a read
        QCOMPARE(commits, 0);
        {
            // Scoped: a statement must not outlive its connection (asserted in debug builds),
            // and the connection is replaced below.
            auto insert = db.prepare(QStringLiteral("INSERT INTO t VALUES (1)"));
            TRELLIS_VERIFY_OK(insert);
            TRELLIS_VERIFY_OK(insert->exec()); // a write
            QCOMPARE(commits, 1);
            QVERIFY(!db.hasDeferredCommit());
            TRELLIS_VERIFY_OK(insert->exec()); // the hook ran once
            QCOMPARE(commits, 1);
        }
        arm();
        {
            auto tx = Transaction::begin(db);
            TRELLIS_VERIFY_OK(tx);
            QCOMPARE(commits, 2);
            TRELLIS_VERIFY_OK(tx->commit());
        }
        arm();
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("DELETE FROM t")));
        QCOMPARE(commits, 3);
        arm();
        db.clearDeferredCommit();
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("DELETE FROM t")));
        QCOMPARE(commits, 3);
        arm();
        db = freshStore(); // the old connection closes
        QCOMPARE(commits, 4);
    }
};

QTEST_GUILESS_MAIN(TestTransactions)
#include "test_transactions.moc"
