// One writer and several readers on the same file, each thread with its own connection.
// WAL lets readers run during writes; they must only ever see whole transactions.

#include "store/database.h"
#include "store/migrations.h"
#include "store/run_repository.h"
#include "store/statement.h"
#include "store/transaction.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

using namespace trellis;
using namespace trellis::store;

namespace {

constexpr int kBatches = 60;
constexpr int kBatchSize = 25;

struct ReaderReport {
    int reads = 0;
    int partialReads = 0;     // a count that is not a whole number of batches
    int wentBackwards = 0;    // a later read saw fewer rows
    int unstableSnapshot = 0; // two reads inside one read transaction disagreed
    QString error;
};

Result<qint64> countRuns(Database &db) {
    auto stmt = db.prepare(QStringLiteral("SELECT count(*), count(DISTINCT variant) FROM runs"));
    if (!stmt)
        return stmt.error();
    auto row = stmt->step();
    if (!row)
        return row.error();
    return stmt->columnInt64(0);
}

void readLoop(const QString &path, const std::atomic<bool> &writerDone, ReaderReport &report) {
    auto db = Database::open(path);
    if (!db) {
        report.error = db.error().toString();
        return;
    }
    qint64 last = 0;
    while (!writerDone.load()) {
        // A read transaction: both counts come from one snapshot.
        if (Status st = db->exec(QStringLiteral("BEGIN")); !st) {
            report.error = st.error().toString();
            return;
        }
        auto first = countRuns(*db);
        std::this_thread::yield();
        auto second = countRuns(*db);
        (void)db->exec(QStringLiteral("COMMIT"));
        if (!first || !second) {
            report.error = (first ? second.error() : first.error()).toString();
            return;
        }
        ++report.reads;
        if (*first % kBatchSize != 0)
            ++report.partialReads;
        if (*first < last)
            ++report.wentBackwards;
        if (*first != *second)
            ++report.unstableSnapshot;
        last = *first;
    }
}

} // namespace

class TestConcurrency : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readersNeverSeePartialWrites() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("concurrent.db"));
        {
            auto db = Database::open(path);
            TRELLIS_VERIFY_OK(db);
            TRELLIS_VERIFY_OK(migrate(*db));
        }

        std::atomic<bool> writerDone{false};
        std::atomic<bool> writerStarted{false};
        QString writerError;
        std::thread writer([&] {
            auto db = Database::open(path);
            if (!db) {
                writerError = db.error().toString();
                writerDone = true;
                return;
            }
            RunRepository runs(*db);
            writerStarted = true;
            for (int b = 0; b < kBatches && writerError.isEmpty(); ++b) {
                std::vector<RunRecord> batch(kBatchSize);
                for (int i = 0; i < kBatchSize; ++i) {
                    batch[std::size_t(i)].variant = QString::number(i);
                    batch[std::size_t(i)].responseText = QString(200, QLatin1Char('x'));
                }
                if (auto ids = runs.insertBatch(batch); !ids)
                    writerError = ids.error().toString();
                std::this_thread::yield();
            }
            writerDone = true;
        });

        std::vector<ReaderReport> reports(3);
        std::vector<std::thread> readers;
        while (!writerStarted && !writerDone)
            std::this_thread::yield();
        for (ReaderReport &report : reports)
            readers.emplace_back(readLoop, path, std::cref(writerDone), std::ref(report));
        writer.join();
        for (std::thread &t : readers)
            t.join();

        QVERIFY2(writerError.isEmpty(), qPrintable(writerError));
        int totalReads = 0;
        for (const ReaderReport &r : reports) {
            QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
            QCOMPARE(r.partialReads, 0);
            QCOMPARE(r.wentBackwards, 0);
            QCOMPARE(r.unstableSnapshot, 0);
            totalReads += r.reads;
        }
        qInfo("%d reads during %d batch commits", totalReads, kBatches);

        auto db = Database::open(path);
        TRELLIS_VERIFY_OK(db);
        QCOMPARE(test::count(*db, QStringLiteral("runs")), qint64(kBatches * kBatchSize));
        QCOMPARE(test::scalar(*db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
    }

    void twoWritersSerialize() {
        // Two threads writing at once: BEGIN IMMEDIATE plus busy_timeout makes the second
        // wait for the first instead of failing with SQLITE_BUSY.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("writers.db"));
        {
            auto db = Database::open(path);
            TRELLIS_VERIFY_OK(db);
            TRELLIS_VERIFY_OK(migrate(*db));
        }
        QString errors[2];
        auto work = [&](int which) {
            auto db = Database::open(path);
            if (!db) {
                errors[which] = db.error().toString();
                return;
            }
            RunRepository runs(*db);
            for (int b = 0; b < 20 && errors[which].isEmpty(); ++b) {
                if (auto ids = runs.insertBatch(std::vector<RunRecord>(10)); !ids)
                    errors[which] = ids.error().toString();
            }
        };
        std::thread a(work, 0);
        std::thread b(work, 1);
        a.join();
        b.join();
        QVERIFY2(errors[0].isEmpty(), qPrintable(errors[0]));
        QVERIFY2(errors[1].isEmpty(), qPrintable(errors[1]));
        auto db = Database::open(path);
        TRELLIS_VERIFY_OK(db);
        QCOMPARE(test::count(*db, QStringLiteral("runs")), qint64(400));
    }
};

QTEST_GUILESS_MAIN(TestConcurrency)
#include "test_concurrency.moc"
