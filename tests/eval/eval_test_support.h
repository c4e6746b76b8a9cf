#pragma once

// Helpers shared by the eval tests.

#include "store/database.h"
#include "store/migrations.h"
#include "store/project_repository.h"

#include <QTest>

#include <optional>

// Fails the current test with the error's message when a Result/Status is not ok.
#define TRELLIS_VERIFY_OK(expr)                                                                    \
    do {                                                                                           \
        const auto &trellis_result_ = (expr);                                                      \
        if (!trellis_result_.ok())                                                                 \
            QFAIL(qPrintable(trellis_result_.error().toString()));                                 \
    } while (false)

namespace trellis::eval::test {

// A migrated in-memory store and its default project id.
inline qint64 openStore(std::optional<store::Database> *db) {
    auto opened = store::Database::open(QStringLiteral(":memory:"));
    if (!opened)
        qFatal("cannot open an in-memory database");
    db->emplace(std::move(*opened));
    if (!store::migrate(**db))
        qFatal("migration failed");
    auto project = store::ProjectRepository(**db).ensureDefault();
    if (!project)
        qFatal("no default project");
    return project->id;
}

inline QByteArray utf8(const char *text) {
    return QByteArray(text);
}

} // namespace trellis::eval::test
