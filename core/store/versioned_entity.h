#pragma once

#include "common/result.h"

#include <QString>

#include <optional>
#include <utility>

namespace trellis::store {

class Database;

// The tables of one kind of versioned, labelled entity (prompts, workflows). Prompts and
// workflows share the shape: an owner row per name and project, immutable numbered versions
// with a content hash, labels pointing at versions and a label history written by triggers.
// The code that names, resolves and labels versions is written once against this description.
struct VersionedTables {
    QString noun;         // "prompt": words the errors
    QString owners;       // prompts
    QString versions;     // prompt_versions
    QString ownerColumn;  // prompt_id (in versions, labels and history)
    QString content;      // content: the canonical JSON column of versions
    QString labels;       // labels
    QString labelHistory; // label_history

    static const VersionedTables &prompts();
    static const VersionedTables &workflows();

    // `sql` with {owners}, {versions}, {owner_id}, {content}, {labels}, {label_history}
    // replaced by this kind's names.
    QString expand(const QString &sql) const;
};

// Splits "NAME@REF" (the CLI's syntax) into name and ref; the ref is empty without '@'.
std::pair<QString, QString> splitReference(const QString &nameAtRef);

// A name is non-empty, has no '@', no line breaks, no surrounding spaces.
Status validateEntityName(const VersionedTables &tables, const QString &name);

// Owner rows (a prompt, a workflow) of one project, by name.
class OwnerLookup {
public:
    OwnerLookup(Database &db, const VersionedTables &tables, qint64 projectId)
        : m_db(db)
        , m_tables(tables)
        , m_projectId(projectId) {}

    Result<std::optional<qint64>> find(const QString &name);
    Result<qint64> require(const QString &name); // an error naming the entity when missing
    Result<qint64> findOrCreate(const QString &name);

private:
    Database &m_db;
    const VersionedTables &m_tables;
    qint64 m_projectId;
};

// Turns a reference into a version id. A reference is, in this order of precedence: empty,
// "head" or "latest" (the newest version); a version number ("3", at most 6 digits); a label
// ("production"); a hash prefix of at least 7 hex digits. LabelRepository keeps labels from
// shadowing hash prefixes.
class VersionRefResolver {
public:
    static constexpr int kMinHashPrefix = 7;

    VersionRefResolver(Database &db, const VersionedTables &tables)
        : m_db(db)
        , m_tables(tables) {}

    Result<std::optional<qint64>> headId(qint64 ownerId);
    // `ownerName` only words the errors.
    Result<qint64> resolve(qint64 ownerId, const QString &ownerName, const QString &ref);

private:
    Result<qint64> byNumber(qint64 ownerId, const QString &ownerName, const QString &ref);
    Result<qint64> byHashPrefix(qint64 ownerId, const QString &ownerName, const QString &prefix);

    Database &m_db;
    const VersionedTables &m_tables;
};

} // namespace trellis::store
