#include "store/prompt_repository.h"

#include "prompt/prompt_json.h"
#include "store/database.h"
#include "store/label_repository.h"
#include "store/statement.h"
#include "store/transaction.h"
#include "store/version_query.h"
#include "store/versioned_entity.h"

namespace trellis::store {

std::pair<QString, QString> PromptRepository::splitReference(const QString &nameAtRef) {
    return store::splitReference(nameAtRef);
}

Status PromptRepository::validateName(const QString &name) {
    return validateEntityName(VersionedTables::prompts(), name);
}

Result<std::optional<qint64>> PromptRepository::findId(const QString &name) {
    return owners().find(name);
}

Result<qint64> PromptRepository::requireId(const QString &name) {
    return owners().require(name);
}

Result<qint64> PromptRepository::insertVersion(qint64 promptId,
                                               const std::optional<PromptVersion> &head,
                                               const QString &content, const QString &hash,
                                               qint64 restoredFrom, const QString &message) {
    auto stmt = m_db.prepare(QStringLiteral(
        "INSERT INTO prompt_versions (prompt_id, number, content, content_hash, parent_id, "
        "restored_from_id, message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, promptId).bind(2, head ? head->number + 1 : 1).bind(3, content).bind(4, hash);
    head ? stmt->bind(5, head->id) : stmt->bindNull(5);
    restoredFrom ? stmt->bind(6, restoredFrom) : stmt->bindNull(6);
    stmt->bind(7, message).bind(8, QDateTime::currentDateTimeUtc());
    if (Status st = stmt->exec(); !st)
        return st.error();
    return m_db.lastInsertRowId();
}

Result<CommitResult> PromptRepository::commit(const prompt::PromptSpec &spec,
                                              const QString &message) {
    if (Status st = validateName(spec.name); !st)
        return st.error();
    const QString hash = prompt::contentHash(spec);
    const QString content = QString::fromUtf8(prompt::canonicalJson(spec));
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    auto promptId = owners().findOrCreate(spec.name);
    if (!promptId)
        return promptId.error();
    VersionQuery versions(m_db);
    auto head = versions.head(*promptId);
    if (!head)
        return head.error();
    if (head->has_value() && (*head)->hash == hash)
        return CommitResult{std::move(**head), false}; // nothing written; the guard rolls back
    auto id = insertVersion(*promptId, *head, content, hash, 0, message);
    if (!id)
        return id.error();
    auto created = versions.byId(*id);
    if (!created)
        return created.error();
    if (Status st = tx->commit(); !st)
        return st.error();
    return CommitResult{std::move(*created), true};
}

Result<CommitResult> PromptRepository::restore(const QString &name, const QString &ref,
                                               const QString &message) {
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    VersionQuery versions(m_db);
    auto old = resolve(name, ref);
    if (!old)
        return old.error();
    auto head = versions.head(old->promptId);
    if (!head)
        return head.error();
    if (head->has_value() && (*head)->hash == old->hash)
        return CommitResult{std::move(**head), false};
    // Copy the stored content byte for byte rather than re-serializing the parsed spec.
    auto content = m_db.prepare(QStringLiteral("SELECT content FROM prompt_versions WHERE id = ?"));
    if (!content)
        return content.error();
    content->bind(1, old->id);
    auto row = content->step();
    if (!row)
        return row.error();
    const QString text = content->columnText(0);
    const QString note =
        message.isEmpty() ? QStringLiteral("Restore version %1").arg(old->number) : message;
    auto id = insertVersion(old->promptId, *head, text, old->hash, old->id, note);
    if (!id)
        return id.error();
    auto created = versions.byId(*id);
    if (!created)
        return created.error();
    if (Status st = tx->commit(); !st)
        return st.error();
    return CommitResult{std::move(*created), true};
}

Result<std::vector<PromptSummary>> PromptRepository::list() {
    auto stmt = m_db.prepare(QStringLiteral(
        "SELECT p.id, p.name, v.number, v.content_hash, v.created_at, v.content, "
        "  (SELECT group_concat(name, char(10)) FROM "
        "     (SELECT name FROM labels l WHERE l.prompt_id = p.id ORDER BY name)) "
        "FROM prompts p JOIN prompt_versions v ON v.prompt_id = p.id "
        "  AND v.number = (SELECT max(number) FROM prompt_versions m WHERE m.prompt_id = p.id) "
        "WHERE p.project_id = ? ORDER BY p.name"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_projectId);
    std::vector<PromptSummary> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            return out;
        PromptSummary s;
        s.id = stmt->columnInt64(0);
        s.name = stmt->columnText(1);
        s.headNumber = int(stmt->columnInt64(2));
        s.versionCount = s.headNumber; // numbers run 1..n without gaps
        s.headHash = stmt->columnText(3);
        s.updatedAt = stmt->columnDateTime(4);
        if (auto doc = stmt->columnJson(5); doc) {
            if (auto spec = prompt::fromJson(*doc); spec)
                s.description = spec->description;
        }
        if (!stmt->isNull(6))
            s.labels = stmt->columnText(6).split(QLatin1Char('\n'));
        out.push_back(std::move(s));
    }
}

Result<PromptVersion> PromptRepository::resolve(const QString &name, const QString &ref) {
    auto id = requireId(name);
    if (!id)
        return id.error();
    return VersionQuery(m_db).resolve(*id, name, ref);
}

Result<std::vector<PromptVersion>> PromptRepository::log(const QString &name, int limit) {
    auto id = requireId(name);
    if (!id)
        return id.error();
    return VersionQuery(m_db).log(*id, limit);
}

Result<LabelChange> PromptRepository::setLabel(const QString &name, const QString &label,
                                               const QString &ref) {
    if (Status st = LabelRepository::validateName(label); !st)
        return st.error();
    auto version = resolve(name, ref);
    if (!version)
        return version.error();
    return LabelRepository(m_db).set(version->promptId, label, version->id);
}

Status PromptRepository::removeLabel(const QString &name, const QString &label) {
    auto id = requireId(name);
    if (!id)
        return id.error();
    Status st = LabelRepository(m_db).remove(*id, label);
    if (!st)
        st.error().message += QStringLiteral(" on prompt '%1'").arg(name);
    return st;
}

Result<std::vector<Label>> PromptRepository::labels(const QString &name) {
    auto id = requireId(name);
    if (!id)
        return id.error();
    return LabelRepository(m_db).list(*id);
}

Result<std::vector<LabelMove>> PromptRepository::labelHistory(const QString &name,
                                                              const QString &label) {
    auto id = requireId(name);
    if (!id)
        return id.error();
    return LabelRepository(m_db).history(*id, label);
}

} // namespace trellis::store
