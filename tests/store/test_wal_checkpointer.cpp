// Background WAL checkpoints: the writing connection's commits wake a checkpoint thread
// instead of checkpointing themselves; a safety valve on the writer when the WAL runs away;
// clean close; which connections get a checkpointer at all.

#include "store/database.h"
#include "store/wal_checkpointer.h"
#include "store_test_support.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace trellis;
using namespace trellis::store;

namespace {

constexpr int kThreshold = 40; // pages; small so that a test writes a few MB at most

Database::Options smallThreshold() {
    Database::Options options;
    options.checkpointPages = kThreshold;
    return options;
}

// One commit of about one 4 KiB page of payload (plus the b-tree pages it touches).
Status insertRow(Database &db) {
    return db.exec(QStringLiteral("INSERT INTO t(payload) VALUES (randomblob(3000))"));
}

// Waits until the checkpoint thread has handled every request made so far (the requests are
// counted inside the writer's commit, so they are all known when this is called).
bool waitUntilIdle(const WalCheckpointer &checkpointer) {
    QDeadlineTimer deadline(30000);
    for (;;) {
        const WalCheckpointStats s = checkpointer.stats();
        if (s.requested == s.background + s.busy + s.failed)
            return true;
        if (deadline.hasExpired())
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

// Frames in the WAL right now (SQLite's `log` column; a PASSIVE checkpoint by the test
// itself, after the facts under test have been read).
int walFrames(Database &db) {
    auto stmt = db.prepare(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
    if (!stmt)
        return -1;
    auto row = stmt->step();
    if (!row || !*row)
        return -1;
    return int(stmt->columnInt64(1));
}

} // namespace

class TestWalCheckpointer : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString file(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }

    static Result<Database> openWithTable(const QString &path, const Database::Options &options) {
        auto db = Database::open(path, options);
        if (!db)
            return db;
        if (Status st = db->exec(QStringLiteral(
                "CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, payload BLOB)"));
            !st)
            return st.error();
        return db;
    }

    void writeWithCheckpointer(const QString &path, int rows) {
        auto db = openWithTable(path, smallThreshold());
        TRELLIS_VERIFY_OK(db);
        WalCheckpointer *checkpointer = db->walCheckpointer();
        QVERIFY(checkpointer != nullptr);
        QCOMPARE(checkpointer->thresholdPages(), kThreshold);

        for (int i = 0; i < rows; ++i) {
            TRELLIS_VERIFY_OK(insertRow(*db));
            // Never let the writer outrun the thread: below the safety valve every
            // checkpoint must then be the thread's.
            QVERIFY(waitUntilIdle(*checkpointer));
        }
        const WalCheckpointStats stats = checkpointer->stats();
        QVERIFY2(stats.background >= 10, qPrintable(QString::number(stats.background)));
        QCOMPARE(stats.onWriter, 0);
        QCOMPARE(stats.failed, 0);
        QVERIFY(stats.threadId != std::thread::id());
        QVERIFY(stats.threadId != std::this_thread::get_id());
        // Without it the WAL would hold all ~800+ pages (SQLite's own 1000-page checkpoint
        // never came: wal_autocheckpoint is off on this connection).
        const int frames = walFrames(*db);
        QVERIFY2(frames >= 0 && frames < 3 * kThreshold, qPrintable(QString::number(frames)));
    }

private Q_SLOTS:
    void checkpointsRunOnTheirOwnThread() {
        const QString path = file("own_thread.db");
        const int rows = 20 * kThreshold;
        writeWithCheckpointer(path, rows);
        if (QTest::currentTestFailed())
            return;
        auto reopened = Database::open(path);
        TRELLIS_VERIFY_OK(reopened);
        QCOMPARE(test::count(*reopened, QStringLiteral("t")), qint64(rows));
    }

    void writerCheckpointsOnlyPastTheSafetyValve() {
        const QString path = file("safety.db");
        auto db = openWithTable(path, smallThreshold());
        TRELLIS_VERIFY_OK(db);
        WalCheckpointer *checkpointer = db->walCheckpointer();
        QVERIFY(checkpointer != nullptr);
        TRELLIS_VERIFY_OK(insertRow(*db));

        // A reader holding a snapshot pins the WAL: no checkpoint can finish, the WAL grows.
        auto reader = Database::open(path, Database::Options{Database::Mode::ReadOnly});
        TRELLIS_VERIFY_OK(reader);
        TRELLIS_VERIFY_OK(reader->exec(QStringLiteral("BEGIN")));
        QCOMPARE(test::count(*reader, QStringLiteral("t")), qint64(1));

        int rows = 1;
        while (checkpointer->stats().onWriter == 0 && rows < 40 * kThreshold) {
            TRELLIS_VERIFY_OK(insertRow(*db));
            ++rows;
            QVERIFY(waitUntilIdle(*checkpointer));
        }
        QVERIFY2(checkpointer->stats().onWriter > 0, "the safety valve never fired");
        // It fired at 10x the threshold, not before: a row's commit writes at most 4 frames
        // (3 here: the table's leaf, its parent and page 1).
        QVERIFY2(rows >= WalCheckpointer::kSafetyFactor * kThreshold / 4,
                 qPrintable(QString::number(rows)));

        // The reader lets go: the next checkpoints complete, the WAL restarts from its start
        // and journal_size_limit truncates the grown file.
        TRELLIS_VERIFY_OK(reader->exec(QStringLiteral("COMMIT")));
        const qint64 grown = QFileInfo(path + QStringLiteral("-wal")).size();
        for (int i = 0; i < 3 * kThreshold; ++i) {
            TRELLIS_VERIFY_OK(insertRow(*db));
            ++rows;
            QVERIFY(waitUntilIdle(*checkpointer));
        }
        const qint64 shrunk = QFileInfo(path + QStringLiteral("-wal")).size();
        QVERIFY2(shrunk < grown, qPrintable(QStringLiteral("%1 -> %2").arg(grown).arg(shrunk)));
        QVERIFY2(shrunk <= 2 * kThreshold * (4096 + 24) + 32 + 8 * (4096 + 24),
                 qPrintable(QString::number(shrunk)));
        QCOMPARE(test::count(*db, QStringLiteral("t")), qint64(rows));
    }

    void closeDuringCheckpointIsClean() {
        const QString path = file("close.db");
        std::atomic<bool> entered{false};
        std::atomic<bool> release{false};
        int rows = 0;
        {
            auto db = openWithTable(path, smallThreshold());
            TRELLIS_VERIFY_OK(db);
            db->walCheckpointer()->setBeforeCheckpointForTesting([&] {
                entered = true;
                QDeadlineTimer deadline(30000); // never hang the test if it goes wrong
                while (!release && !deadline.hasExpired())
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            });
            // Enough pages that the checkpoint takes a while once it is let go.
            while (!entered && rows < 10 * kThreshold) {
                TRELLIS_VERIFY_OK(insertRow(*db));
                ++rows;
            }
            QVERIFY(entered);
            for (int i = 0; i < 4 * kThreshold; ++i, ++rows)
                TRELLIS_VERIFY_OK(insertRow(*db));
            release = true;
        } // closes while the thread checkpoints: close waits for it, then checkpoints last
        QVERIFY2(!QFileInfo::exists(path + QStringLiteral("-wal")),
                 "the last close did not checkpoint and remove the WAL");
        auto reopened = Database::open(path);
        TRELLIS_VERIFY_OK(reopened);
        QCOMPARE(test::count(*reopened, QStringLiteral("t")), qint64(rows));
        QCOMPARE(test::scalar(*reopened, QStringLiteral("PRAGMA integrity_check")),
                 QStringLiteral("ok"));
    }

    void failingCheckpointIsLoggedNotFatal() {
        const QString path = file("exclusive.db");
        auto db = openWithTable(path, smallThreshold());
        TRELLIS_VERIFY_OK(db);
        // The writer keeps the file locked: the checkpoint thread cannot even read it.
        TRELLIS_VERIFY_OK(db->exec(QStringLiteral("PRAGMA locking_mode = EXCLUSIVE")));
        WalCheckpointer *checkpointer = db->walCheckpointer();
        QVERIFY(checkpointer != nullptr);
        int rows = 0;
        while (checkpointer->stats().onWriter == 0 && rows < 40 * kThreshold) {
            TRELLIS_VERIFY_OK(insertRow(*db)); // never fails because the checkpoint does
            ++rows;
            QVERIFY(waitUntilIdle(*checkpointer));
        }
        const WalCheckpointStats stats = checkpointer->stats();
        QVERIFY(stats.failed >= 1);
        // One failure, then silence until the safety valve took over (no retry per commit).
        QCOMPARE(stats.requested, stats.failed);
        QVERIFY(stats.onWriter >= 1);
        QCOMPARE(test::count(*db, QStringLiteral("t")), qint64(rows));
    }

    void oneCheckpointerPerFile() {
        auto a = openWithTable(file("shared.db"), smallThreshold());
        auto b = openWithTable(file("shared.db"), smallThreshold());
        auto other = openWithTable(file("other.db"), smallThreshold());
        TRELLIS_VERIFY_OK(a);
        TRELLIS_VERIFY_OK(b);
        TRELLIS_VERIFY_OK(other);
        QVERIFY(a->walCheckpointer() != nullptr);
        QCOMPARE(a->walCheckpointer(), b->walCheckpointer());
        QVERIFY(other->walCheckpointer() != a->walCheckpointer());

        // A writer on another thread shares it too, and its commits wake the same thread.
        WalCheckpointer *shared = a->walCheckpointer();
        const int before = shared->stats().requested;
        std::thread writer([&] {
            auto own = Database::open(file("shared.db"), smallThreshold());
            if (!own || own->walCheckpointer() != shared)
                return;
            for (int i = 0; i < 3 * kThreshold; ++i)
                (void)insertRow(*own);
        });
        writer.join();
        QVERIFY(shared->stats().requested > before);
        QVERIFY(waitUntilIdle(*shared));
        QCOMPARE(shared->stats().failed, 0);
        QCOMPARE(test::count(*a, QStringLiteral("t")), qint64(3 * kThreshold));
    }

    void onlyReadWriteFileDatabases() {
        auto memory = Database::open(QStringLiteral(":memory:"));
        TRELLIS_VERIFY_OK(memory);
        QVERIFY(memory->walCheckpointer() == nullptr);

        const QString path = file("modes.db");
        TRELLIS_VERIFY_OK(openWithTable(path, Database::Options{}));
        auto readOnly = Database::open(path, Database::Options{Database::Mode::ReadOnly});
        TRELLIS_VERIFY_OK(readOnly);
        QVERIFY(readOnly->walCheckpointer() == nullptr);

        Database::Options off;
        off.backgroundCheckpoint = false;
        auto plain = Database::open(path, off);
        TRELLIS_VERIFY_OK(plain);
        QVERIFY(plain->walCheckpointer() == nullptr);
        // SQLite's own automatic checkpoint stays on for such a connection.
        QCOMPARE(test::scalar(*plain, QStringLiteral("PRAGMA wal_autocheckpoint")),
                 QStringLiteral("1000"));

        Database::Options noWal;
        noWal.wal = false;
        auto rollback = Database::open(file("rollback.db"), noWal);
        TRELLIS_VERIFY_OK(rollback);
        QVERIFY(rollback->walCheckpointer() == nullptr);
    }

    void writerSettings() {
        auto db = openWithTable(file("settings.db"), smallThreshold());
        TRELLIS_VERIFY_OK(db);
        QCOMPARE(test::scalar(*db, QStringLiteral("PRAGMA wal_autocheckpoint")),
                 QStringLiteral("0"));
        const int pageSize = test::scalar(*db, QStringLiteral("PRAGMA page_size")).toInt();
        QCOMPARE(test::scalar(*db, QStringLiteral("PRAGMA journal_size_limit")).toLongLong(),
                 qint64(2) * kThreshold * pageSize);
    }
};

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "test_wal_checkpointer.moc"
