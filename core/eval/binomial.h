#pragma once

namespace trellis::eval {

// Exact two-sided binomial test of k successes in n trials with p = 1/2, the form both the
// sign test and the exact McNemar test take: p = min(1, 2 * P(X <= min(k, n - k))).
// n = 0 gives 1. Computed in log space, so n in the millions neither overflows nor
// underflows to a wrong answer.
double binomialTwoSidedHalf(long long k, long long n);

} // namespace trellis::eval
