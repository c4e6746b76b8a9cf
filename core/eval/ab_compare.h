#pragma once

#include "eval/feedback_repository.h"
#include "eval/statistics.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace trellis::eval {

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence on every platform
// and standard library, so a bootstrap interval is reproducible from its seed anywhere
// (std::uniform_int_distribution is not specified bit-for-bit).
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed)
        : m_state(seed) {}
    std::uint64_t next();
    // Uniform in [0, n) by modulo; the bias is below n / 2^64, negligible for row counts.
    std::uint64_t below(std::uint64_t n) { return next() % n; }

private:
    std::uint64_t m_state;
};

struct Interval {
    double low = 0;
    double high = 0;
};

// Percentile bootstrap of the mean of `values` (paired differences): `resamples` times,
// draw n indices with SplitMix64(seed).below(n), take the mean; the interval is the
// (1 - confidence)/2 and (1 + confidence)/2 percentiles (type 7) of those means.
Interval bootstrapMeanInterval(const std::vector<double> &values, int resamples, std::uint64_t seed,
                               double confidence = 0.95);

struct CompareOptions {
    int resamples = 10000;
    std::uint64_t seed = 20240601;
    double confidence = 0.95;
    double alpha = 0.05;
};

// B against A on the rows both ran (CellRecord::pairKey). "Win" is from B's side.
struct PairedComparison {
    QString variantA;
    QString variantB;
    int pairs = 0;
    int wins = 0; // B scored higher
    int ties = 0;
    int losses = 0;
    double passRateA = 0; // on the shared rows
    double passRateB = 0;
    double meanScoreDiff = 0; // mean of (score B - score A)
    Interval scoreDiffCi;     // bootstrap, CompareOptions::confidence
    double signTestP = 1;     // exact two-sided, on wins vs losses (ties dropped)
    int onlyAPassed = 0;      // discordant pairs for McNemar
    int onlyBPassed = 0;
    double mcnemarP = 1; // exact (binomial on the discordant pairs)
    // Human preferences between runs of the two variants.
    int preferA = 0;
    int preferB = 0;
    int preferTie = 0;
    // "B beats A on pass rate, p = 0.003", "A beats B on score, p = 0.02",
    // "no significant difference (p = 0.41)", "no shared rows".
    QString verdict;
};

// Pass rate comes first (McNemar); when it shows no difference at `alpha`, scores (sign
// test). The "no significant difference" p is McNemar's when some pairs disagree on pass,
// else the sign test's. Two tests at the same alpha: a mild multiple-comparison risk, which
// the docs state.
PairedComparison compareVariants(const std::vector<CellRecord> &cells, const QString &variantA,
                                 const QString &variantB, const CompareOptions &options = {},
                                 const std::vector<FeedbackEntry> &feedback = {});

// "p = 0.41", "p = 0.003", "p < 0.001".
QString formatPValue(double p);

} // namespace trellis::eval
