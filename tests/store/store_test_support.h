#pragma once

// Helpers shared by the store tests.

#include "prompt/prompt_spec.h"
#include "store/database.h"
#include "store/statement.h"

#include <QTest>

namespace trellis::store::test {

// A small but complete spec; `text` makes the content (and so the hash) differ.
inline prompt::PromptSpec sampleSpec(const QString &name, const QString &text) {
    prompt::PromptSpec spec;
    spec.name = name;
    spec.description = QStringLiteral("Sample prompt for the store tests");
    spec.messages.push_back({prompt::Role::System, QStringLiteral("You are terse.")});
    spec.messages.push_back({prompt::Role::User, text + QStringLiteral(" {{ topic }}")});
    spec.model = QStringLiteral("openai:gpt-4o-mini");
    spec.params = {{"temperature", 0.2}, {"max_tokens", 256}};
    prompt::Variable topic;
    topic.name = QStringLiteral("topic");
    topic.example = "SQLite";
    spec.variables.push_back(topic);
    spec.tags = QStringList{QStringLiteral("test")};
    return spec;
}

// The single value of a one-row, one-column query; QFAILs are the caller's business, so an
// error comes back as an invalid QVariant-like sentinel string.
inline QString scalar(Database &db, const QString &sql) {
    auto stmt = db.prepare(sql);
    if (!stmt)
        return QStringLiteral("<error: %1>").arg(stmt.error().message);
    auto row = stmt->step();
    if (!row)
        return QStringLiteral("<error: %1>").arg(row.error().message);
    if (!*row)
        return QStringLiteral("<no row>");
    return stmt->columnText(0);
}

// JSON as compact text, for QCOMPARE (which cannot print nlohmann::json).
inline QString dumped(const nlohmann::json &value) {
    return QString::fromStdString(value.dump());
}

inline qint64 count(Database &db, const QString &table) {
    return scalar(db, QStringLiteral("SELECT count(*) FROM ") + table).toLongLong();
}

} // namespace trellis::store::test

// Fails the current test with the error's message when a Result/Status is not ok.
#define TRELLIS_VERIFY_OK(expr)                                                                    \
    do {                                                                                           \
        const auto &trellis_result_ = (expr);                                                      \
        if (!trellis_result_.ok())                                                                 \
            QFAIL(qPrintable(trellis_result_.error().toString()));                                 \
    } while (false)
