#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>
#include <optional>

// Records of the workflow tables (schema versions 3 and 5). Ids are rowids; 0 means "none".
// Times are UTC.
namespace trellis::store {

// One immutable version of a workflow. The store does not interpret the graph: it keeps the
// canonical JSON text (sorted keys, no whitespace) and its SHA-256, so equal graphs give equal
// hashes whatever the key order or spacing of the file they came from.
struct WorkflowVersion {
    qint64 id = 0;
    qint64 workflowId = 0;
    QString workflowName;
    int number = 0; // 1..n within the workflow
    QString hash;   // SHA-256 hex of the canonical JSON of `graph`
    int parentNumber = 0;
    QString message;
    QDateTime createdAt;
    QStringList labels; // labels pointing here, sorted
    nlohmann::json graph;
};

struct WorkflowCommitResult {
    WorkflowVersion version; // the new version, or the unchanged head
    bool created = false;    // false: the graph equals the head's, nothing was written
};

struct WorkflowSummary {
    qint64 id = 0;
    QString name;
    int headNumber = 0;
    QString headHash;
    QDateTime updatedAt; // when the head was created
    QStringList labels;  // all labels of the workflow, sorted
};

// One execution of a workflow version.
struct WorkflowRunRecord {
    qint64 id = 0;
    qint64 workflowVersionId = 0;
    qint64 experimentCellId = 0;
    QString status = QStringLiteral("running"); // pending, running, ok, error, cancelled
    nlohmann::json inputs = nlohmann::json::object();
    nlohmann::json outputs = nlohmann::json::object();
    QString error;
    QDateTime startedAt; // now when left invalid
    QDateTime finishedAt;
    QString contentHash;   // of the graph that ran
    qint64 reuseRunId = 0; // the earlier run a re-run reuses outputs from, 0 when none
    QString fromNode;      // the node a re-run starts at
};

// One execution of one node inside a workflow run.
struct NodeRunRecord {
    qint64 id = 0;
    qint64 workflowRunId = 0;
    QString nodeId;
    QString nodeType;
    QString status = QStringLiteral("running"); // pending, running, ok, error, skipped, cancelled
    nlohmann::json inputs = nlohmann::json::object();
    nlohmann::json outputs = nlohmann::json::object();
    QString error;
    QDateTime startedAt; // now when left invalid
    QDateTime finishedAt;
    int attempt = 1;     // a repair retry records one row per attempt
    QString contentHash; // of node type, config and inputs: the key for reusing outputs
    bool reused = false; // outputs taken from an earlier run
    std::optional<double> durationMs;
    nlohmann::json failure = nlohmann::json::object(); // {message, input, rule, attempt}
};

} // namespace trellis::store
