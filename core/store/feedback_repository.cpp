#include "store/feedback_repository.h"

#include "store/database.h"
#include "store/statement.h"

namespace trellis::store {

Status FeedbackRepository::validate(const Feedback &f) {
    if (f.runId <= 0)
        return Error(QStringLiteral("feedback needs a run"));
    if (f.rating && (*f.rating < -1 || *f.rating > 5))
        return Error(QStringLiteral("a rating is -1, 0, 1 or up to 5 stars, not %1").arg(*f.rating))
            .forField(QStringLiteral("rating"));
    const bool pair = f.otherRunId > 0;
    if (!f.preference.isEmpty() && f.preference != QLatin1String("a")
        && f.preference != QLatin1String("b") && f.preference != QLatin1String("tie"))
        return Error(
                   QStringLiteral("a preference is 'a', 'b' or 'tie', not '%1'").arg(f.preference))
            .forField(QStringLiteral("preference"));
    if (pair != !f.preference.isEmpty())
        return Error(QStringLiteral("a preference needs two runs, and two runs need a preference"));
    if (pair && f.otherRunId == f.runId)
        return Error(QStringLiteral("a preference compares two different runs"));
    if (!f.rating && f.preference.isEmpty() && f.note.trimmed().isEmpty())
        return Error(QStringLiteral("feedback needs a rating, a preference or a note"));
    return {};
}

Result<qint64> FeedbackRepository::add(const Feedback &f) {
    if (Status st = validate(f); !st)
        return st.error();
    auto stmt = m_db.prepare(QStringLiteral(
        "INSERT INTO feedback (run_id, other_run_id, rating, preference, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, f.runId);
    f.otherRunId > 0 ? stmt->bind(2, f.otherRunId) : stmt->bindNull(2);
    stmt->bind(3, f.rating);
    f.preference.isEmpty() ? stmt->bindNull(4) : stmt->bind(4, f.preference);
    stmt->bind(5, f.note);
    stmt->bind(6, f.createdAt.isValid() ? f.createdAt : QDateTime::currentDateTimeUtc());
    if (Status st = stmt->exec(); !st)
        return st.error();
    return m_db.lastInsertRowId();
}

Result<std::vector<Feedback>> FeedbackRepository::forRun(qint64 runId) {
    auto stmt = m_db.prepare(QStringLiteral(
        "SELECT id, run_id, other_run_id, rating, preference, note, created_at FROM feedback "
        "WHERE run_id = ?1 UNION ALL "
        "SELECT id, run_id, other_run_id, rating, preference, note, created_at FROM feedback "
        "WHERE other_run_id = ?1 ORDER BY id"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, runId);
    std::vector<Feedback> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        Feedback f;
        f.id = stmt->columnInt64(0);
        f.runId = stmt->columnInt64(1);
        f.otherRunId = stmt->columnInt64(2);
        if (!stmt->isNull(3))
            f.rating = int(stmt->columnInt64(3));
        f.preference = stmt->columnText(4);
        f.note = stmt->columnText(5);
        f.createdAt = stmt->columnDateTime(6);
        out.push_back(std::move(f));
    }
}

} // namespace trellis::store
