#include "eval/binomial.h"

#include <algorithm>
#include <cmath>

namespace trellis::eval {

double binomialTwoSidedHalf(long long k, long long n) {
    if (n <= 0)
        return 1.0;
    const long long tail = std::min(k, n - k);
    // log P(X = i) = log C(n, i) - n log 2; sum the lower tail with log-sum-exp, largest
    // term (i = tail) first, so the small terms add precision instead of being lost.
    const double logTwoN = double(n) * std::log(2.0);
    const double lgN = std::lgamma(double(n) + 1);
    auto logPmf = [&](long long i) {
        return lgN - std::lgamma(double(i) + 1) - std::lgamma(double(n - i) + 1) - logTwoN;
    };
    const double top = logPmf(tail);
    double sum = 0;
    for (long long i = tail; i >= 0; --i) {
        const double term = std::exp(logPmf(i) - top);
        sum += term;
        if (term < 1e-18)
            break; // the rest cannot change a double
    }
    const double p = 2.0 * std::exp(top + std::log(sum));
    return std::min(1.0, p);
}

} // namespace trellis::eval
