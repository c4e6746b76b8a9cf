#pragma once

#include "providers/provider_types.h"

#include <functional>

namespace trellis::runtime {

// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
// Jitter"): the n-th retry waits a uniform random time in [0, min(maxDelay, base * 2^(n-1))].
// A server's retry-after-ms / retry-after wins over the formula, capped at maxRetryAfterMs.
struct RetryPolicy {
    int maxAttempts = 4; // per model, first call included
    int baseDelayMs = 500;
    int maxDelayMs = 20000;
    int maxRetryAfterMs = 60000;

    // Whether the error deserves another attempt on the same model after `attemptsMade`.
    bool shouldRetry(const providers::ProviderError &error, int attemptsMade) const;
    // The wait before retry number `retry` (1 for the first retry). `random01` returns a
    // uniform double in [0, 1); injected so tests can pin it.
    int delayMs(const providers::ProviderError &error, int retry,
                const std::function<double()> &random01) const;
};

} // namespace trellis::runtime
