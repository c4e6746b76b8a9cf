// The RAII layer over the sqlite3 C API: connections, statements, bindings, the statement
// cache and transaction guards.

#include "store/database.h"
#include "store/statement.h"
#include "store/transaction.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace trellis;
using namespace trellis::store;
using trellis::store::test::count;
using trellis::store::test::scalar;

class TestSqliteRaii : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    Database openFile(const QString &name) {
        auto db = Database::open(m_dir.filePath(name));
        if (!db)
            qFatal("open failed: %s", qPrintable(db.error().toString()));
        return std::move(*db);
    }

private Q_SLOTS:
    void connectionSettings() {
        Database db = openFile(QStringLiteral("settings.db"));
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")), QStringLiteral("1"));
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA synchronous")), QStringLiteral("1")); // NORMAL
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA busy_timeout")), QStringLiteral("5000"));
        QVERIFY(db.isOwnerThread());
        QVERIFY(!db.inTransaction());
    }

    void openFailsWithPath() {
        const QString path = m_dir.filePath(QStringLiteral("no/such/dir/x.db"));
        auto db = Database::open(path);
        QVERIFY(!db);
        QCOMPARE(db.error().file, path);
        QVERIFY(db.error().message.contains(QLatin1String("cannot open database")));

        Database::Options readOnly;
        readOnly.mode = Database::Mode::ReadWrite; // no CREATE: a missing file is an error
        QVERIFY(!Database::open(m_dir.filePath(QStringLiteral("missing.db")), readOnly));
    }

    void readOnlyRefusesWrites() {
        {
            Database db = openFile(QStringLiteral("ro.db"));
            TRELLIS_VERIFY_OK(db.exec(QStringLiteral("CREATE TABLE t (x)")));
        }
        Database::Options options;
        options.mode = Database::Mode::ReadOnly;
        auto db = Database::open(m_dir.filePath(QStringLiteral("ro.db")), options);
        TRELLIS_VERIFY_OK(db);
        Status st = db->exec(QStringLiteral("INSERT INTO t VALUES (1)"));
        QVERIFY(!st);
        QVERIFY(st.error().message.contains(QLatin1String("readonly")));
    }

    void errorsCarryMessageAndSql() {
        auto db = Database::open(QStringLiteral(":memory:"));
        TRELLIS_VERIFY_OK(db);
        Status st = db->exec(QStringLiteral("CREATE TABLEX broken"));
        QVERIFY(!st);
        QVERIFY2(st.error().message.contains(QLatin1String("syntax error")),
                 qPrintable(st.error().message));
        QVERIFY(st.error().message.contains(QLatin1String("CREATE TABLEX broken")));

        auto stmt = db->prepare(QStringLiteral("SELECT * FROM missing_table"));
        QVERIFY(!stmt);
        QVERIFY(stmt.error().message.contains(QLatin1String("no such table: missing_table")));
        QVERIFY(stmt.error().message.contains(QLatin1String("SELECT * FROM missing_table")));

        auto two = db->prepare(QStringLiteral("SELECT 1; SELECT 2"));
        QVERIFY(!two);
        QVERIFY(two.error().message.contains(QLatin1String("use exec()")));
    }

    void bindAndReadEveryType() {
        auto db = Database::open(QStringLiteral(":memory:"));
        TRELLIS_VERIFY_OK(db);
        TRELLIS_VERIFY_OK(db->exec(QStringLiteral("CREATE TABLE t (i, d, s, b, n, j, w, o)")));
        auto insert =
            db->prepare(QStringLiteral("INSERT INTO t VALUES (:i, :d, :s, :b, :n, :j, :w, :o)"));
        TRELLIS_VERIFY_OK(insert);
        const QString text = QStringLiteral("h\u00e9llo \u4e16\u754c \U0001F600");
        const QByteArray blob("\x00\x01\xff\x00z", 5);
        const nlohmann::json doc = {{"a", 1}, {"b", {true, nullptr, "x"}}};
        const QDateTime when = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
        insert->bind(":i", qint64(1) << 40)
            .bind(":d", 0.25)
            .bind(":s", text)
            .bindBlob(":b", blob)
            .bindNull(":n")
            .bindJson(":j", doc)
            .bind(":w", when)
            .bind(":o", std::optional<double>());
        TRELLIS_VERIFY_OK(insert->exec());

        auto select = db->prepare(QStringLiteral("SELECT i, d, s, b, n, j, w, o FROM t"));
        TRELLIS_VERIFY_OK(select);
        auto row = select->step();
        TRELLIS_VERIFY_OK(row);
        QVERIFY(*row);
        QCOMPARE(select->columnCount(), 8);
        QCOMPARE(select->columnName(2), QStringLiteral("s"));
        QCOMPARE(select->columnInt64(0), qint64(1) << 40);
        QCOMPARE(select->columnDouble(1), 0.25);
        QCOMPARE(select->columnText(2), text);
        QCOMPARE(select->columnBlob(3), blob);
        QVERIFY(select->isNull(4));
        auto json = select->columnJson(5);
        TRELLIS_VERIFY_OK(json);
        QVERIFY(*json == doc);
        QCOMPARE(select->columnDateTime(6), when);
        QVERIFY(!select->columnOptionalDouble(7).has_value());
        QVERIFY(!select->columnDateTime(4).isValid());
        auto done = select->step();
        TRELLIS_VERIFY_OK(done);
        QVERIFY(!*done);
    }

    void malformedJsonColumnIsAnError() {
        auto db = Database::open(QStringLiteral(":memory:"));
        TRELLIS_VERIFY_OK(db);
        auto stmt = db->prepare(QStringLiteral("SELECT '{not json' AS doc"));
        TRELLIS_VERIFY_OK(stmt);
        QVERIFY(*stmt->step());
        auto json = stmt->columnJson(0);
        QVERIFY(!json);
        QVERIFY(json.error().message.contains(QLatin1String("'doc'")));
    }

    void bindErrorsSurfaceAtStep() {
        auto db = Database::open(QStringLiteral(":memory:"));
        TRELLIS_VERIFY_OK(db);
        auto stmt = db->prepare(QStringLiteral("SELECT :a"));
        TRELLIS_VERIFY_OK(stmt);
        stmt->bind(":nope", qint64(1));
        auto row = stmt->step();
        QVERIFY(!row);
        QVERIFY(row.error().message.contains(QLatin1String(":nope")));

        stmt->clearBindings();
        stmt->bind(5, qint64(1)); // out of range
        auto again = stmt->step();
        QVERIFY(!again);
        QVERIFY2(again.error().message.contains(QLatin1String("column index out of range")),
                 qPrintable(again.error().message));
    }

    void resetAndRebind() {
        auto db = Database::open(QStringLiteral(":memory:"));
        TRELLIS_VERIFY_OK(db);
        auto stmt = db->prepare(QStringLiteral("SELECT ? * 2"));
        TRELLIS_VERIFY_OK(stmt);
        for (qint64 i = 0; i < 5; ++i) {
            stmt->reset();
            stmt->bind(1, i);
            QVERIFY(*stmt->step());
            QCOMPARE(stmt->columnInt64(0), i * 2);
        }
    }

    void statementCacheHandsOutIndependentStatements() {
        auto db = Database::open(QStringLiteral(":memory:"));
        TRELLIS_VERIFY_OK(db);
        {
            // Two live statements with the same SQL must not share a handle.
            auto a =
                db->prepare(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                                           "SELECT x + 1 FROM c WHERE x < ?) SELECT x FROM c"));
            auto b =
                db->prepare(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                                           "SELECT x + 1 FROM c WHERE x < ?) SELECT x FROM c"));
            TRELLIS_VERIFY_OK(a);
            TRELLIS_VERIFY_OK(b);
            a->bind(1, qint64(3));
            b->bind(1, qint64(3));
            QVERIFY(*a->step());
            QVERIFY(*a->step());
            QVERIFY(*b->step());
            QCOMPARE(a->columnInt64(0), qint64(2));
            QCOMPARE(b->columnInt64(0), qint64(1));
        }
        // A cached statement comes back reset and without old bindings.
        auto c = db->prepare(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                                            "SELECT x + 1 FROM c WHERE x < ?) SELECT x FROM c"));
        TRELLIS_VERIFY_OK(c);
        QVERIFY(*c->step());
        QCOMPARE(c->columnInt64(0), qint64(1));
        QVERIFY(!*c->step()); // x < NULL stops the recursion: bindings were cleared
    }

    void transactionCommitsAndRollsBack() {
        Database db = openFile(QStringLiteral("tx.db"));
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("CREATE TABLE t (x)")));
        {
            auto tx = Transaction::begin(db);
            TRELLIS_VERIFY_OK(tx);
            QVERIFY(db.inTransaction());
            TRELLIS_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO t VALUES (1)")));
            TRELLIS_VERIFY_OK(tx->commit());
            QVERIFY(!tx->isActive());
        }
        {
            auto tx = Transaction::begin(db);
            TRELLIS_VERIFY_OK(tx);
            TRELLIS_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO t VALUES (2)")));
            // no commit: the guard rolls back
        }
        QVERIFY(!db.inTransaction());
        QCOMPARE(db.transactionDepth(), 0);
        QCOMPARE(count(db, QStringLiteral("t")), qint64(1));
        {
            auto tx = Transaction::begin(db);
            TRELLIS_VERIFY_OK(tx);
            TRELLIS_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO t VALUES (3)")));
            TRELLIS_VERIFY_OK(tx->rollback());
            QVERIFY(!tx->commit()); // already ended
        }
        QCOMPARE(count(db, QStringLiteral("t")), qint64(1));
    }

    void nestedTransactionsUseSavepoints() {
        Database db = openFile(QStringLiteral("nested.db"));
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("CREATE TABLE t (x)")));
        {
            auto outer = Transaction::begin(db);
            TRELLIS_VERIFY_OK(outer);
            TRELLIS_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO t VALUES ('outer')")));
            {
                auto inner = Transaction::begin(db);
                TRELLIS_VERIFY_OK(inner);
                QVERIFY(inner->isNested());
                QCOMPARE(db.transactionDepth(), 2);
                TRELLIS_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO t VALUES ('dropped')")));
            } // inner rolled back, outer continues
            {
                auto inner = Transaction::begin(db);
                TRELLIS_VERIFY_OK(inner);
                TRELLIS_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO t VALUES ('kept')")));
                TRELLIS_VERIFY_OK(inner->commit());
            }
            QVERIFY(db.inTransaction());
            TRELLIS_VERIFY_OK(outer->commit());
        }
        QCOMPARE(scalar(db, QStringLiteral("SELECT group_concat(x, ',') FROM t")),
                 QStringLiteral("outer,kept"));

        {
            auto outer = Transaction::begin(db);
            TRELLIS_VERIFY_OK(outer);
            auto inner = Transaction::begin(db);
            TRELLIS_VERIFY_OK(inner);
            TRELLIS_VERIFY_OK(db.exec(QStringLiteral("INSERT INTO t VALUES ('lost')")));
            TRELLIS_VERIFY_OK(inner->commit());
            // outer not committed: the released savepoint goes with it
        }
        QCOMPARE(count(db, QStringLiteral("t")), qint64(2));
    }

    void connectionKnowsItsThread() {
        auto db = Database::open(QStringLiteral(":memory:"));
        TRELLIS_VERIFY_OK(db);
        QVERIFY(db->isOwnerThread());
        bool ownerElsewhere = true;
        std::thread other([&] { ownerElsewhere = db->isOwnerThread(); });
        other.join();
        QVERIFY(!ownerElsewhere); // debug builds assert on any use from there
    }

    void databaseMoves() {
        auto opened = Database::open(QStringLiteral(":memory:"));
        TRELLIS_VERIFY_OK(opened);
        Database a = std::move(*opened);
        TRELLIS_VERIFY_OK(a.exec(QStringLiteral("CREATE TABLE t (x); INSERT INTO t VALUES (7)")));
        Database b = std::move(a);
        QCOMPARE(scalar(b, QStringLiteral("SELECT x FROM t")), QStringLiteral("7"));
    }
};

QTEST_GUILESS_MAIN(TestSqliteRaii)
#include "test_sqlite_raii.moc"
