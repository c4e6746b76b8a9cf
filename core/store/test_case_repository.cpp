#include "store/test_case_repository.h"

#include "store/database.h"
#include "store/statement.h"

namespace trellis::store {

Result<std::vector<TestCase>> TestCaseRepository::list() {
    auto stmt = m_db.prepare(QStringLiteral("SELECT name, vars, updated_at FROM prompt_test_cases "
                                            "WHERE prompt_id = ? ORDER BY name"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_promptId);
    std::vector<TestCase> out;
    while (true) {
        auto row = stmt->step();
        if (!row)
            return row.error();
        if (!*row)
            break;
        TestCase testCase;
        testCase.name = stmt->columnText(0);
        auto vars = stmt->columnJson(1);
        if (!vars || !vars->is_object())
            return Error(QStringLiteral("test case '%1' holds malformed JSON").arg(testCase.name));
        testCase.vars = std::move(*vars);
        testCase.updatedAt = stmt->columnDateTime(2);
        out.push_back(std::move(testCase));
    }
    return out;
}

Status TestCaseRepository::save(const QString &name, const nlohmann::json &vars) {
    if (name.trimmed().isEmpty())
        return Error(QStringLiteral("a test case needs a name"));
    if (!vars.is_object())
        return Error(QStringLiteral("the values of a test case must be a JSON object"));
    auto stmt = m_db.prepare(QStringLiteral(
        "INSERT INTO prompt_test_cases (prompt_id, name, vars, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (prompt_id, name) DO UPDATE SET vars = excluded.vars, "
        "updated_at = excluded.updated_at"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_promptId).bind(2, name.trimmed()).bindJson(3, vars);
    stmt->bind(4, QDateTime::currentDateTimeUtc());
    return stmt->exec();
}

Result<bool> TestCaseRepository::remove(const QString &name) {
    auto stmt = m_db.prepare(
        QStringLiteral("DELETE FROM prompt_test_cases WHERE prompt_id = ? AND name = ?"));
    if (!stmt)
        return stmt.error();
    stmt->bind(1, m_promptId).bind(2, name);
    if (Status st = stmt->exec(); !st)
        return st.error();
    return m_db.changes() > 0;
}

} // namespace trellis::store
