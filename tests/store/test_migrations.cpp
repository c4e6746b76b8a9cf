// Schema migrations keyed on PRAGMA user_version: from every earlier version to the latest,
// with data; refusal of newer databases; one transaction per migration.

#include "store/database.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store/run_repository.h"
#include "store/statement.h"
#include "store/workflow_repository.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QTest>

using namespace trellis;
using namespace trellis::store;
using trellis::store::test::count;
using trellis::store::test::sampleSpec;
using trellis::store::test::scalar;

namespace {

// Rows for the tables that migration `version` added, written the way the code of that
// version would have written them.
Status insertDataOfVersion(Database &db, int version) {
    Status st;
    if (version == 1) {
        auto project = ProjectRepository(db).ensureDefault();
        if (!project)
            return project.error();
        PromptRepository prompts(db, project->id);
        for (const char *text : {"one", "two"}) {
            auto c = prompts.commit(sampleSpec(QStringLiteral("triage"), QString::fromUtf8(text)),
                                    QStringLiteral("commit"));
            if (!c)
                return c.error();
        }
        if (auto l = prompts.setLabel(QStringLiteral("triage"), QStringLiteral("production"),
                                      QStringLiteral("1"));
            !l)
            return l.error();
        st = db.exec(QStringLiteral(
            "INSERT INTO runs (prompt_id, prompt_version_id, model, response_text, input_tokens,"
            " cost_usd, latency_ms, started_at) VALUES (1, 1, 'm1', 'hello', 12, 0.5, 80, 1000);"
            "INSERT INTO feedback (run_id, rating, note, created_at) VALUES (1, 5, 'good', 2000);"
            "INSERT INTO response_cache (key_hash, request, response, created_at) "
            "VALUES ('k', '{}', '{\"text\":\"hi\"}', 3000);"));
        if (!st)
            return st;
    }
    if (version == 2) {
        st = db.exec(QStringLiteral(
            "INSERT INTO datasets (project_id, name, created_at, updated_at) "
            "VALUES (1, 'tickets', 1, 1);"
            "INSERT INTO dataset_rows (dataset_id, position, data) VALUES (1, 0, '{\"t\":1}');"
            "INSERT INTO experiments (project_id, name, dataset_id, created_at, updated_at) "
            "VALUES (1, 'exp', 1, 1, 1);"
            "INSERT INTO experiment_cells (experiment_id, variant, model) VALUES (1, 'A', 'm1');"
            "INSERT INTO runs (prompt_version_id, model, started_at, experiment_cell_id) "
            "VALUES (2, 'm2', 4000, 1);"));
        if (!st)
            return st;
    }
    if (version == 3) {
        st = db.exec(QStringLiteral(
            "INSERT INTO workflows (project_id, name, created_at) VALUES (1, 'flow', 1);"
            "INSERT INTO workflow_versions (workflow_id, number, graph, content_hash, created_at)"
            " VALUES (1, 1, '{}', 'h', 1);"
            "INSERT INTO workflow_runs (workflow_version_id, started_at) VALUES (1, 5);"
            "INSERT INTO node_runs (workflow_run_id, node_id, started_at) VALUES (1, 'n1', 5);"
            "INSERT INTO runs (model, started_at, workflow_run_id, workflow_node_id) "
            "VALUES ('m3', 5000, 1, 'n1');"));
    }
    if (version == 5) {
        st = db.exec(QStringLiteral(
            "INSERT INTO workflow_labels (workflow_id, name, version_id, updated_at) "
            "VALUES (1, 'production', 1, 6);"));
    }
    if (version == 6) {
        st = db.exec(QStringLiteral("INSERT INTO prompt_test_cases (prompt_id, name, vars, "
                                    "updated_at) VALUES (1, 'short', '{\"topic\":\"x\"}', 6);"));
    }
    return st;
}

Status insertDataOfVersions(Database &db, int from, int to) {
    for (int v = from; v <= to; ++v) {
        if (Status st = insertDataOfVersion(db, v); !st)
            return st;
    }
    return {};
}

QString schemaDump(Database &db) {
    return scalar(db, QStringLiteral("SELECT group_concat(type || ' ' || name || ': ' || "
                                     "coalesce(sql, ''), char(10)) FROM (SELECT * FROM "
                                     "sqlite_master ORDER BY type, name)"));
}

} // namespace

class TestMigrations : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    Database newDatabase() {
        auto db = Database::open(m_dir.filePath(QStringLiteral("m%1.db").arg(++m_counter)));
        if (!db)
            qFatal("open failed");
        return std::move(*db);
    }

private Q_SLOTS:
    void listIsOrdered() {
        const auto &list = schemaMigrations();
        QVERIFY(list.size() >= 3);
        QCOMPARE(latestSchemaVersion(), int(list.size()));
        for (std::size_t i = 0; i < list.size(); ++i) {
            QCOMPARE(list[i].version, int(i) + 1);
            QVERIFY(!list[i].sql.isEmpty());
        }
    }

    void fromEveryEarlierVersion_data() {
        QTest::addColumn<int>("start");
        for (int v = 0; v < latestSchemaVersion(); ++v)
            QTest::addRow("from v%d", v) << v;
    }

    void fromEveryEarlierVersion() {
        QFETCH(int, start);
        Database fresh = newDatabase();
        TRELLIS_VERIFY_OK(migrate(fresh));

        Database db = newDatabase();
        TRELLIS_VERIFY_OK(migrate(db, schemaMigrations(), start));
        QCOMPARE(*schemaVersion(db), start);
        TRELLIS_VERIFY_OK(insertDataOfVersions(db, 1, start));

        TRELLIS_VERIFY_OK(migrate(db));
        QCOMPARE(*schemaVersion(db), latestSchemaVersion());
        QCOMPARE(schemaDump(db), schemaDump(fresh));
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA integrity_check")), QStringLiteral("ok"));
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM pragma_foreign_key_check")),
                 QStringLiteral("0"));

        // The old data is intact and usable through today's code.
        if (start >= 1) {
            PromptRepository prompts(db, 1);
            auto head = prompts.resolve(QStringLiteral("triage"));
            TRELLIS_VERIFY_OK(head);
            QCOMPARE(head->number, 2);
            QCOMPARE(head->spec, sampleSpec(QStringLiteral("triage"), QStringLiteral("two")));
            auto prod = prompts.resolve(QStringLiteral("triage"), QStringLiteral("production"));
            TRELLIS_VERIFY_OK(prod);
            QCOMPARE(prod->number, 1);
            auto run = RunRepository(db).find(1);
            TRELLIS_VERIFY_OK(run);
            QVERIFY(run->has_value());
            QCOMPARE((*run)->responseText, QStringLiteral("hello"));
            QCOMPARE((*run)->inputTokens, qint64(12));
            QCOMPARE((*run)->costUsd.value_or(-1), 0.5);
            QCOMPARE((*run)->experimentCellId, qint64(0));
            QCOMPARE(count(db, QStringLiteral("feedback")), qint64(1));
            QCOMPARE(count(db, QStringLiteral("response_cache")), qint64(1));
        }
        if (start >= 2)
            QCOMPARE(scalar(db, QStringLiteral("SELECT experiment_cell_id FROM runs "
                                               "WHERE model = 'm2'")),
                     QStringLiteral("1"));
        if (start >= 3) {
            auto flow = WorkflowRepository(db, 1).resolve(QStringLiteral("flow"));
            TRELLIS_VERIFY_OK(flow);
            QCOMPARE(flow->number, 1);
        }
        // Data of every later version can now be written too.
        TRELLIS_VERIFY_OK(insertDataOfVersions(db, start + 1, latestSchemaVersion()));
        QCOMPARE(count(db, QStringLiteral("runs")), qint64(3)); // one per version 1-3
        auto production =
            WorkflowRepository(db, 1).resolve(QStringLiteral("flow"), QStringLiteral("production"));
        TRELLIS_VERIFY_OK(production);
        QCOMPARE(production->number, 1);
        QCOMPARE(count(db, QStringLiteral("workflow_label_history")), qint64(1));
    }

    void migratingTwiceIsANoOp() {
        Database db = newDatabase();
        TRELLIS_VERIFY_OK(migrate(db));
        const QString before = schemaDump(db);
        TRELLIS_VERIFY_OK(migrate(db));
        QCOMPARE(schemaDump(db), before);
    }

    void newerDatabaseIsRefused() {
        Database db = newDatabase();
        TRELLIS_VERIFY_OK(migrate(db));
        const int future = latestSchemaVersion() + 1;
        TRELLIS_VERIFY_OK(db.exec(QStringLiteral("PRAGMA user_version = %1").arg(future)));
        Status st = migrate(db);
        QVERIFY(!st);
        QVERIFY2(st.error().message.contains(QLatin1String("newer Trellis")),
                 qPrintable(st.error().message));
        QVERIFY(st.error().message.contains(QString::number(future)));
        QCOMPARE(st.error().file, db.path());
        QCOMPARE(*schemaVersion(db), future); // untouched
    }

    void failedMigrationLeavesLastGoodVersion() {
        std::vector<Migration> list(3);
        list[0] = {1, QStringLiteral("first"), QStringLiteral("CREATE TABLE a (x)"), {}};
        list[1] = {2,
                   QStringLiteral("broken"),
                   QStringLiteral("CREATE TABLE b (x); INSERT INTO nowhere VALUES (1)"),
                   {}};
        list[2] = {3, QStringLiteral("third"), QStringLiteral("CREATE TABLE c (x)"), {}};
        Database db = newDatabase();
        Status st = migrate(db, list);
        QVERIFY(!st);
        QVERIFY2(st.error().message.contains(QLatin1String("schema version 2 (broken)")),
                 qPrintable(st.error().message));
        QVERIFY(st.error().message.contains(QLatin1String("no such table: nowhere")));
        QCOMPARE(*schemaVersion(db), 1);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = 'b'")),
                 QStringLiteral("0"));
    }

    void functionMigrationsRunInTheirTransaction() {
        std::vector<Migration> list(2);
        list[0] = {1, QStringLiteral("table"), QStringLiteral("CREATE TABLE a (x)"), {}};
        list[1] = {2, QStringLiteral("backfill"), QString(), [](Database &db) {
                       return db.exec(QStringLiteral("INSERT INTO a VALUES (41), (42)"));
                   }};
        Database db = newDatabase();
        TRELLIS_VERIFY_OK(migrate(db, list));
        QCOMPARE(*schemaVersion(db), 2);
        QCOMPARE(count(db, QStringLiteral("a")), qint64(2));

        std::vector<Migration> failing = list;
        failing.push_back({3, QStringLiteral("fails"), QString(), [](Database &d) -> Status {
                               (void)d.exec(QStringLiteral("INSERT INTO a VALUES (43)"));
                               return Error(QStringLiteral("refused by code"));
                           }});
        Status st = migrate(db, failing);
        QVERIFY(!st);
        QVERIFY(st.error().message.contains(QLatin1String("refused by code")));
        QCOMPARE(*schemaVersion(db), 2);
        QCOMPARE(count(db, QStringLiteral("a")), qint64(2));
    }

    void outOfOrderListIsRefused() {
        std::vector<Migration> list(2);
        list[0] = {1, QStringLiteral("a"), QStringLiteral("CREATE TABLE a (x)"), {}};
        list[1] = {3, QStringLiteral("c"), QStringLiteral("CREATE TABLE c (x)"), {}};
        Database db = newDatabase();
        QVERIFY(!migrate(db, list));
        QCOMPARE(*schemaVersion(db), 0);
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "test_migrations.moc"
