// Workflow runs and node runs: insert, finish, read back, per-node usage from linked pipeline
// runs, foreign keys and cascades.

#include "store/database.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/run_repository.h"
#include "store/workflow_repository.h"
#include "store/workflow_run_repository.h"
#include "store_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::store;
using trellis::store::test::count;

class TestWorkflowRuns : public QObject {
    Q_OBJECT

private:
    std::optional<Database> m_db;
    qint64 m_version = 0;

    WorkflowRunRepository runs() { return WorkflowRunRepository(*m_db); }

    qint64 startRun() {
        WorkflowRunRecord run;
        run.workflowVersionId = m_version;
        run.inputs = {{"text", "hello"}};
        auto id = runs().insertRun(run);
        if (!id)
            qFatal("insertRun: %s", qPrintable(id.error().toString()));
        return *id;
    }

    qint64 startNode(qint64 runId, const char *nodeId, const QDateTime &at = QDateTime()) {
        NodeRunRecord node;
        node.workflowRunId = runId;
        node.nodeId = QString::fromUtf8(nodeId);
        node.nodeType = QStringLiteral("prompt");
        node.inputs = {{"text", "hello"}};
        node.startedAt = at;
        auto id = runs().insertNodeRun(node);
        if (!id)
            qFatal("insertNodeRun: %s", qPrintable(id.error().toString()));
        return *id;
    }

private Q_SLOTS:
    void init() {
        auto db = Database::open(QStringLiteral(":memory:"));
        QVERIFY(db);
        m_db.emplace(std::move(*db));
        TRELLIS_VERIFY_OK(migrate(*m_db));
        auto project = ProjectRepository(*m_db).ensureDefault();
        TRELLIS_VERIFY_OK(project);
        auto v =
            WorkflowRepository(*m_db, project->id)
                .commit(QStringLiteral("flow"), {{"nodes", nlohmann::json::array()}}, QString());
        TRELLIS_VERIFY_OK(v);
        m_version = v->version.id;
    }

    void cleanup() { m_db.reset(); }

    void runLifecycle() {
        const qint64 id = startRun();
        auto running = runs().findRun(id);
        TRELLIS_VERIFY_OK(running);
        QVERIFY(running->has_value());
        QCOMPARE((*running)->status, QStringLiteral("running"));
        QCOMPARE(test::dumped((*running)->inputs),
                 test::dumped(nlohmann::json({{"text", "hello"}})));
        QVERIFY((*running)->startedAt.isValid());
        QVERIFY(!(*running)->finishedAt.isValid());

        TRELLIS_VERIFY_OK(runs().finishRun(id, QStringLiteral("ok"), {{"answer", 42}}, QString()));
        auto done = runs().findRun(id);
        TRELLIS_VERIFY_OK(done);
        QCOMPARE((*done)->status, QStringLiteral("ok"));
        QCOMPARE(test::dumped((*done)->outputs), test::dumped(nlohmann::json({{"answer", 42}})));
        QVERIFY((*done)->finishedAt.isValid());
        QVERIFY((*done)->finishedAt >= (*done)->startedAt);

        QVERIFY(!runs().findRun(id + 100)->has_value());
        QVERIFY(!runs().finishRun(id + 100, QStringLiteral("ok"), {}, QString()));
    }

    void rerunColumnsRoundTrip() {
        const qint64 first = startRun();
        WorkflowRunRecord rerun;
        rerun.workflowVersionId = m_version;
        rerun.contentHash = QStringLiteral("abc");
        rerun.reuseRunId = first;
        rerun.fromNode = QStringLiteral("write");
        auto id = runs().insertRun(rerun);
        TRELLIS_VERIFY_OK(id);
        auto back = runs().findRun(*id);
        TRELLIS_VERIFY_OK(back);
        QCOMPARE((*back)->contentHash, QStringLiteral("abc"));
        QCOMPARE((*back)->reuseRunId, first);
        QCOMPARE((*back)->fromNode, QStringLiteral("write"));

        NodeRunRecord node;
        node.workflowRunId = *id;
        node.nodeId = QStringLiteral("extract");
        node.status = QStringLiteral("ok");
        node.attempt = 2;
        node.contentHash = QStringLiteral("h1");
        node.reused = true;
        node.durationMs = 12.5;
        node.failure = {{"rule", "schema"}};
        TRELLIS_VERIFY_OK(runs().insertNodeRun(node));
        auto nodes = runs().nodeRuns(*id);
        TRELLIS_VERIFY_OK(nodes);
        QCOMPARE(nodes->size(), std::size_t(1));
        const NodeRunRecord &n = nodes->front();
        QCOMPARE(n.attempt, 2);
        QCOMPARE(n.contentHash, QStringLiteral("h1"));
        QVERIFY(n.reused);
        QCOMPARE(n.durationMs.value_or(-1), 12.5);
        QCOMPARE(test::dumped(n.failure), test::dumped({{"rule", "schema"}}));
        // The run reused from may go away; the re-run stays.
        TRELLIS_VERIFY_OK(
            m_db->exec(QStringLiteral("DELETE FROM workflow_runs WHERE id = %1").arg(first)));
        QCOMPARE((*runs().findRun(*id))->reuseRunId, qint64(0));
    }

    void badStatusIsRefused() {
        const qint64 id = startRun();
        QVERIFY(!runs().finishRun(id, QStringLiteral("great"), {}, QString()));
        QCOMPARE((*runs().findRun(id))->status, QStringLiteral("running"));
        WorkflowRunRecord orphan;
        orphan.workflowVersionId = m_version + 50; // no such version
        QVERIFY(!runs().insertRun(orphan));
    }

    void nodeRunsInOrder() {
        const qint64 runId = startRun();
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        const qint64 b = startNode(runId, "b", t0.addMSecs(5));
        const qint64 a = startNode(runId, "a", t0);
        const qint64 a2 = startNode(runId, "a", t0.addMSecs(9)); // a retry of the same node
        TRELLIS_VERIFY_OK(
            runs().finishNodeRun(a, QStringLiteral("error"), {}, QStringLiteral("boom")));
        TRELLIS_VERIFY_OK(
            runs().finishNodeRun(a2, QStringLiteral("ok"), {{"text", "x"}}, QString()));
        TRELLIS_VERIFY_OK(runs().finishNodeRun(b, QStringLiteral("skipped"), {}, QString()));

        auto nodes = runs().nodeRuns(runId);
        TRELLIS_VERIFY_OK(nodes);
        QCOMPARE(nodes->size(), std::size_t(3));
        QCOMPARE(nodes->at(0).id, a);
        QCOMPARE(nodes->at(0).error, QStringLiteral("boom"));
        QCOMPARE(nodes->at(1).id, b);
        QCOMPARE(nodes->at(1).status, QStringLiteral("skipped"));
        QCOMPARE(nodes->at(2).id, a2);
        QCOMPARE(nodes->at(2).nodeType, QStringLiteral("prompt"));
        QCOMPARE(test::dumped(nodes->at(2).inputs),
                 test::dumped(nlohmann::json({{"text", "hello"}})));

        auto last = runs().lastNodeRun(runId, QStringLiteral("a"));
        TRELLIS_VERIFY_OK(last);
        QCOMPARE((*last)->id, a2);
        QCOMPARE(test::dumped((*last)->outputs), test::dumped(nlohmann::json({{"text", "x"}})));
        QVERIFY(!runs().lastNodeRun(runId, QStringLiteral("zzz"))->has_value());
    }

    void usageComesFromLinkedPipelineRuns() {
        const qint64 runId = startRun();
        const qint64 otherRun = startRun();
        RunRepository pipelineRuns(*m_db);
        auto add = [&](qint64 wfRun, const char *node, qint64 in, qint64 out,
                       std::optional<double> cost) {
            RunRecord r;
            r.workflowRunId = wfRun;
            r.workflowNodeId = QString::fromUtf8(node);
            r.inputTokens = in;
            r.outputTokens = out;
            r.costUsd = cost;
            TRELLIS_VERIFY_OK(pipelineRuns.insert(r));
        };
        add(runId, "extract", 10, 5, 0.25);
        add(runId, "extract", 20, 7, 0.5); // a repair retry
        add(runId, "write", 3, 4, std::nullopt);
        add(otherRun, "extract", 1000, 1000, 9.0);

        auto usage = runs().usageByNode(runId);
        TRELLIS_VERIFY_OK(usage);
        QCOMPARE(usage->size(), std::size_t(2));
        const auto &extract = usage->at(QStringLiteral("extract"));
        QCOMPARE(extract.calls, qint64(2));
        QCOMPARE(extract.inputTokens, qint64(30));
        QCOMPARE(extract.outputTokens, qint64(12));
        QCOMPARE(extract.costUsd, 0.75);
        QVERIFY(extract.costKnown);
        QVERIFY(!usage->at(QStringLiteral("write")).costKnown);
    }

    void runsOfVersionNewestFirst() {
        const qint64 first = startRun();
        const qint64 second = startRun();
        auto list = runs().runsOfVersion(m_version);
        TRELLIS_VERIFY_OK(list);
        QCOMPARE(list->size(), std::size_t(2));
        QCOMPARE(list->at(0).id, second);
        QCOMPARE(list->at(1).id, first);
        QCOMPARE(runs().runsOfVersion(m_version, 1)->size(), std::size_t(1));
    }

    void deletingTheWorkflowCascades() {
        const qint64 runId = startRun();
        startNode(runId, "a");
        RunRecord r;
        r.workflowRunId = runId;
        r.workflowNodeId = QStringLiteral("a");
        auto pipelineRun = RunRepository(*m_db).insert(r);
        TRELLIS_VERIFY_OK(pipelineRun);
        TRELLIS_VERIFY_OK(m_db->exec(QStringLiteral("DELETE FROM workflows")));
        QCOMPARE(count(*m_db, QStringLiteral("workflow_runs")), qint64(0));
        QCOMPARE(count(*m_db, QStringLiteral("node_runs")), qint64(0));
        // The pipeline run stays (it cost money) but loses its link.
        auto kept = RunRepository(*m_db).find(*pipelineRun);
        TRELLIS_VERIFY_OK(kept);
        QVERIFY(kept->has_value());
        QCOMPARE((*kept)->workflowRunId, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowRuns)
#include "test_workflow_runs.moc"
