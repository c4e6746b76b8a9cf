#pragma once

#include <QtGlobal>

namespace trellis::runtime {

// Time source for the rate limiter and budgets, injectable so tests can move time by hand.
class Clock {
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0; // monotonic
};

// The process's monotonic clock.
class SteadyClock final : public Clock {
public:
    qint64 nowMs() const override;
    static SteadyClock *instance();
};

// A token bucket: `capacity` tokens at most, refilled at `perMinute` tokens per minute. A take
// larger than the capacity waits for a full bucket and then leaves the bucket in debt, so big
// requests are delayed rather than refused forever.
class TokenBucket {
public:
    TokenBucket() = default;
    TokenBucket(double perMinute, double capacity, qint64 nowMs);

    bool unlimited() const { return m_perMinute <= 0; }
    // Milliseconds until `cost` may be taken (0: now).
    qint64 waitMs(double cost, qint64 nowMs);
    void take(double cost, qint64 nowMs);
    void giveBack(double amount, qint64 nowMs); // negative takes more (actual > estimate)
    double level(qint64 nowMs);
    double capacity() const { return m_capacity; }
    // Forces the bucket empty (a server said the quota is spent).
    void drain(qint64 nowMs);

private:
    void refill(qint64 nowMs);

    double m_perMinute = 0;
    double m_capacity = 0;
    double m_level = 0;
    qint64 m_last = 0;
};

} // namespace trellis::runtime
