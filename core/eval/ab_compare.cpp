#include "eval/ab_compare.h"

#include "eval/binomial.h"

#include <QHash>

#include <cmath>

namespace trellis::eval {

std::uint64_t SplitMix64::next() {
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

Interval bootstrapMeanInterval(const std::vector<double> &values, int resamples, std::uint64_t seed,
                               double confidence) {
    if (values.empty() || resamples <= 0)
        return {};
    SplitMix64 rng(seed);
    const std::uint64_t n = values.size();
    std::vector<double> means;
    means.reserve(size_t(resamples));
    for (int r = 0; r < resamples; ++r) {
        double sum = 0;
        for (std::uint64_t i = 0; i < n; ++i)
            sum += values[rng.below(n)];
        means.push_back(sum / double(n));
    }
    const double tail = (1.0 - confidence) / 2.0 * 100.0;
    return {*percentile(means, tail), *percentile(means, 100.0 - tail)};
}

QString formatPValue(double p) {
    if (p < 0.001)
        return QStringLiteral("p < 0.001");
    if (p < 0.01)
        return QStringLiteral("p = ") + QString::number(p, 'f', 3);
    return QStringLiteral("p = ") + QString::number(p, 'f', 2);
}

namespace {

void countPreferences(PairedComparison *c, const std::vector<FeedbackEntry> &feedback) {
    for (const FeedbackEntry &f : feedback) {
        if (!f.preference)
            continue;
        const bool forward = f.variant == c->variantA && f.otherVariant == c->variantB;
        const bool backward = f.variant == c->variantB && f.otherVariant == c->variantA;
        if (!forward && !backward)
            continue;
        if (*f.preference == Preference::Tie)
            ++c->preferTie;
        else if ((*f.preference == Preference::A) == forward)
            ++c->preferA;
        else
            ++c->preferB;
    }
}

QString verdictFor(const PairedComparison &c, double alpha) {
    if (c.pairs == 0)
        return QStringLiteral("no shared rows to compare");
    auto beats = [&](bool bWins, const char *what, double p) {
        return QStringLiteral("%1 beats %2 on %3, %4")
            .arg(bWins ? c.variantB : c.variantA, bWins ? c.variantA : c.variantB,
                 QLatin1String(what), formatPValue(p));
    };
    if (c.onlyAPassed + c.onlyBPassed > 0 && c.mcnemarP < alpha)
        return beats(c.onlyBPassed > c.onlyAPassed, "pass rate", c.mcnemarP);
    if (c.wins + c.losses > 0 && c.signTestP < alpha)
        return beats(c.wins > c.losses, "score", c.signTestP);
    const double p = c.onlyAPassed + c.onlyBPassed > 0 ? c.mcnemarP : c.signTestP;
    return QStringLiteral("no significant difference (%1)").arg(formatPValue(p));
}

} // namespace

PairedComparison compareVariants(const std::vector<CellRecord> &cells, const QString &variantA,
                                 const QString &variantB, const CompareOptions &options,
                                 const std::vector<FeedbackEntry> &feedback) {
    PairedComparison c;
    c.variantA = variantA;
    c.variantB = variantB;
    QHash<QString, const CellRecord *> a;
    for (const CellRecord &cell : cells) {
        if (cell.variant == variantA && !a.contains(cell.pairKey))
            a.insert(cell.pairKey, &cell);
    }
    std::vector<double> diffs;
    int passA = 0, passB = 0;
    QHash<QString, bool> seenB;
    for (const CellRecord &b : cells) {
        if (b.variant != variantB || seenB.contains(b.pairKey))
            continue;
        seenB.insert(b.pairKey, true);
        const CellRecord *match = a.value(b.pairKey, nullptr);
        if (!match)
            continue;
        // A failed call counts as a fail with score 0 (as in the per-variant statistics).
        const double sa = match->errored ? 0 : match->score;
        const double sb = b.errored ? 0 : b.score;
        const bool pa = match->pass && !match->errored;
        const bool pb = b.pass && !b.errored;
        ++c.pairs;
        passA += pa;
        passB += pb;
        const double d = sb - sa;
        diffs.push_back(d);
        if (std::fabs(d) <= 1e-12)
            ++c.ties;
        else if (d > 0)
            ++c.wins;
        else
            ++c.losses;
        c.onlyAPassed += pa && !pb;
        c.onlyBPassed += pb && !pa;
    }
    if (c.pairs > 0) {
        c.passRateA = double(passA) / c.pairs;
        c.passRateB = double(passB) / c.pairs;
        double sum = 0;
        for (double d : diffs)
            sum += d;
        c.meanScoreDiff = sum / c.pairs;
        c.scoreDiffCi =
            bootstrapMeanInterval(diffs, options.resamples, options.seed, options.confidence);
    }
    c.signTestP = binomialTwoSidedHalf(c.wins, c.wins + c.losses);
    c.mcnemarP = binomialTwoSidedHalf(c.onlyAPassed, c.onlyAPassed + c.onlyBPassed);
    countPreferences(&c, feedback);
    c.verdict = verdictFor(c, options.alpha);
    return c;
}

} // namespace trellis::eval
