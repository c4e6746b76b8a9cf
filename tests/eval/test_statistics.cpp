// Statistics: percentiles, per-variant summaries, exact binomial tests, the paired bootstrap
// and A/B verdicts, each checked against values worked out by hand (arithmetic in comments)
// and against python3 (math.comb / the same SplitMix64 written in Python).

#include "eval/ab_compare.h"
#include "eval/binomial.h"
#include "eval/statistics.h"
#include "eval_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::eval;

namespace {

CellRecord cell(const char *variant, int row, bool pass, double score) {
    CellRecord c;
    c.variant = QString::fromLatin1(variant);
    c.pairKey = QStringLiteral("m|%1|0").arg(row);
    c.pass = pass;
    c.score = score;
    return c;
}

} // namespace

class TestStatistics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void percentileType7() {
        // Sorted: 80 100 120 150 200 (n = 5).
        // p50: h = 4 * 0.50 = 2   -> x[2] = 120
        // p95: h = 4 * 0.95 = 3.8 -> x[3] + 0.8 * (x[4] - x[3]) = 150 + 0.8 * 50 = 190
        // python3: statistics.quantiles(v, n=100, method='inclusive') gives 120.0 and 190.0.
        const std::vector<double> v{120, 80, 200, 150, 100};
        QCOMPARE(*percentile(v, 50), 120.0);
        QCOMPARE(*percentile(v, 95), 190.0);
        QCOMPARE(*percentile(v, 0), 80.0);
        QCOMPARE(*percentile(v, 100), 200.0);
        QCOMPARE(*percentile({42}, 95), 42.0);
        // Two values: p25: h = 0.25 -> 10 + 0.25 * 10 = 12.5.
        QCOMPARE(*percentile({20, 10}, 25), 12.5);
        QVERIFY(!percentile({}, 50));
    }

    void exactBinomial() {
        // k = 2 of n = 10: P(X <= 2) = (1 + 10 + 45) / 1024 = 56/1024; two-sided 112/1024.
        QCOMPARE(binomialTwoSidedHalf(2, 10), 0.109375);
        QCOMPARE(binomialTwoSidedHalf(8, 10), 0.109375); // symmetric
        // k = 1 of 12: (1 + 12) / 4096 * 2 = 26/4096 = 0.00634765625.
        QCOMPARE(binomialTwoSidedHalf(1, 12), 0.00634765625);
        // k = 0 of 5: 2 / 32 = 0.0625.
        QCOMPARE(binomialTwoSidedHalf(0, 5), 0.0625);
        // k = 5 of 10: the tail includes the middle, 2 * 638/1024 > 1 -> capped at 1.
        QCOMPARE(binomialTwoSidedHalf(5, 10), 1.0);
        QCOMPARE(binomialTwoSidedHalf(0, 0), 1.0);
        // Large n against python3: float(Fraction(2 * sum(comb(n, i) for i in range(k + 1)),
        // 2 ** n)).
        QVERIFY(qAbs(binomialTwoSidedHalf(30, 100) / 7.85013964559367e-05 - 1) < 1e-9);
        QVERIFY(qAbs(binomialTwoSidedHalf(480, 1000) / 0.21744829320414094 - 1) < 1e-9);
        // Huge n neither overflows nor returns NaN.
        const double tiny = binomialTwoSidedHalf(0, 5000000);
        QVERIFY(tiny >= 0 && tiny < 1e-300);
    }

    void splitMixMatchesReference() {
        // python3 reference (the algorithm in ab_compare.cpp), seed 7.
        SplitMix64 rng(7);
        QCOMPARE(rng.next(), Q_UINT64_C(7191089600892374487));
        QCOMPARE(rng.next(), Q_UINT64_C(309689372594955804));
    }

    void bootstrapIsDeterministic() {
        const std::vector<double> d{1, 0, 0.5, -0.5, 1, 0, 1, 0.25};
        // python3, same SplitMix64(42), 10,000 resamples of 8 indices (next() % 8), type-7
        // percentiles of the means at 2.5 and 97.5: 0.03125 and 0.75.
        const Interval ci = bootstrapMeanInterval(d, 10000, 42);
        QCOMPARE(ci.low, 0.03125);
        QCOMPARE(ci.high, 0.75);
        const Interval again = bootstrapMeanInterval(d, 10000, 42);
        QCOMPARE(again.low, ci.low);
        QCOMPARE(again.high, ci.high);
        // The sample mean (3.25 / 8 = 0.40625) lies inside.
        QVERIFY(ci.low < 0.40625 && 0.40625 < ci.high);
        // Constant differences: a degenerate interval at that value.
        const Interval flat = bootstrapMeanInterval({0.5, 0.5, 0.5}, 1000, 1);
        QCOMPARE(flat.low, 0.5);
        QCOMPARE(flat.high, 0.5);
    }

    void variantSummary() {
        std::vector<CellRecord> cells;
        // Variant A: 4 cells. Latencies 100, 300, 200 (the errored cell's 999 is ignored).
        auto add = [&](const char *v, int row, bool pass, double score, double latency,
                       std::optional<double> cost, bool errored = false) {
            CellRecord c = cell(v, row, pass, score);
            c.latencyMs = latency;
            c.ttftMs = latency / 2;
            c.costUsd = cost;
            c.errored = errored;
            c.inputTokens = 10;
            c.outputTokens = 5;
            cells.push_back(c);
        };
        add("A", 0, true, 1.0, 100, 0.01);
        add("A", 1, false, 0.5, 300, 0.02);
        add("A", 2, true, 1.0, 200, std::nullopt);
        add("A", 3, false, 0, 999, 0.01, true);
        add("B", 0, true, 1.0, 50, 0.001);
        const auto stats = summarizeVariants(cells);
        QCOMPARE(stats.size(), size_t(2));
        const VariantStats &a = stats[0];
        QCOMPARE(a.variant, QStringLiteral("A"));
        QCOMPARE(a.cells, 4);
        QCOMPARE(a.passed, 2);
        QCOMPARE(a.errors, 1);
        QCOMPARE(a.passRate, 0.5);    // 2 / 4
        QCOMPARE(a.meanScore, 0.625); // (1 + 0.5 + 1 + 0) / 4 = 2.5 / 4
        // Latencies sorted 100 200 300: p50 = 200; p95: h = 2 * 0.95 = 1.9 -> 200 + 0.9 * 100.
        QCOMPARE(*a.latencyP50, 200.0);
        QCOMPARE(*a.latencyP95, 290.0);
        // TTFT over every cell that has one: (50 + 150 + 100 + 499.5) / 4 = 199.875.
        QCOMPARE(*a.meanTtftMs, 199.875);
        QCOMPARE(a.inputTokens, qint64(40));
        QCOMPARE(a.outputTokens, qint64(20));
        QVERIFY(qAbs(a.totalCostUsd - 0.04) < 1e-12); // 0.01 + 0.02 + 0.01
        QCOMPARE(a.cellsWithoutCost, 1);
        QCOMPARE(stats[1].passRate, 1.0);
    }

    void feedbackInStatistics() {
        std::vector<CellRecord> cells{cell("A", 0, true, 1), cell("B", 0, true, 1)};
        std::vector<FeedbackEntry> fb(5);
        fb[0].variant = QStringLiteral("A");
        fb[0].rating = Rating::stars(4);
        fb[1].variant = QStringLiteral("A");
        fb[1].rating = Rating::stars(1);
        fb[2].variant = QStringLiteral("A");
        fb[2].rating = Rating::thumbsUp();
        fb[3].variant = QStringLiteral("B"); // B's run preferred over A's run, written as (B, A)
        fb[3].otherVariant = QStringLiteral("A");
        fb[3].preference = Preference::A;
        fb[4].variant = QStringLiteral("A");
        fb[4].otherVariant = QStringLiteral("B");
        fb[4].preference = Preference::Tie;
        const auto stats = summarizeVariants(cells, fb);
        QCOMPARE(stats[0].starRatings, 2);
        QCOMPARE(*stats[0].meanStars, 2.5); // (4 + 1) / 2
        QCOMPARE(stats[0].thumbsUp, 1);
        QVERIFY(!stats[1].meanStars);
        const PairedComparison c =
            compareVariants(cells, QStringLiteral("A"), QStringLiteral("B"), {}, fb);
        QCOMPARE(c.preferB, 1);
        QCOMPARE(c.preferA, 0);
        QCOMPARE(c.preferTie, 1);
    }

    void abPassRateVerdict() {
        // 14 shared rows. Pass/fail (A, B): 11 rows A fails and B passes, 1 row A passes and
        // B fails, 2 rows both pass. McNemar: k = 1 of n = 12 -> p = 26/4096 = 0.0063.
        // Scores equal pass (1/0), so wins = 11, losses = 1, ties = 2; sign test on the same
        // 1 of 12 -> 0.0063. Mean diff = (11 - 1) / 14 = 0.714285...
        std::vector<CellRecord> cells;
        for (int r = 0; r < 14; ++r) {
            const bool aPass = r == 11 || r >= 12;
            const bool bPass = r < 11 || r >= 12;
            cells.push_back(cell("A", r, aPass, aPass ? 1 : 0));
            cells.push_back(cell("B", r, bPass, bPass ? 1 : 0));
        }
        cells.push_back(cell("B", 99, true, 1)); // B only: not paired
        const PairedComparison c = compareVariants(cells, QStringLiteral("A"), QStringLiteral("B"));
        QCOMPARE(c.pairs, 14);
        QCOMPARE(c.wins, 11);
        QCOMPARE(c.losses, 1);
        QCOMPARE(c.ties, 2);
        QCOMPARE(c.onlyBPassed, 11);
        QCOMPARE(c.onlyAPassed, 1);
        QCOMPARE(c.mcnemarP, 0.00634765625);
        QCOMPARE(c.signTestP, 0.00634765625);
        QVERIFY(qAbs(c.meanScoreDiff - 10.0 / 14) < 1e-12);
        QCOMPARE(c.passRateA, 3.0 / 14);
        QCOMPARE(c.passRateB, 13.0 / 14);
        QVERIFY(c.scoreDiffCi.low < c.meanScoreDiff && c.meanScoreDiff < c.scoreDiffCi.high);
        QCOMPARE(c.verdict, QStringLiteral("B beats A on pass rate, p = 0.006"));
        // Swapped roles: A is the winner's name now.
        const PairedComparison s = compareVariants(cells, QStringLiteral("B"), QStringLiteral("A"));
        QCOMPARE(s.verdict, QStringLiteral("B beats A on pass rate, p = 0.006"));
        QCOMPARE(s.wins, 1);
    }

    void abScoreVerdictAndNoDifference() {
        // Everything passes; B scores higher on 9 rows, lower on 0, equal on 1: no McNemar
        // pairs, sign test k = 0 of 9 -> 2/512 = 0.0039.
        std::vector<CellRecord> cells;
        for (int r = 0; r < 10; ++r) {
            cells.push_back(cell("A", r, true, 0.6));
            cells.push_back(cell("B", r, true, r == 0 ? 0.6 : 0.9));
        }
        const PairedComparison c = compareVariants(cells, QStringLiteral("A"), QStringLiteral("B"));
        QCOMPARE(c.signTestP, 2.0 / 512);
        QCOMPARE(c.verdict, QStringLiteral("B beats A on score, p = 0.004"));
        // 2 discordant pairs each way: k = 2 of 4 -> 2 * 11/16 > 1 -> p = 1.
        std::vector<CellRecord> even;
        for (int r = 0; r < 4; ++r) {
            even.push_back(cell("A", r, r < 2, r < 2 ? 1 : 0));
            even.push_back(cell("B", r, r >= 2, r >= 2 ? 1 : 0));
        }
        const PairedComparison e = compareVariants(even, QStringLiteral("A"), QStringLiteral("B"));
        QCOMPARE(e.mcnemarP, 1.0);
        QCOMPARE(e.verdict, QStringLiteral("no significant difference (p = 1.00)"));
        // 2 of 10 discordant one way: p = 0.109375 -> "p = 0.11".
        std::vector<CellRecord> weak;
        for (int r = 0; r < 10; ++r) {
            weak.push_back(cell("A", r, r < 2, r < 2 ? 1 : 0));
            weak.push_back(cell("B", r, r >= 2, r >= 2 ? 1 : 0));
        }
        QCOMPARE(compareVariants(weak, QStringLiteral("A"), QStringLiteral("B")).verdict,
                 QStringLiteral("no significant difference (p = 0.11)"));
        QCOMPARE(compareVariants({}, QStringLiteral("A"), QStringLiteral("B")).verdict,
                 QStringLiteral("no shared rows to compare"));
    }

    void erroredCellsCountAsFailures() {
        std::vector<CellRecord> cells{cell("A", 0, true, 1), cell("B", 0, true, 1)};
        cells[1].errored = true;
        const PairedComparison c = compareVariants(cells, QStringLiteral("A"), QStringLiteral("B"));
        QCOMPARE(c.onlyAPassed, 1);
        QCOMPARE(c.losses, 1);
        QCOMPARE(c.meanScoreDiff, -1.0);
    }

    void pValueWording() {
        QCOMPARE(formatPValue(0.41), QStringLiteral("p = 0.41"));
        QCOMPARE(formatPValue(0.003), QStringLiteral("p = 0.003"));
        QCOMPARE(formatPValue(0.0004), QStringLiteral("p < 0.001"));
    }
};

QTEST_GUILESS_MAIN(TestStatistics)
#include "test_statistics.moc"
