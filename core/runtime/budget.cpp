#include "budget.h"

#include "store/database.h"
#include "store/statement.h"

#include <QDateTime>

namespace trellis::runtime {

Status BudgetGuard::loadDay() {
    const QDate today = QDate::currentDate();
    if (m_day == today)
        return {};
    double sum = 0;
    if (m_db != nullptr) {
        auto stmt = m_db->prepare(
            QStringLiteral("SELECT COALESCE(SUM(cost_usd), 0) FROM runs WHERE started_at >= ?1"));
        if (!stmt)
            return stmt.error();
        stmt->bind(1, today.startOfDay());
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (row.value())
            sum = stmt->columnDouble(0);
    }
    m_day = today;
    m_recorded = sum;
    return {};
}

Result<double> BudgetGuard::spentToday() {
    if (Status s = loadDay(); !s)
        return s.error();
    return m_recorded + m_reserved;
}

Status BudgetGuard::check(double estimateUsd, double spentThisRunUsd,
                          std::optional<double> perRunOverride) {
    const std::optional<double> perRun = perRunOverride ? perRunOverride : m_limits.perRunUsd;
    if (perRun && spentThisRunUsd + estimateUsd > *perRun)
        return Error(QStringLiteral("budget: this call would cost about $%1 and the run has "
                                    "spent $%2; the per-run limit is $%3")
                         .arg(estimateUsd, 0, 'f', 6)
                         .arg(spentThisRunUsd, 0, 'f', 6)
                         .arg(*perRun, 0, 'f', 6));
    if (m_limits.perDayUsd) {
        auto spent = spentToday();
        if (!spent)
            return spent.error();
        if (spent.value() + estimateUsd > *m_limits.perDayUsd)
            return Error(QStringLiteral("budget: this call would cost about $%1 and $%2 has been "
                                        "spent today; the daily limit is $%3")
                             .arg(estimateUsd, 0, 'f', 6)
                             .arg(spent.value(), 0, 'f', 6)
                             .arg(*m_limits.perDayUsd, 0, 'f', 6));
    }
    return {};
}

qint64 BudgetGuard::reserve(double estimateUsd) {
    (void)loadDay(); // a failing store shows up in check(); reservations still count
    const qint64 id = m_next++;
    m_reservations.insert(id, estimateUsd);
    m_reserved += estimateUsd;
    return id;
}

void BudgetGuard::settle(qint64 reservation, double actualUsd) {
    auto it = m_reservations.find(reservation);
    if (it == m_reservations.end())
        return;
    m_reserved -= it.value();
    m_reservations.erase(it);
    if (m_day == QDate::currentDate())
        m_recorded += actualUsd;
    else
        m_day = QDate(); // the day changed while the call ran: re-read the store
}

} // namespace trellis::runtime
