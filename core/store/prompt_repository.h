#pragma once

#include "common/result.h"
#include "store/store_types.h"
#include "store/versioned_entity.h"

#include <optional>
#include <vector>

namespace trellis::store {

class Database;

// Prompts of one project and their immutable version history. Versions hold the PromptSpec
// as canonical JSON (prompt::canonicalJson) with its SHA-256 (prompt::contentHash).
//
// A reference ("ref") names a version: empty/"head"/"latest", a number ("3"), a label
// ("production") or a hash prefix of at least 7 hex digits (see VersionQuery).
class PromptRepository {
public:
    PromptRepository(Database &db, qint64 projectId)
        : m_db(db)
        , m_projectId(projectId) {}

    // Splits "NAME@REF" (the CLI's syntax) into name and ref; the ref is empty without '@'.
    static std::pair<QString, QString> splitReference(const QString &nameAtRef);
    // A prompt name is non-empty, has no '@', no line breaks, no surrounding spaces.
    static Status validateName(const QString &name);

    // Stores `spec` as the new head of the prompt named spec.name (created on first commit).
    // Content equal to the head's creates nothing: the result holds the head, created=false.
    Result<CommitResult> commit(const prompt::PromptSpec &spec, const QString &message);

    // A new version equal to the referenced one, child of the current head. Restoring
    // content equal to the head's creates nothing (created=false).
    Result<CommitResult> restore(const QString &name, const QString &ref,
                                 const QString &message = QString());

    Result<std::vector<PromptSummary>> list(); // by name
    Result<std::optional<qint64>> findId(const QString &name);
    Result<PromptVersion> resolve(const QString &name, const QString &ref = QString());
    // Newest first, labels attached; limit <= 0 means all.
    Result<std::vector<PromptVersion>> log(const QString &name, int limit = 0);

    Result<LabelChange> setLabel(const QString &name, const QString &label, const QString &ref);
    Status removeLabel(const QString &name, const QString &label);
    Result<std::vector<Label>> labels(const QString &name);
    Result<std::vector<LabelMove>> labelHistory(const QString &name, const QString &label);

private:
    Result<qint64> requireId(const QString &name);
    OwnerLookup owners() { return OwnerLookup(m_db, VersionedTables::prompts(), m_projectId); }
    Result<qint64> insertVersion(qint64 promptId, const std::optional<PromptVersion> &head,
                                 const QString &content, const QString &hash, qint64 restoredFrom,
                                 const QString &message);

    Database &m_db;
    qint64 m_projectId;
};

} // namespace trellis::store
