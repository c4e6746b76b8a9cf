#include "store/version_query.h"

#include "prompt/prompt_json.h"
#include "store/database.h"
#include "store/label_repository.h"
#include "store/statement.h"
#include "store/versioned_entity.h"

namespace trellis::store {

namespace {

const QString kSelect = QStringLiteral(
    "SELECT v.id, v.prompt_id, p.name, v.number, v.content_hash, par.number, rf.number, "
    "v.message, v.created_at, v.content FROM prompt_versions v "
    "JOIN prompts p ON p.id = v.prompt_id "
    "LEFT JOIN prompt_versions par ON par.id = v.parent_id "
    "LEFT JOIN prompt_versions rf ON rf.id = v.restored_from_id ");

Result<PromptVersion> readVersion(const Statement &stmt) {
    PromptVersion v;
    v.id = stmt.columnInt64(0);
    v.promptId = stmt.columnInt64(1);
    v.promptName = stmt.columnText(2);
    v.number = int(stmt.columnInt64(3));
    v.hash = stmt.columnText(4);
    v.parentNumber = int(stmt.columnInt64(5));
    v.restoredFromNumber = int(stmt.columnInt64(6));
    v.message = stmt.columnText(7);
    v.createdAt = stmt.columnDateTime(8);
    auto doc = stmt.columnJson(9);
    auto where = [&] {
        return QStringLiteral("%1 version %2").arg(v.promptName).arg(v.number);
    };
    if (!doc)
        return Error(QStringLiteral("stored content of %1 is not JSON").arg(where()));
    auto spec = prompt::fromJson(*doc);
    if (!spec)
        return Error(QStringLiteral("stored content of %1 is not a valid prompt: %2")
                         .arg(where(), spec.error().toString()));
    v.spec = std::move(*spec);
    return v;
}

} // namespace

Result<std::vector<PromptVersion>>
VersionQuery::select(const QString &where, const std::vector<qint64> &keys, int limit) {
    QString sql = kSelect + where;
    if (limit > 0)
        sql += QStringLiteral(" LIMIT %1").arg(limit);
    auto stmt = m_db.prepare(sql);
    if (!stmt)
        return stmt.error();
    for (std::size_t i = 0; i < keys.size(); ++i)
        stmt->bind(int(i) + 1, keys[i]);
    std::vector<PromptVersion> out;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        auto version = readVersion(*stmt);
        if (!version)
            return version.error();
        out.push_back(std::move(*version));
    }
    if (!out.empty()) {
        if (Status st = attachLabels(out.front().promptId, out); !st)
            return st.error();
    }
    return out;
}

Result<PromptVersion> VersionQuery::one(const QString &where, const std::vector<qint64> &keys) {
    auto rows = select(where, keys, 1);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return Error(QStringLiteral("no such version"));
    return std::move(rows->front());
}

Status VersionQuery::attachLabels(qint64 promptId, std::vector<PromptVersion> &versions) {
    auto labels = LabelRepository(m_db).byVersion(promptId);
    if (!labels)
        return labels.error();
    for (PromptVersion &v : versions) {
        if (auto it = labels->find(v.id); it != labels->end())
            v.labels = it->second;
    }
    return {};
}

Result<std::optional<PromptVersion>> VersionQuery::head(qint64 promptId) {
    auto rows =
        select(QStringLiteral("WHERE v.prompt_id = ? ORDER BY v.number DESC"), {promptId}, 1);
    if (!rows)
        return rows.error();
    if (rows->empty())
        return std::optional<PromptVersion>();
    return std::optional<PromptVersion>(std::move(rows->front()));
}

Result<PromptVersion> VersionQuery::byId(qint64 versionId) {
    return one(QStringLiteral("WHERE v.id = ?"), {versionId});
}

Result<std::vector<PromptVersion>> VersionQuery::log(qint64 promptId, int limit) {
    return select(QStringLiteral("WHERE v.prompt_id = ? ORDER BY v.number DESC"), {promptId},
                  limit);
}

Result<PromptVersion> VersionQuery::resolve(qint64 promptId, const QString &promptName,
                                            const QString &ref) {
    auto id =
        VersionRefResolver(m_db, VersionedTables::prompts()).resolve(promptId, promptName, ref);
    if (!id)
        return id.error();
    return byId(*id);
}

} // namespace trellis::store
