#pragma once

#include "common/result.h"

#include <QDate>
#include <QHash>
#include <QString>

#include <optional>

namespace trellis::store {
class Database;
}

namespace trellis::runtime {

// Spending limits in USD; unset means no limit.
struct BudgetLimits {
    std::optional<double> perRunUsd; // all attempts and fallbacks of one run
    std::optional<double> perDayUsd; // everything recorded in the store since local midnight
    // Output tokens assumed for the estimate when the request sets no max_tokens.
    qint64 assumedOutputTokens = 512;
};

// Checks an estimated cost before each call and accounts the actual cost after it. The day's
// spending is read once from the store (sum of runs.cost_usd since local midnight) and then
// kept up to date in memory, together with the estimates of calls still in flight, so a burst
// of concurrent calls cannot overshoot the daily limit. Models without a known price cost
// nothing as far as the budget knows (documented in docs/runtime.md).
class BudgetGuard {
public:
    explicit BudgetGuard(store::Database *db = nullptr)
        : m_db(db) {}

    void setLimits(const BudgetLimits &limits) { m_limits = limits; }
    const BudgetLimits &limits() const { return m_limits; }

    // An error saying which limit the call would break, with the figures.
    Status check(double estimateUsd, double spentThisRunUsd,
                 std::optional<double> perRunOverride = std::nullopt);
    // Reserves the estimate of a call that is starting; settle() replaces it by the actual.
    qint64 reserve(double estimateUsd);
    void settle(qint64 reservation, double actualUsd);

    Result<double> spentToday();          // recorded + in flight
    void forgetDay() { m_day = QDate(); } // re-read the store next time (tests, day change)

private:
    Status loadDay();

    store::Database *m_db;
    BudgetLimits m_limits;
    QDate m_day;
    double m_recorded = 0;
    double m_reserved = 0;
    QHash<qint64, double> m_reservations;
    qint64 m_next = 1;
};

} // namespace trellis::runtime
