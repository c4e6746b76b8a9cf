#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace trellis::store {

class Database;

// A human judgement: a rating of one run, or a preference between two runs (A = runId,
// B = otherRunId), with an optional note.
struct Feedback {
    qint64 id = 0;
    qint64 runId = 0;
    qint64 otherRunId = 0;     // set for a preference
    std::optional<int> rating; // -1 (thumbs down), 1 (thumbs up) or 1..5 stars
    QString preference;        // "a", "b", "tie"; empty for a rating
    QString note;
    QDateTime createdAt;
};

class FeedbackRepository {
public:
    explicit FeedbackRepository(Database &db)
        : m_db(db) {}

    // Checks the shape first so the error says what is wrong, not which CHECK failed.
    static Status validate(const Feedback &feedback);
    Result<qint64> add(const Feedback &feedback);
    // Feedback naming the run on either side, oldest first.
    Result<std::vector<Feedback>> forRun(qint64 runId);

private:
    Database &m_db;
};

} // namespace trellis::store
