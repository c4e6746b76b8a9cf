#pragma once

#include "eval/feedback_repository.h"

#include <QString>

#include <optional>
#include <vector>

namespace trellis::eval {

// One graded cell: what the statistics summarise. The experiment runner builds these from
// its cells (TestResult + CellOutput).
struct CellRecord {
    QString variant; // "support@3", a label, "A": what is being compared
    // Identifies "the same question" across variants, for paired A/B tests: the runner uses
    // model + row position + repeat. Must be unique within a variant.
    QString pairKey;
    bool pass = false;
    double score = 0;     // [0, 1]
    bool errored = false; // the call failed: counted as a fail with score 0
    std::optional<double> latencyMs;
    std::optional<double> ttftMs;
    std::optional<double> costUsd;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 runId = 0; // links human feedback; 0 = none
};

// The p-th percentile (p in [0, 100]) by linear interpolation between order statistics
// (Hyndman & Fan type 7, the default of NumPy, R and Excel PERCENTILE.INC): with the values
// sorted x[0..n-1], h = (n - 1) p / 100, result = x[floor h] + (h - floor h) (x[floor h + 1]
// - x[floor h]). nullopt for no values.
std::optional<double> percentile(std::vector<double> values, double p);

struct VariantStats {
    QString variant;
    int cells = 0;
    int passed = 0;
    int errors = 0;                   // failed calls (also not passed)
    double passRate = 0;              // passed / cells
    double meanScore = 0;             // over all cells, errors scoring 0
    std::optional<double> latencyP50; // over cells with a latency, errors excluded
    std::optional<double> latencyP95;
    std::optional<double> meanTtftMs; // over cells with a TTFT
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    double totalCostUsd = 0;  // over cells with a known cost
    int cellsWithoutCost = 0; // unknown cost: the total is a lower bound
    // Human feedback on the variant's runs.
    int starRatings = 0;
    std::optional<double> meanStars;
    int thumbsUp = 0;
    int thumbsDown = 0;
};

// Per variant, in order of first appearance. `feedback` ratings count for the variant of
// the rated run (FeedbackEntry::variant).
std::vector<VariantStats> summarizeVariants(const std::vector<CellRecord> &cells,
                                            const std::vector<FeedbackEntry> &feedback = {});

} // namespace trellis::eval
