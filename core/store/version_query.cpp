#include "store/version_query.h"

#include "prompt/prompt_json.h"
#include "store/database.h"
#include "store/label_repository.h"
#include "store/statement.h"

#include <QRegularExpression>

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

// Up to 6 digits is a version number; 7 or more digits read as a hash prefix, since about
// one hash in 27 starts with seven decimal digits and no prompt has a million versions.
bool isNumber(const QString &ref) {
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,6}$"));
    return digits.match(ref).hasMatch();
}

bool isHex(const QString &ref) {
    static const QRegularExpression hex(QStringLiteral("^[0-9A-Fa-f]+$"));
    return hex.match(ref).hasMatch();
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
                                            const QString &rawRef) {
    const QString ref = rawRef.trimmed();
    if (ref.isEmpty() || ref.compare(QLatin1String("head"), Qt::CaseInsensitive) == 0
        || ref.compare(QLatin1String("latest"), Qt::CaseInsensitive) == 0) {
        auto h = head(promptId);
        if (!h)
            return h.error();
        if (!h->has_value())
            return Error(QStringLiteral("prompt '%1' has no versions").arg(promptName));
        return std::move(**h);
    }
    if (isNumber(ref)) {
        auto v = select(QStringLiteral("WHERE v.prompt_id = ? AND v.number = ?"),
                        {promptId, ref.toLongLong()}, 1);
        if (!v)
            return v.error();
        if (v->empty()) {
            auto h = head(promptId);
            const int latest = h && h->has_value() ? (*h)->number : 0;
            return Error(QStringLiteral("prompt '%1' has no version %2 (versions are 1 to %3)")
                             .arg(promptName, ref)
                             .arg(latest));
        }
        return std::move(v->front());
    }
    auto labelled = LabelRepository(m_db).versionIdOf(promptId, ref);
    if (!labelled)
        return labelled.error();
    if (labelled->has_value())
        return byId(**labelled);
    if (isHex(ref)) {
        if (ref.size() < kMinHashPrefix)
            return Error(QStringLiteral("'%1' is not a label of prompt '%2', and a hash prefix "
                                        "needs at least %3 hex digits")
                             .arg(ref, promptName)
                             .arg(kMinHashPrefix));
        return byHashPrefix(promptId, promptName, ref.toLower());
    }
    return Error(QStringLiteral("'%1' is not a version number, label or hash prefix of prompt "
                                "'%2'")
                     .arg(ref, promptName));
}

Result<PromptVersion> VersionQuery::byHashPrefix(qint64 promptId, const QString &promptName,
                                                 const QString &prefix) {
    // Several versions can share a hash (a restore copies content); they are the same
    // content, and the newest one stands for it. Different hashes make the prefix ambiguous.
    auto stmt = m_db.prepare(QStringLiteral(
        "SELECT content_hash, max(id), group_concat(number, ', ') FROM prompt_versions "
        "WHERE prompt_id = ? AND substr(content_hash, 1, ?) = ? GROUP BY content_hash"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, promptId).bind(2, qint64(prefix.size())).bind(3, prefix);
    QStringList matches;
    qint64 versionId = 0;
    for (;;) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        versionId = stmt->columnInt64(1);
        matches << QStringLiteral("%1 (version %2)")
                       .arg(stmt->columnText(0).left(12), stmt->columnText(2));
    }
    if (matches.isEmpty())
        return Error(QStringLiteral("no version of prompt '%1' has a hash starting with '%2'")
                         .arg(promptName, prefix));
    if (matches.size() > 1)
        return Error(QStringLiteral("hash prefix '%1' is ambiguous in prompt '%2': %3")
                         .arg(prefix, promptName, matches.join(QStringLiteral("; "))));
    return byId(versionId);
}

} // namespace trellis::store
