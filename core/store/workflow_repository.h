#pragma once

#include "common/result.h"
#include "store/store_types.h"
#include "store/versioned_entity.h"
#include "store/workflow_store_types.h"

#include <QByteArray>

#include <optional>
#include <vector>

namespace trellis::store {

class Database;

// Workflows of one project and their immutable version history, the counterpart of
// PromptRepository. A version holds the workflow graph as canonical JSON with its SHA-256;
// the store does not interpret the graph (core/workflow does).
//
// A reference ("ref") names a version: empty/"head"/"latest", a number ("3"), a label
// ("production") or a hash prefix of at least 7 hex digits (see VersionRefResolver).
class WorkflowRepository {
public:
    WorkflowRepository(Database &db, qint64 projectId)
        : m_db(db)
        , m_projectId(projectId) {}

    // Sorted keys, no whitespace, UTF-8: equal documents give equal bytes.
    static QByteArray canonicalJson(const nlohmann::json &graph);
    // SHA-256 of canonicalJson(), lower-case hex.
    static QString contentHash(const nlohmann::json &graph);
    // Same rules as prompt names: non-empty, no '@', no line breaks, no surrounding spaces.
    static Status validateName(const QString &name);

    // Stores `graph` (a JSON object) as the new head of the workflow `name`, created on first
    // commit. A graph equal to the head's creates nothing: the result holds the head with
    // created=false.
    Result<WorkflowCommitResult> commit(const QString &name, const nlohmann::json &graph,
                                        const QString &message);

    Result<std::vector<WorkflowSummary>> list(); // by name
    Result<std::optional<qint64>> findId(const QString &name);
    Result<WorkflowVersion> resolve(const QString &name, const QString &ref = QString());
    Result<WorkflowVersion> byId(qint64 versionId);
    // Newest first, labels attached; limit <= 0 means all.
    Result<std::vector<WorkflowVersion>> log(const QString &name, int limit = 0);

    Result<LabelChange> setLabel(const QString &name, const QString &label, const QString &ref);
    Status removeLabel(const QString &name, const QString &label);
    Result<std::vector<Label>> labels(const QString &name);
    Result<std::vector<LabelMove>> labelHistory(const QString &name, const QString &label);

private:
    OwnerLookup owners() { return OwnerLookup(m_db, VersionedTables::workflows(), m_projectId); }
    Result<std::vector<WorkflowVersion>> select(const QString &where,
                                                const std::vector<qint64> &keys, int limit);

    Database &m_db;
    qint64 m_projectId;
};

} // namespace trellis::store
