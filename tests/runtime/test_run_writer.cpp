// RunWriter's group commit when the disk fails: a COMMIT that cannot be written rolls the
// whole group back, and the rows already reported as recorded must be reported lost
// (recordsLost), never silently dropped; the writer keeps working once the disk does.
#include "faulty_vfs.h"
#include "runtime/run_writer.h"
#include "store/database.h"
#include "store/run_repository.h"
#include "store/statement.h"
#include "store/store_paths.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace trellis;

class TestRunWriter : public QObject {
    Q_OBJECT

    static store::RunRecord run(const QString &text) {
        store::RunRecord r;
        r.provider = QStringLiteral("dryrun");
        r.model = QStringLiteral("echo");
        r.responseText = text;
        return r;
    }

    // Rows as another connection sees them: only what was committed.
    static qint64 committedRows(const QString &path) {
        auto db = store::Database::open(path);
        if (!db)
            return -1;
        auto stmt = db->prepare(QStringLiteral("SELECT COUNT(*) FROM runs"));
        if (!stmt || !stmt->step().valueOr(false))
            return -1;
        return stmt->columnInt64(0);
    }

private Q_SLOTS:
    void groupIsCommittedTogether() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.db"));
        auto db = store::openStore(path);
        QVERIFY(db.ok());
        runtime::RunWriter writer(&*db, 60000);
        for (int i = 0; i < 3; ++i)
            QVERIFY(writer.addRun(run(QStringLiteral("row %1").arg(i))).ok());
        QVERIFY(writer.groupOpen());
        QCOMPARE(committedRows(path), qint64(0)); // still in the open group
        QVERIFY(writer.commit().ok());
        QCOMPARE(committedRows(path), qint64(3));
    }

    void failedCommitReportsTheLostRows() {
        testing::FaultyVfs vfs;
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("w.db"));
        auto db = store::openStore(path);
        QVERIFY(db.ok());
        runtime::RunWriter writer(&*db, 60000);
        QSignalSpy lost(&writer, &runtime::RunWriter::recordsLost);
        QVERIFY(writer.addRun(run(QStringLiteral("kept"))).ok());
        QVERIFY(writer.commit().ok());

        std::vector<qint64> ids;
        for (int i = 0; i < 3; ++i) {
            auto id = writer.addRun(run(QStringLiteral("doomed %1").arg(i)));
            QVERIFY(id.ok()); // reported recorded: the row is in the open group
            ids.push_back(*id);
        }
        vfs.failWritesTo("-wal");
        const Status st = writer.commit();
        vfs.disarm();
        QVERIFY(!st.ok());
        QVERIFY(vfs.failedWrites() > 0);
        QCOMPARE(lost.size(), 1);
        QCOMPARE(lost.at(0).at(0).toInt(), 3);
        QVERIFY(!lost.at(0).at(1).toString().isEmpty());
        QVERIFY(!writer.groupOpen());
        QVERIFY(!db->inTransaction());
        QCOMPARE(committedRows(path), qint64(1));
        for (qint64 id : ids)
            QVERIFY(!store::RunRepository(*db).find(id).valueOr(std::nullopt).has_value());

        // The disk works again: so does the writer.
        QVERIFY(writer.addRun(run(QStringLiteral("after"))).ok());
        QVERIFY(writer.commit().ok());
        QCOMPARE(committedRows(path), qint64(2));
        QCOMPARE(lost.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRunWriter)
#include "test_run_writer.moc"
