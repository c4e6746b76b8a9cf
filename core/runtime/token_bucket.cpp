#include "token_bucket.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace trellis::runtime {

qint64 SteadyClock::nowMs() const {
    static const QElapsedTimer origin = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return origin.elapsed();
}

SteadyClock *SteadyClock::instance() {
    static SteadyClock clock;
    return &clock;
}

TokenBucket::TokenBucket(double perMinute, double capacity, qint64 nowMs)
    : m_perMinute(perMinute)
    , m_capacity(std::max(1.0, capacity))
    , m_level(m_capacity)
    , m_last(nowMs) {}

void TokenBucket::refill(qint64 nowMs) {
    if (nowMs > m_last) {
        m_level = std::min(m_capacity, m_level + double(nowMs - m_last) * m_perMinute / 60000.0);
        m_last = nowMs;
    }
}

qint64 TokenBucket::waitMs(double cost, qint64 nowMs) {
    if (unlimited())
        return 0;
    refill(nowMs);
    const double need = std::min(cost, m_capacity);
    if (m_level >= need)
        return 0;
    return qint64(std::ceil((need - m_level) * 60000.0 / m_perMinute));
}

void TokenBucket::take(double cost, qint64 nowMs) {
    if (unlimited())
        return;
    refill(nowMs);
    m_level -= cost;
}

void TokenBucket::giveBack(double amount, qint64 nowMs) {
    if (unlimited())
        return;
    refill(nowMs);
    m_level = std::min(m_capacity, m_level + amount);
}

double TokenBucket::level(qint64 nowMs) {
    refill(nowMs);
    return m_level;
}

void TokenBucket::drain(qint64 nowMs) {
    refill(nowMs);
    m_level = std::min(m_level, 0.0);
}

} // namespace trellis::runtime
