// StoreRunRecorder and StoreWorkflowResolver: the executor against the fake LLM server,
// recording into the store: workflow_runs / node_runs rows, the pipeline's runs linked to
// them, re-runs that reuse stored outputs, and subworkflows resolved from stored versions.
#include "store/project_repository.h"
#include "store/run_repository.h"
#include "store/workflow_repository.h"
#include "store/workflow_run_repository.h"
#include "store_test_support.h"
#include "workflow/store_run_recorder.h"
#include "workflow_fixture.h"

#include <QEventLoop>
#include <QTest>
#include <QTimer>

using namespace trellis;
using namespace trellis::workflow;
using namespace trellis::test;
using json = nlohmann::json;

class TestStoreRunRecorder : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<WorkflowFixture> m_f;
    std::unique_ptr<StoreRunRecorder> m_recorder;
    std::unique_ptr<StoreWorkflowResolver> m_workflows;
    qint64 m_project = 0;

    qint64 store(const QString &name, const json &doc) {
        auto graph = fromJson(doc);
        if (!graph)
            qFatal("%s", qPrintable(graph.error().toString()));
        auto v = store::WorkflowRepository(*m_f->db, m_project)
                     .commit(name, json::parse(toJson(*graph).dump()), QString());
        if (!v)
            qFatal("%s", qPrintable(v.error().toString()));
        return v->version.id;
    }

    WorkflowResult run(const WorkflowGraph &graph, RunOptions options) {
        ExecutorDeps deps = m_f->deps();
        deps.recorder = m_recorder.get();
        deps.workflows = m_workflows.get();
        Executor executor(deps);
        WorkflowResult failed;
        if (Status s = executor.start(graph, std::move(options)); !s) {
            failed.error = s.error().toString();
            return failed;
        }
        QEventLoop loop;
        QObject::connect(&executor, &Executor::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(20000, &loop, &QEventLoop::quit);
        if (!executor.isDone())
            loop.exec();
        return executor.isDone() ? executor.result() : failed;
    }

    WorkflowResult runStored(qint64 versionId, RunOptions options = {}) {
        auto version = store::WorkflowRepository(*m_f->db, m_project).byId(versionId);
        if (!version)
            qFatal("%s", qPrintable(version.error().toString()));
        options.workflowVersionId = versionId;
        return run(*fromJson(version->graph), std::move(options));
    }

private Q_SLOTS:
    void init() {
        m_f = std::make_unique<WorkflowFixture>();
        m_recorder = std::make_unique<StoreRunRecorder>(*m_f->db);
        auto project = store::ProjectRepository(*m_f->db).ensureDefault();
        TRELLIS_VERIFY_OK(project);
        m_project = project->id;
        m_workflows = std::make_unique<StoreWorkflowResolver>(*m_f->db, m_project);
    }

    void cleanup() {
        m_workflows.reset();
        m_recorder.reset();
        m_f.reset();
    }

    void recordsRunNodesAndLinksPipelineRuns() {
        const qint64 version = store(QStringLiteral("chain"), chainWorkflow());
        RunOptions o;
        o.inputs = {{"text", "the chain"}};
        const WorkflowResult r = runStored(version, o);
        QVERIFY2(r.ok, qPrintable(r.error));

        store::WorkflowRunRepository runs(*m_f->db);
        auto row = runs.findRun(r.runId);
        TRELLIS_VERIFY_OK(row);
        QVERIFY(row->has_value());
        QCOMPARE((*row)->status, QStringLiteral("ok"));
        QCOMPARE((*row)->workflowVersionId, version);
        QCOMPARE((*row)->inputs["text"].get<std::string>(), std::string("the chain"));
        QCOMPARE((*row)->outputs["result"].get<std::string>(),
                 std::string("[ECHO: SAY THE CHAIN]"));
        QVERIFY((*row)->finishedAt.isValid());
        QCOMPARE((*row)->contentHash.size(), 64);

        auto nodes = runs.nodeRuns(r.runId);
        TRELLIS_VERIFY_OK(nodes);
        QCOMPARE(nodes->size(), std::size_t(4));
        QStringList ids;
        for (const auto &n : *nodes) {
            ids << n.nodeId;
            QCOMPARE(n.status, QStringLiteral("ok"));
            QCOMPARE(n.contentHash.size(), 64);
            QVERIFY(!n.reused);
        }
        QCOMPARE(ids, (QStringList{QStringLiteral("in"), QStringLiteral("p"), QStringLiteral("up"),
                                   QStringLiteral("out")}));
        QCOMPARE(nodes->at(1).nodeType, QStringLiteral("prompt"));

        // The pipeline's run row points at the workflow run and node; usage adds up from it.
        auto usage = runs.usageByNode(r.runId);
        TRELLIS_VERIFY_OK(usage);
        QCOMPARE(usage->size(), std::size_t(1));
        QCOMPARE(usage->at(QStringLiteral("p")).calls, qint64(1));
        QCOMPARE(usage->at(QStringLiteral("p")).inputTokens, r.usage.inputTokens);
    }

    void rerunFromANodeReusesStoredOutputs() {
        const qint64 version = store(QStringLiteral("chain"), chainWorkflow());
        const WorkflowResult first = runStored(version);
        QVERIFY2(first.ok, qPrintable(first.error));
        const int calls = m_f->server.chatRequestCount();
        QCOMPARE(calls, 1);

        RunOptions again;
        again.reuseRunId = first.runId;
        again.fromNode = QStringLiteral("up");
        const WorkflowResult second = runStored(version, again);
        QVERIFY2(second.ok, qPrintable(second.error));
        QCOMPARE(m_f->server.chatRequestCount(), calls); // zero calls upstream
        QCOMPARE(store::test::dumped(second.outputs), store::test::dumped(first.outputs));

        store::WorkflowRunRepository runs(*m_f->db);
        auto row = runs.findRun(second.runId);
        QCOMPARE((*row)->reuseRunId, first.runId);
        QCOMPARE((*row)->fromNode, QStringLiteral("up"));
        auto p = runs.lastNodeRun(second.runId, QStringLiteral("p"));
        TRELLIS_VERIFY_OK(p);
        QVERIFY(p->has_value());
        QVERIFY((*p)->reused);
        QCOMPARE((*p)->status, QStringLiteral("ok"));
        auto up = runs.lastNodeRun(second.runId, QStringLiteral("up"));
        QVERIFY(!(*up)->reused);
    }

    void failedNodeIsRecordedWithItsRule() {
        json doc = chainWorkflow();
        doc["nodes"][2]["config"] = {{"op", "jsonpath"}, {"path", "$.missing"}};
        const qint64 version = store(QStringLiteral("broken"), doc);
        const WorkflowResult r = runStored(version);
        QVERIFY(!r.ok);
        store::WorkflowRunRepository runs(*m_f->db);
        QCOMPARE((*runs.findRun(r.runId))->status, QStringLiteral("error"));
        auto up = runs.lastNodeRun(r.runId, QStringLiteral("up"));
        TRELLIS_VERIFY_OK(up);
        QVERIFY(up->has_value());
        QCOMPARE((*up)->status, QStringLiteral("error"));
        QVERIFY(!(*up)->error.isEmpty());
        QVERIFY((*up)->failure.contains("rule"));
    }

    void unstoredGraphIsRefused() {
        WorkflowRunStart start;
        start.workflowName = QStringLiteral("loose");
        auto id = m_recorder->beginRun(start);
        QVERIFY(!id);
        QVERIFY2(id.error().message.contains(QLatin1String("not a stored version")),
                 qPrintable(id.error().message));
        QVERIFY(!m_recorder->loadNodeOutputs(999));
    }

    void subworkflowResolvedFromTheStore() {
        store(QStringLiteral("chain"), chainWorkflow());
        const json caller =
            wfDoc(json::array({wfNode("in", "input", {{"defaults", {{"text", "sub"}}}}, nullptr,
                                      textPorts({"text"})),
                               wfNode("call", "subworkflow", {{"workflow", "chain"}},
                                      textPorts({"text"}), textPorts({"result"})),
                               wfNode("out", "output", json::object(), textPorts({"result"}))}),
                  json::array({wfEdge("e1", "in.text", "call.text"),
                               wfEdge("e2", "call.result", "out.result")}));
        const qint64 version = store(QStringLiteral("caller"), caller);
        const WorkflowResult r = runStored(version);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.outputs["result"].get<std::string>(), std::string("[ECHO: SAY SUB]"));
        auto missing = m_workflows->resolveWorkflow(QStringLiteral("nope"), QString());
        QVERIFY(!missing);
    }
};

QTEST_GUILESS_MAIN(TestStoreRunRecorder)
#include "test_store_run_recorder.moc"
