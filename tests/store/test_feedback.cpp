// Feedback: ratings of a run, preferences between two runs, validation.

#include "store/database.h"
#include "store/feedback_repository.h"
#include "store/migrations.h"
#include "store/run_repository.h"
#include "store_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::store;

class TestFeedback : public QObject {
    Q_OBJECT

private:
    std::optional<Database> m_db;
    qint64 m_runA = 0;
    qint64 m_runB = 0;

private Q_SLOTS:
    void init() {
        auto db = Database::open(QStringLiteral(":memory:"));
        QVERIFY(db);
        m_db.emplace(std::move(*db));
        TRELLIS_VERIFY_OK(migrate(*m_db));
        auto ids = RunRepository(*m_db).insertBatch(std::vector<RunRecord>(2));
        TRELLIS_VERIFY_OK(ids);
        m_runA = ids->at(0);
        m_runB = ids->at(1);
    }

    void cleanup() { m_db.reset(); }

    void ratingsAndPreferences() {
        FeedbackRepository repo(*m_db);
        Feedback rating;
        rating.runId = m_runA;
        rating.rating = 4;
        rating.note = QStringLiteral("good, a bit long");
        TRELLIS_VERIFY_OK(repo.add(rating));

        Feedback preference;
        preference.runId = m_runA;
        preference.otherRunId = m_runB;
        preference.preference = QStringLiteral("b");
        TRELLIS_VERIFY_OK(repo.add(preference));

        auto ofA = repo.forRun(m_runA);
        TRELLIS_VERIFY_OK(ofA);
        QCOMPARE(ofA->size(), std::size_t(2));
        QCOMPARE(ofA->at(0).rating.value_or(0), 4);
        QCOMPARE(ofA->at(0).note, rating.note);
        QCOMPARE(ofA->at(0).otherRunId, qint64(0));
        QVERIFY(ofA->at(0).createdAt.isValid());
        QCOMPARE(ofA->at(1).preference, QStringLiteral("b"));
        QVERIFY(!ofA->at(1).rating.has_value());

        auto ofB = repo.forRun(m_runB);
        TRELLIS_VERIFY_OK(ofB);
        QCOMPARE(ofB->size(), std::size_t(1));
        QCOMPARE(ofB->at(0).runId, m_runA);
    }

    void invalidFeedback_data() {
        QTest::addColumn<int>("rating");
        QTest::addColumn<QString>("preference");
        QTest::addColumn<bool>("pair");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << -99 << QString() << false << QStringLiteral("needs a rating");
        QTest::newRow("rating too high") << 6 << QString() << false << QStringLiteral("not 6");
        QTest::newRow("bad preference")
            << -99 << QStringLiteral("c") << true << QStringLiteral("not 'c'");
        QTest::newRow("preference alone")
            << -99 << QStringLiteral("a") << false << QStringLiteral("needs two runs");
        QTest::newRow("pair without preference")
            << 3 << QString() << true << QStringLiteral("need a preference");
    }

    void invalidFeedback() {
        QFETCH(int, rating);
        QFETCH(QString, preference);
        QFETCH(bool, pair);
        QFETCH(QString, expected);
        Feedback f;
        f.runId = m_runA;
        if (rating != -99)
            f.rating = rating;
        f.preference = preference;
        if (pair)
            f.otherRunId = m_runB;
        auto id = FeedbackRepository(*m_db).add(f);
        QVERIFY(!id);
        QVERIFY2(id.error().message.contains(expected), qPrintable(id.error().message));
        QCOMPARE(test::count(*m_db, QStringLiteral("feedback")), qint64(0));
    }

    void unknownRunIsRefused() {
        Feedback f;
        f.runId = 999;
        f.rating = 1;
        auto id = FeedbackRepository(*m_db).add(f);
        QVERIFY(!id);
        QVERIFY(id.error().message.contains(QLatin1String("FOREIGN KEY")));
    }
};

QTEST_GUILESS_MAIN(TestFeedback)
#include "test_feedback.moc"
