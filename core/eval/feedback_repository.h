#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace trellis::store {
class Database;
}

namespace trellis::eval {

// Human feedback on experiment runs (table `feedback`): a rating of one run, or a preference
// between two runs A (run_id) and B (other_run_id), each with an optional note.
//
// Ratings share one column: 1..5 are stars; thumbs are stored as -1 (down) and 0 (up), the
// two values the column allows outside the star range, so a thumbs-up never reads as one
// star. (The schema has no separate kind column; see the report / docs.)
enum class RatingKind { Thumbs, Stars };
enum class Preference { A, B, Tie };

struct Rating {
    RatingKind kind = RatingKind::Stars;
    int value = 0; // stars 1..5; thumbs: +1 up, -1 down

    static Rating thumbsUp() { return {RatingKind::Thumbs, 1}; }
    static Rating thumbsDown() { return {RatingKind::Thumbs, -1}; }
    static Rating stars(int n) { return {RatingKind::Stars, n}; }
    bool operator==(const Rating &o) const { return kind == o.kind && value == o.value; }
};

// A feedback row with the variants of its runs (runs.variant), ready for the statistics.
struct FeedbackEntry {
    qint64 id = 0;
    qint64 runId = 0;
    qint64 otherRunId = 0; // set for a preference
    QString variant;       // of runId
    QString otherVariant;  // of otherRunId
    std::optional<Rating> rating;
    std::optional<Preference> preference;
    QString note;
    QDateTime createdAt;
};

class FeedbackRepository {
public:
    explicit FeedbackRepository(store::Database &db)
        : m_db(db) {}

    Result<qint64> rate(qint64 runId, Rating rating, const QString &note = {});
    Result<qint64> prefer(qint64 runA, qint64 runB, Preference preference,
                          const QString &note = {});
    Result<qint64> comment(qint64 runId, const QString &note);

    // Feedback naming any of `runIds` on either side, oldest first.
    Result<std::vector<FeedbackEntry>> forRuns(const std::vector<qint64> &runIds);
    // Feedback on runs made for the cells of one experiment.
    Result<std::vector<FeedbackEntry>> forExperiment(qint64 experimentId);

private:
    Result<qint64> insert(qint64 runId, qint64 otherRunId, std::optional<int> rating,
                          const QString &preference, const QString &note);
    Result<std::vector<FeedbackEntry>> query(const QString &where, const std::vector<qint64> &ids);

    store::Database &m_db;
};

// Encoding in the rating column (exposed for tests and the integrator).
int encodeRating(Rating rating);
std::optional<Rating> decodeRating(qint64 stored);

} // namespace trellis::eval
