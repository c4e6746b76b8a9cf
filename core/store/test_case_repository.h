#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QString>

#include <nlohmann/json.hpp>
#include <vector>

namespace trellis::store {

class Database;

// A named set of variable values for one prompt (the editor's "test cases").
struct TestCase {
    QString name;
    nlohmann::json vars = nlohmann::json::object(); // variable name -> value
    QDateTime updatedAt;
};

// The saved test cases of one prompt (table prompt_test_cases, schema version 5).
class TestCaseRepository {
public:
    TestCaseRepository(Database &db, qint64 promptId)
        : m_db(db)
        , m_promptId(promptId) {}

    Result<std::vector<TestCase>> list(); // by name
    // Creates the test case or replaces the values of the one with that name. The name must
    // not be blank; `vars` must be a JSON object.
    Status save(const QString &name, const nlohmann::json &vars);
    // False when there was none by that name.
    Result<bool> remove(const QString &name);

private:
    Database &m_db;
    qint64 m_promptId;
};

} // namespace trellis::store
