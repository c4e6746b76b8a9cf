#include "eval/feedback_repository.h"

#include "store/database.h"
#include "store/statement.h"

#include <QSet>

#include <algorithm>

namespace trellis::eval {

using store::Statement;

namespace {

constexpr int kThumbsDown = -1;
constexpr int kThumbsUp = 0;

const QString kSelect = QStringLiteral(
    "SELECT f.id, f.run_id, f.other_run_id, f.rating, f.preference, f.note, f.created_at, "
    "coalesce(ra.variant, ''), coalesce(rb.variant, '') FROM feedback f "
    "JOIN runs ra ON ra.id = f.run_id LEFT JOIN runs rb ON rb.id = f.other_run_id ");

std::optional<Preference> decodePreference(const QString &text) {
    if (text == u"a")
        return Preference::A;
    if (text == u"b")
        return Preference::B;
    if (text == u"tie")
        return Preference::Tie;
    return std::nullopt;
}

QString encodePreference(Preference p) {
    switch (p) {
    case Preference::A:
        return QStringLiteral("a");
    case Preference::B:
        return QStringLiteral("b");
    case Preference::Tie:
        return QStringLiteral("tie");
    }
    return {};
}

} // namespace

int encodeRating(Rating rating) {
    if (rating.kind == RatingKind::Thumbs)
        return rating.value > 0 ? kThumbsUp : kThumbsDown;
    return rating.value;
}

std::optional<Rating> decodeRating(qint64 stored) {
    if (stored == kThumbsDown)
        return Rating::thumbsDown();
    if (stored == kThumbsUp)
        return Rating::thumbsUp();
    if (stored >= 1 && stored <= 5)
        return Rating::stars(int(stored));
    return std::nullopt;
}

Result<qint64> FeedbackRepository::insert(qint64 runId, qint64 otherRunId,
                                          std::optional<int> rating, const QString &preference,
                                          const QString &note) {
    auto stmt = m_db.prepare(QStringLiteral(
        "INSERT INTO feedback (run_id, other_run_id, rating, preference, note, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, runId);
    otherRunId > 0 ? stmt->bind(2, otherRunId) : stmt->bindNull(2);
    rating ? stmt->bind(3, *rating) : stmt->bindNull(3);
    preference.isEmpty() ? stmt->bindNull(4) : stmt->bind(4, preference);
    stmt->bind(5, note).bind(6, QDateTime::currentMSecsSinceEpoch());
    if (Status s = stmt->exec(); !s) {
        // The foreign key is the usual cause; say which run is missing.
        return Error(QStringLiteral("cannot store feedback (does run %1%2 exist?): %3")
                         .arg(runId)
                         .arg(otherRunId > 0 ? QStringLiteral(" / %1").arg(otherRunId) : QString(),
                              s.error().message));
    }
    return m_db.lastInsertRowId();
}

Result<qint64> FeedbackRepository::rate(qint64 runId, Rating rating, const QString &note) {
    if (rating.kind == RatingKind::Stars && (rating.value < 1 || rating.value > 5))
        return Error(QStringLiteral("a star rating is 1 to 5, not %1").arg(rating.value))
            .forField(QStringLiteral("rating"));
    if (rating.kind == RatingKind::Thumbs && rating.value != 1 && rating.value != -1)
        return Error(QStringLiteral("a thumbs rating is +1 (up) or -1 (down)"))
            .forField(QStringLiteral("rating"));
    return insert(runId, 0, encodeRating(rating), QString(), note);
}

Result<qint64> FeedbackRepository::prefer(qint64 runA, qint64 runB, Preference preference,
                                          const QString &note) {
    if (runA == runB)
        return Error(QStringLiteral("a preference compares two different runs"));
    return insert(runA, runB, std::nullopt, encodePreference(preference), note);
}

Result<qint64> FeedbackRepository::comment(qint64 runId, const QString &note) {
    if (note.trimmed().isEmpty())
        return Error(QStringLiteral("a comment needs text")).forField(QStringLiteral("note"));
    return insert(runId, 0, std::nullopt, QString(), note);
}

Result<std::vector<FeedbackEntry>> FeedbackRepository::query(const QString &where,
                                                             const std::vector<qint64> &ids) {
    auto stmt = m_db.prepare(kSelect + where + QStringLiteral(" ORDER BY f.created_at, f.id"));
    if (!stmt)
        return stmt.error();
    for (size_t i = 0; i < ids.size(); ++i)
        stmt->bind(int(i + 1), ids[i]);
    std::vector<FeedbackEntry> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        FeedbackEntry e;
        e.id = stmt->columnInt64(0);
        e.runId = stmt->columnInt64(1);
        e.otherRunId = stmt->columnInt64(2);
        if (auto r = stmt->columnOptionalInt64(3))
            e.rating = decodeRating(*r);
        e.preference = decodePreference(stmt->columnText(4));
        e.note = stmt->columnText(5);
        e.createdAt = stmt->columnDateTime(6);
        e.variant = stmt->columnText(7);
        e.otherVariant = stmt->columnText(8);
        out.push_back(std::move(e));
    }
}

Result<std::vector<FeedbackEntry>> FeedbackRepository::forRuns(const std::vector<qint64> &runIds) {
    std::vector<FeedbackEntry> out;
    QSet<qint64> seen; // a pair between two listed runs can come back from two chunks
    // Chunks keep the number of bound parameters well under SQLite's limit.
    constexpr size_t kChunk = 400;
    for (size_t start = 0; start < runIds.size(); start += kChunk) {
        const std::vector<qint64> chunk(runIds.begin() + qsizetype(start),
                                        runIds.begin()
                                            + qsizetype(std::min(runIds.size(), start + kChunk)));
        QStringList marks;
        for (size_t i = 0; i < chunk.size(); ++i)
            marks.append(QStringLiteral("?%1").arg(i + 1));
        const QString list = marks.join(u',');
        auto part = query(
            QStringLiteral("WHERE f.run_id IN (%1) OR f.other_run_id IN (%1)").arg(list), chunk);
        if (!part)
            return part.error();
        for (FeedbackEntry &e : *part) {
            if (!seen.contains(e.id)) {
                seen.insert(e.id);
                out.push_back(std::move(e));
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const FeedbackEntry &a, const FeedbackEntry &b) {
        return std::pair(a.createdAt, a.id) < std::pair(b.createdAt, b.id);
    });
    return out;
}

Result<std::vector<FeedbackEntry>> FeedbackRepository::forExperiment(qint64 experimentId) {
    return query(QStringLiteral("WHERE ra.experiment_cell_id IN (SELECT id FROM experiment_cells "
                                "WHERE experiment_id = ?1)"),
                 {experimentId});
}

} // namespace trellis::eval
