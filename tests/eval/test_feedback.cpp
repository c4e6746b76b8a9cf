// Human feedback: ratings (thumbs, stars) and preferences stored per run / run pair, read back
// with the runs' variants, and counted in the statistics.

#include "eval/ab_compare.h"
#include "eval/feedback_repository.h"
#include "eval/statistics.h"
#include "eval_test_support.h"
#include "store/run_repository.h"

#include <QTest>

using namespace trellis;
using namespace trellis::eval;

class TestFeedback : public QObject {
    Q_OBJECT

private:
    std::optional<store::Database> m_db;
    qint64 m_a = 0, m_b = 0, m_a2 = 0;

    qint64 addRun(const char *variant) {
        store::RunRecord run;
        run.variant = QString::fromLatin1(variant);
        auto id = store::RunRepository(*m_db).insert(run);
        if (!id)
            qFatal("run insert failed");
        return *id;
    }

private Q_SLOTS:
    void init() {
        test::openStore(&m_db);
        m_a = addRun("A");
        m_b = addRun("B");
        m_a2 = addRun("A");
    }
    void cleanup() { m_db.reset(); }

    void ratingEncodingIsUnambiguous() {
        for (const Rating r :
             {Rating::thumbsUp(), Rating::thumbsDown(), Rating::stars(1), Rating::stars(5)})
            QVERIFY(*decodeRating(encodeRating(r)) == r);
        QVERIFY(encodeRating(Rating::thumbsUp()) != encodeRating(Rating::stars(1)));
        QVERIFY(!decodeRating(6));
    }

    void ratingsAndPreferencesRoundTrip() {
        FeedbackRepository repo(*m_db);
        TRELLIS_VERIFY_OK(repo.rate(m_a, Rating::stars(4), QStringLiteral("clear")));
        TRELLIS_VERIFY_OK(repo.rate(m_a2, Rating::thumbsDown()));
        TRELLIS_VERIFY_OK(repo.rate(m_b, Rating::thumbsUp()));
        TRELLIS_VERIFY_OK(repo.prefer(m_a, m_b, Preference::B, QStringLiteral("shorter")));
        TRELLIS_VERIFY_OK(repo.comment(m_b, QStringLiteral("check the tone")));
        auto all = repo.forRuns({m_a, m_b, m_a2});
        TRELLIS_VERIFY_OK(all);
        QCOMPARE(all->size(), size_t(5)); // the pair is listed once
        QVERIFY(*all->at(0).rating == Rating::stars(4));
        QCOMPARE(all->at(0).note, QStringLiteral("clear"));
        QCOMPARE(all->at(0).variant, QStringLiteral("A"));
        QVERIFY(*all->at(1).rating == Rating::thumbsDown());
        const FeedbackEntry &pair = all->at(3);
        QCOMPARE(pair.otherRunId, m_b);
        QCOMPARE(*pair.preference, Preference::B);
        QCOMPARE(pair.otherVariant, QStringLiteral("B"));
        QVERIFY(!all->at(4).rating && !all->at(4).preference);

        auto onlyB = repo.forRuns({m_b});
        TRELLIS_VERIFY_OK(onlyB);
        QCOMPARE(onlyB->size(), size_t(3)); // its rating, the pair, the comment

        // Into the statistics: A has one star rating (4) and a thumbs-down; B one thumbs-up;
        // the A/B preference goes to B.
        std::vector<CellRecord> cells(2);
        cells[0].variant = QStringLiteral("A");
        cells[1].variant = QStringLiteral("B");
        const auto stats = summarizeVariants(cells, *all);
        QCOMPARE(*stats[0].meanStars, 4.0);
        QCOMPARE(stats[0].thumbsDown, 1);
        QCOMPARE(stats[1].thumbsUp, 1);
        const PairedComparison c =
            compareVariants(cells, QStringLiteral("A"), QStringLiteral("B"), {}, *all);
        QCOMPARE(c.preferB, 1);
    }

    void invalidFeedbackIsRefused() {
        FeedbackRepository repo(*m_db);
        auto six = repo.rate(m_a, Rating::stars(6));
        QVERIFY(!six);
        QCOMPARE(six.error().field, QStringLiteral("rating"));
        QVERIFY(!repo.rate(m_a, Rating{RatingKind::Thumbs, 0}));
        QVERIFY(!repo.prefer(m_a, m_a, Preference::Tie));
        QVERIFY(!repo.comment(m_a, QStringLiteral("  ")));
        auto missing = repo.rate(9999, Rating::stars(3));
        QVERIFY(!missing);
        QVERIFY(missing.error().message.contains(u"run 9999"));
    }

    void forExperimentFollowsCells() {
        // A cell of experiment 1 and a run made for it.
        TRELLIS_VERIFY_OK(m_db->exec(
            QStringLiteral("INSERT INTO experiments (id, project_id, name, created_at, updated_at) "
                           "VALUES (1, 1, 'e', 0, 0);"
                           "INSERT INTO experiment_cells (id, experiment_id, variant, model) "
                           "VALUES (7, 1, 'A', 'm');")));
        store::RunRecord run;
        run.variant = QStringLiteral("A");
        run.experimentCellId = 7;
        auto id = store::RunRepository(*m_db).insert(run);
        TRELLIS_VERIFY_OK(id);
        FeedbackRepository repo(*m_db);
        TRELLIS_VERIFY_OK(repo.rate(*id, Rating::stars(2)));
        TRELLIS_VERIFY_OK(repo.rate(m_a, Rating::stars(5))); // not in the experiment
        auto list = repo.forExperiment(1);
        TRELLIS_VERIFY_OK(list);
        QCOMPARE(list->size(), size_t(1));
        QCOMPARE(list->at(0).runId, *id);
    }
};

QTEST_GUILESS_MAIN(TestFeedback)
#include "test_feedback.moc"
