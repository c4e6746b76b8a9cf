// Saved test cases of a prompt: save, replace by name, list by name, remove, cascade.

#include "store/database.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store/test_case_repository.h"
#include "store_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::store;

class TestTestCases : public QObject {
    Q_OBJECT

private:
    std::optional<Database> m_db;
    qint64 m_promptId = 0;

private Q_SLOTS:
    void init() {
        auto db = Database::open(QStringLiteral(":memory:"));
        QVERIFY(db);
        m_db.emplace(std::move(*db));
        TRELLIS_VERIFY_OK(migrate(*m_db));
        auto project = ProjectRepository(*m_db).ensureDefault();
        TRELLIS_VERIFY_OK(project);
        PromptRepository prompts(*m_db, project->id);
        auto commit =
            prompts.commit(test::sampleSpec(QStringLiteral("p"), QStringLiteral("x")), QString());
        TRELLIS_VERIFY_OK(commit);
        m_promptId = commit->version.promptId;
    }

    void cleanup() { m_db.reset(); }

    void saveReplaceListRemove() {
        TestCaseRepository cases(*m_db, m_promptId);
        TRELLIS_VERIFY_OK(cases.save(QStringLiteral("zeta"), {{"topic", "a"}}));
        TRELLIS_VERIFY_OK(cases.save(QStringLiteral("alpha"), {{"topic", "b"}, {"n", 2}}));
        TRELLIS_VERIFY_OK(cases.save(QStringLiteral("zeta"), {{"topic", "c"}}));
        auto list = cases.list();
        TRELLIS_VERIFY_OK(list);
        QCOMPARE(int(list->size()), 2);
        QCOMPARE(list->at(0).name, QStringLiteral("alpha"));
        QVERIFY(list->at(0).vars == nlohmann::json({{"topic", "b"}, {"n", 2}}));
        QCOMPARE(list->at(1).name, QStringLiteral("zeta"));
        QVERIFY(list->at(1).vars == nlohmann::json({{"topic", "c"}}));
        QVERIFY(list->at(1).updatedAt.isValid());

        auto removed = cases.remove(QStringLiteral("alpha"));
        TRELLIS_VERIFY_OK(removed);
        QVERIFY(*removed);
        removed = cases.remove(QStringLiteral("alpha"));
        TRELLIS_VERIFY_OK(removed);
        QVERIFY(!*removed);
        QCOMPARE(int(cases.list()->size()), 1);
    }

    void badInputIsRefused() {
        TestCaseRepository cases(*m_db, m_promptId);
        QVERIFY(!cases.save(QStringLiteral("  "), nlohmann::json::object()).ok());
        QVERIFY(!cases.save(QStringLiteral("x"), nlohmann::json::array()).ok());
        QVERIFY(!TestCaseRepository(*m_db, 9999)
                     .save(QStringLiteral("x"), nlohmann::json::object())
                     .ok());
    }

    void deletingThePromptDeletesItsCases() {
        TRELLIS_VERIFY_OK(TestCaseRepository(*m_db, m_promptId)
                              .save(QStringLiteral("a"), nlohmann::json::object()));
        TRELLIS_VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM prompts")));
        QCOMPARE(test::count(*m_db, QStringLiteral("prompt_test_cases")), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestTestCases)
#include "test_test_cases.moc"
