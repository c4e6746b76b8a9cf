#pragma once

#include "prompt/prompt_spec.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

// Plain records the repositories read and write. Ids are the tables' rowids; 0 means "none"
// or "not stored yet". Times are UTC.
namespace trellis::store {

struct Project {
    qint64 id = 0;
    QString name;
    QString description;
    QDateTime createdAt;
};

// One immutable version of a prompt.
struct PromptVersion {
    qint64 id = 0;
    qint64 promptId = 0;
    QString promptName;
    int number = 0;             // 1..n within the prompt
    QString hash;               // SHA-256 hex of the canonical JSON of `spec`
    int parentNumber = 0;       // 0 for the first version
    int restoredFromNumber = 0; // set when the version was made by restore()
    QString message;
    QDateTime createdAt;
    QStringList labels; // labels pointing here, sorted
    prompt::PromptSpec spec;
};

// The outcome of commit() and restore().
struct CommitResult {
    PromptVersion version; // the new version, or the unchanged head
    bool created = false;  // false: the content equals the head's, nothing was written
};

// A prompt with its head version, for listings.
struct PromptSummary {
    qint64 id = 0;
    QString name;
    QString description; // of the head version
    int headNumber = 0;
    QString headHash;
    QDateTime updatedAt; // when the head was created
    int versionCount = 0;
    QStringList labels; // all labels of the prompt, sorted
};

struct Label {
    QString name;
    int versionNumber = 0;
    QDateTime updatedAt;
};

// One entry of a label's history. 0 in fromVersion means "created", in toVersion "removed".
struct LabelMove {
    QString label;
    int fromVersion = 0;
    int toVersion = 0;
    QDateTime movedAt;
};

// The outcome of setLabel().
struct LabelChange {
    QString label;
    int fromVersion = 0; // 0 when the label is new
    int toVersion = 0;
    bool changed = false; // false when it already pointed there
};

// One pipeline call (DESIGN.md). The JSON fields hold objects; request is the rendered
// provider request body (never headers: secrets do not enter the store).
struct RunRecord {
    qint64 id = 0;
    qint64 promptId = 0;        // filled from the version on insert
    qint64 promptVersionId = 0; // 0: not made from a stored version
    QString variant;
    QString provider;
    QString model;
    nlohmann::json params = nlohmann::json::object();
    nlohmann::json variables = nlohmann::json::object();
    nlohmann::json request = nlohmann::json::object();
    // The request already serialized, when the writer has it (the runtime serializes each
    // request once, for the cache key, the cache entry and this row): written instead of
    // `request`, which may then be left empty.
    std::shared_ptr<const std::string> requestJson;
    QString responseText;
    QString finishReason;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cachedTokens = 0;
    std::optional<double> costUsd; // unknown when the model has no price
    std::optional<double> ttftMs;  // unknown when not streamed or failed before a token
    std::optional<double> latencyMs;
    int attempts = 1;
    QString error;
    bool cacheHit = false;
    QString route;                         // which routing rule chose the model, if any
    QString status = QStringLiteral("ok"); // pending, running, ok, error, cancelled
    QDateTime startedAt;                   // now when left invalid
    QDateTime finishedAt;
    qint64 experimentCellId = 0;
    qint64 workflowRunId = 0;
    QString workflowNodeId;
};

// Which runs to list: newest first.
// Where a page of runs ends: the next page starts after this run (newest-first order).
struct RunCursor {
    QDateTime startedAt;
    qint64 id = 0;
};

struct RunFilter {
    qint64 promptId = 0;        // 0: any
    qint64 promptVersionId = 0; // 0: any
    int limit = 100;
    // Only runs older than this one (keyset paging: each page is an index range scan, however
    // deep the page).
    std::optional<RunCursor> before;
};

struct VersionStats {
    qint64 versionId = 0;
    int versionNumber = 0;
    qint64 runCount = 0;
    qint64 errorCount = 0;
    qint64 cacheHits = 0;
    std::optional<double> meanLatencyMs; // over runs that recorded a latency
    double totalCostUsd = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
};

} // namespace trellis::store
