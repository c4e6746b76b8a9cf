#include "eval/statistics.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace trellis::eval {

std::optional<double> percentile(std::vector<double> values, double p) {
    if (values.empty())
        return std::nullopt;
    std::sort(values.begin(), values.end());
    const double h = (double(values.size()) - 1) * std::clamp(p, 0.0, 100.0) / 100.0;
    const size_t lo = size_t(std::floor(h));
    const size_t hi = std::min(lo + 1, values.size() - 1);
    return values[lo] + (h - double(lo)) * (values[hi] - values[lo]);
}

namespace {

struct Accumulator {
    VariantStats stats;
    double scoreSum = 0;
    std::vector<double> latencies;
    double ttftSum = 0;
    int ttftCount = 0;
    int starSum = 0;

    void add(const CellRecord &c) {
        ++stats.cells;
        if (c.errored) {
            ++stats.errors;
        } else {
            stats.passed += c.pass ? 1 : 0;
            scoreSum += c.score;
            if (c.latencyMs)
                latencies.push_back(*c.latencyMs);
        }
        if (c.ttftMs) {
            ttftSum += *c.ttftMs;
            ++ttftCount;
        }
        stats.inputTokens += c.inputTokens;
        stats.outputTokens += c.outputTokens;
        if (c.costUsd)
            stats.totalCostUsd += *c.costUsd;
        else
            ++stats.cellsWithoutCost;
    }

    void addRating(const Rating &r) {
        if (r.kind == RatingKind::Stars) {
            ++stats.starRatings;
            starSum += r.value;
        } else if (r.value > 0) {
            ++stats.thumbsUp;
        } else {
            ++stats.thumbsDown;
        }
    }

    VariantStats finish() {
        if (stats.cells > 0) {
            stats.passRate = double(stats.passed) / stats.cells;
            stats.meanScore = scoreSum / stats.cells;
        }
        stats.latencyP50 = percentile(latencies, 50);
        stats.latencyP95 = percentile(latencies, 95);
        if (ttftCount > 0)
            stats.meanTtftMs = ttftSum / ttftCount;
        if (stats.starRatings > 0)
            stats.meanStars = double(starSum) / stats.starRatings;
        return stats;
    }
};

} // namespace

std::vector<VariantStats> summarizeVariants(const std::vector<CellRecord> &cells,
                                            const std::vector<FeedbackEntry> &feedback) {
    std::vector<Accumulator> acc;
    std::map<QString, size_t> index;
    auto slot = [&](const QString &variant) -> Accumulator & {
        auto [it, inserted] = index.emplace(variant, acc.size());
        if (inserted) {
            acc.emplace_back();
            acc.back().stats.variant = variant;
        }
        return acc[it->second];
    };
    for (const CellRecord &c : cells)
        slot(c.variant).add(c);
    for (const FeedbackEntry &f : feedback) {
        if (f.rating && index.count(f.variant))
            slot(f.variant).addRating(*f.rating);
    }
    std::vector<VariantStats> out;
    out.reserve(acc.size());
    for (Accumulator &a : acc)
        out.push_back(a.finish());
    return out;
}

} // namespace trellis::eval
