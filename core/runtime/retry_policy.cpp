#include "retry_policy.h"

#include <algorithm>
#include <cmath>

namespace trellis::runtime {

bool RetryPolicy::shouldRetry(const providers::ProviderError &error, int attemptsMade) const {
    // ProviderError::retryable already encodes the classification: 408/409/429 rate limits,
    // 5xx, 529, connection errors, timeouts and broken streams yes; 400/401/403/404,
    // insufficient_quota and cancellation never.
    return error.retryable && error.kind != providers::ErrorKind::Cancelled
           && attemptsMade < maxAttempts;
}

int RetryPolicy::delayMs(const providers::ProviderError &error, int retry,
                         const std::function<double()> &random01) const {
    if (error.retryAfterMs >= 0)
        return int(std::min<qint64>(error.retryAfterMs, maxRetryAfterMs));
    const double ceiling =
        std::min<double>(maxDelayMs, double(baseDelayMs) * std::pow(2.0, std::max(0, retry - 1)));
    const double r = std::clamp(random01(), 0.0, 1.0);
    return int(std::floor(r * ceiling));
}

} // namespace trellis::runtime
