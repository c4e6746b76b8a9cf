// Workflow version history: canonical content, no-op commits, refs, labels with history,
// immutability and the integrity triggers of schema version 5.

#include "store/database.h"
#include "store/label_repository.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/workflow_repository.h"
#include "store_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::store;
using trellis::store::test::count;

namespace {

// A small graph; `prompt` makes the content (and so the hash) differ.
nlohmann::json graphWith(const std::string &prompt) {
    return {{"schema_version", 1},
            {"nodes",
             {{{"id", "in"}, {"type", "input"}},
              {{"id", "ask"}, {"type", "prompt"}, {"template", prompt}}}},
            {"edges", {{{"id", "e1"}, {"from", "in.text"}, {"to", "ask.text"}}}}};
}

} // namespace

class TestWorkflowVersions : public QObject {
    Q_OBJECT

private:
    std::optional<Database> m_db;
    qint64 m_project = 0;
    const QString m_name = QStringLiteral("extract");

    WorkflowRepository repo() { return WorkflowRepository(*m_db, m_project); }

    WorkflowVersion commit(const std::string &prompt, bool expectCreated = true) {
        auto result = repo().commit(m_name, graphWith(prompt),
                                    QStringLiteral("msg ") + QString::fromStdString(prompt));
        if (!result)
            qFatal("commit failed: %s", qPrintable(result.error().toString()));
        if (result->created != expectCreated)
            qFatal("commit of '%s': unexpected created flag", prompt.c_str());
        return result->version;
    }

private Q_SLOTS:
    void init() {
        auto db = Database::open(QStringLiteral(":memory:"));
        QVERIFY(db);
        m_db.emplace(std::move(*db));
        TRELLIS_VERIFY_OK(migrate(*m_db));
        auto project = ProjectRepository(*m_db).ensureDefault();
        TRELLIS_VERIFY_OK(project);
        m_project = project->id;
    }

    void cleanup() { m_db.reset(); }

    void commitsNumberVersionsAndChainParents() {
        const WorkflowVersion v1 = commit("a");
        QCOMPARE(v1.number, 1);
        QCOMPARE(v1.parentNumber, 0);
        QCOMPARE(v1.workflowName, m_name);
        QCOMPARE(v1.message, QStringLiteral("msg a"));
        QCOMPARE(test::dumped(v1.graph), test::dumped(graphWith("a")));
        QCOMPARE(v1.hash, WorkflowRepository::contentHash(graphWith("a")));
        QCOMPARE(v1.hash.size(), 64);
        QVERIFY(v1.createdAt.isValid());
        const WorkflowVersion v2 = commit("b");
        QCOMPARE(v2.number, 2);
        QCOMPARE(v2.parentNumber, 1);
        QVERIFY(v2.hash != v1.hash);
        auto log = repo().log(m_name);
        TRELLIS_VERIFY_OK(log);
        QCOMPARE(log->size(), std::size_t(2));
        QCOMPARE(log->at(0).number, 2); // newest first
        QCOMPARE(test::dumped(log->at(1).graph), test::dumped(graphWith("a")));
        QCOMPARE(repo().log(m_name, 1)->size(), std::size_t(1));
    }

    void equalContentIsANoOpWhateverTheKeyOrder() {
        const WorkflowVersion v1 = commit("a");
        // Same document, other key order and spacing: same canonical text, same hash.
        const auto reordered = nlohmann::json::parse(
            "{\"edges\":[{\"to\":\"ask.text\",\"from\":\"in.text\",\"id\":\"e1\"}],"
            "  \"nodes\": [ {\"type\":\"input\", \"id\":\"in\"},"
            "{\"template\":\"a\",\"type\":\"prompt\",\"id\":\"ask\"}],\"schema_version\":1}");
        QCOMPARE(WorkflowRepository::canonicalJson(reordered),
                 WorkflowRepository::canonicalJson(graphWith("a")));
        auto again = repo().commit(m_name, reordered, QStringLiteral("again"));
        TRELLIS_VERIFY_OK(again);
        QVERIFY(!again->created);
        QCOMPARE(again->version.id, v1.id);
        QCOMPARE(count(*m_db, QStringLiteral("workflow_versions")), qint64(1));
        // Going back to earlier content after a change is a new version.
        commit("b");
        QCOMPARE(commit("a").number, 3);
    }

    void storedTextIsCanonical() {
        commit("a");
        QCOMPARE(test::scalar(*m_db, QStringLiteral("SELECT graph FROM workflow_versions")),
                 QString::fromUtf8(WorkflowRepository::canonicalJson(graphWith("a"))));
        QVERIFY(!test::scalar(*m_db, QStringLiteral("SELECT graph FROM workflow_versions"))
                     .contains(QLatin1Char(' ')));
    }

    void refsResolve() {
        const WorkflowVersion v1 = commit("a");
        commit("b");
        TRELLIS_VERIFY_OK(
            repo().setLabel(m_name, QStringLiteral("production"), QStringLiteral("1")));
        QCOMPARE(repo().resolve(m_name)->number, 2);
        QCOMPARE(repo().resolve(m_name, QStringLiteral("head"))->number, 2);
        QCOMPARE(repo().resolve(m_name, QStringLiteral("latest"))->number, 2);
        QCOMPARE(repo().resolve(m_name, QStringLiteral("1"))->number, 1);
        QCOMPARE(repo().resolve(m_name, QStringLiteral("production"))->number, 1);
        QCOMPARE(repo().resolve(m_name, v1.hash.left(9))->number, 1);
        QCOMPARE(repo().resolve(m_name, v1.hash.toUpper())->number, 1);
    }

    void badRefs_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("ref");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown workflow")
            << QStringLiteral("nope") << QString() << QStringLiteral("no workflow named 'nope'");
        QTest::newRow("number too high")
            << m_name << QStringLiteral("9")
            << QStringLiteral("has no version 9 (versions are 1 to 2)");
        QTest::newRow("unknown label")
            << m_name << QStringLiteral("staging")
            << QStringLiteral("'staging' is not a version number, label or hash prefix of "
                              "workflow 'extract'");
        QTest::newRow("short hex")
            << m_name << QStringLiteral("abc") << QStringLiteral("needs at least 7 hex digits");
        QTest::newRow("no hash") << m_name << QStringLiteral("0000000000")
                                 << QStringLiteral("no version of workflow 'extract' has a hash");
    }

    void badRefs() {
        QFETCH(QString, name);
        QFETCH(QString, ref);
        QFETCH(QString, expected);
        commit("a");
        commit("b");
        auto v = repo().resolve(name, ref);
        QVERIFY(!v);
        QVERIFY2(v.error().message.contains(expected), qPrintable(v.error().message));
    }

    void labelsMoveWithHistory() {
        commit("a");
        commit("b");
        commit("c");
        const QString prod = QStringLiteral("production");
        auto created = repo().setLabel(m_name, prod, QStringLiteral("1"));
        TRELLIS_VERIFY_OK(created);
        QVERIFY(created->changed);
        QCOMPARE(created->toVersion, 1);
        auto moved = repo().setLabel(m_name, prod, QStringLiteral("3"));
        TRELLIS_VERIFY_OK(moved);
        QCOMPARE(moved->fromVersion, 1);
        QVERIFY(!repo().setLabel(m_name, prod, QString())->changed); // head is 3 already
        TRELLIS_VERIFY_OK(repo().setLabel(m_name, QStringLiteral("staging"), QStringLiteral("2")));
        TRELLIS_VERIFY_OK(repo().removeLabel(m_name, prod));
        Status again = repo().removeLabel(m_name, prod);
        QVERIFY(!again);
        QVERIFY2(again.error().message.contains(QLatin1String("on workflow 'extract'")),
                 qPrintable(again.error().message));

        auto history = repo().labelHistory(m_name, prod);
        TRELLIS_VERIFY_OK(history);
        QCOMPARE(history->size(), std::size_t(3)); // created, moved, removed; newest first
        QCOMPARE(history->at(0).fromVersion, 3);
        QCOMPARE(history->at(0).toVersion, 0);
        QCOMPARE(history->at(1).fromVersion, 1);
        QCOMPARE(history->at(1).toVersion, 3);
        QCOMPARE(history->at(2).fromVersion, 0);
        auto labels = repo().labels(m_name);
        TRELLIS_VERIFY_OK(labels);
        QCOMPARE(labels->size(), std::size_t(1));
        QCOMPARE(labels->front().name, QStringLiteral("staging"));
        QCOMPARE(labels->front().versionNumber, 2);
        QCOMPARE(repo().resolve(m_name, QStringLiteral("2"))->labels,
                 QStringList{QStringLiteral("staging")});
        // Workflow labels never touch the prompt tables.
        QCOMPARE(count(*m_db, QStringLiteral("labels")), qint64(0));
        QCOMPARE(count(*m_db, QStringLiteral("label_history")), qint64(0));
    }

    void invalidLabelIsRefused() {
        commit("a");
        QVERIFY(!repo().setLabel(m_name, QStringLiteral("head"), QString()));
        QVERIFY(!repo().setLabel(m_name, QStringLiteral("deadbeef0"), QString()));
        QCOMPARE(count(*m_db, QStringLiteral("workflow_labels")), qint64(0));
    }

    void labelCannotPointAtAnotherWorkflowsVersion() {
        commit("a");
        TRELLIS_VERIFY_OK(repo().commit(QStringLiteral("other"), graphWith("x"), QString()));
        auto other = repo().resolve(QStringLiteral("other"));
        TRELLIS_VERIFY_OK(other);
        auto mine = repo().findId(m_name);
        TRELLIS_VERIFY_OK(mine);
        auto set = LabelRepository(*m_db, VersionedTables::workflows())
                       .set(**mine, QStringLiteral("production"), other->id);
        QVERIFY(!set);
        QVERIFY2(set.error().message.contains(QLatin1String("its own workflow")),
                 qPrintable(set.error().message));
    }

    void versionsAreImmutable() {
        commit("a");
        Status st = m_db->exec(QStringLiteral("UPDATE workflow_versions SET message = 'edited'"));
        QVERIFY(!st);
        QVERIFY(st.error().message.contains(QLatin1String("immutable")));
        QCOMPARE(repo().resolve(m_name)->message, QStringLiteral("msg a"));
    }

    void listShowsHeadsAndLabels() {
        commit("a");
        commit("b");
        TRELLIS_VERIFY_OK(repo().commit(QStringLiteral("alpha"), graphWith("x"), QString()));
        TRELLIS_VERIFY_OK(repo().setLabel(m_name, QStringLiteral("prod"), QStringLiteral("1")));
        TRELLIS_VERIFY_OK(repo().setLabel(m_name, QStringLiteral("beta"), QStringLiteral("2")));
        auto list = repo().list();
        TRELLIS_VERIFY_OK(list);
        QCOMPARE(list->size(), std::size_t(2));
        QCOMPARE(list->at(0).name, QStringLiteral("alpha"));
        QCOMPARE(list->at(1).name, m_name);
        QCOMPARE(list->at(1).headNumber, 2);
        QCOMPARE(list->at(1).labels, (QStringList{QStringLiteral("beta"), QStringLiteral("prod")}));
        QVERIFY(list->at(0).labels.isEmpty());
        // Another project sees none of them.
        auto project = ProjectRepository(*m_db).create(QStringLiteral("second"));
        TRELLIS_VERIFY_OK(project);
        QVERIFY(WorkflowRepository(*m_db, project->id).list()->empty());
    }

    void badInputIsRefused_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("graph");
        QTest::newRow("empty name") << QString() << QStringLiteral("{}");
        QTest::newRow("at") << QStringLiteral("a@b") << QStringLiteral("{}");
        QTest::newRow("padded") << QStringLiteral(" a") << QStringLiteral("{}");
        QTest::newRow("newline") << QStringLiteral("a\nb") << QStringLiteral("{}");
        QTest::newRow("array graph") << QStringLiteral("ok") << QStringLiteral("[]");
        QTest::newRow("string graph") << QStringLiteral("ok") << QStringLiteral("\"x\"");
    }

    void badInputIsRefused() {
        QFETCH(QString, name);
        QFETCH(QString, graph);
        auto result =
            repo().commit(name, nlohmann::json::parse(graph.toStdString()), QStringLiteral("m"));
        QVERIFY(!result);
        QCOMPARE(count(*m_db, QStringLiteral("workflows")), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowVersions)
#include "test_workflow_versions.moc"
