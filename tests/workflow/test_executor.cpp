// The executor against the fake LLM server: readiness order, events, recording, transforms,
// branches and routing, parallel branches, re-runs that reuse upstream outputs, cancellation.
#include "store/run_repository.h"
#include "workflow_fixture.h"

#include <QTest>
#include <QTimer>

using namespace trellis;
using namespace trellis::workflow;
using namespace trellis::test;
using trellis::testing::FakeReply;
using json = nlohmann::json;

class TestExecutor : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsAChainAndRecordsIt() {
        WorkflowFixture f;
        RunOptions o;
        o.inputs = {{"text", "the chain"}};
        const WorkflowResult r = f.run(chainWorkflow(), o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.outputs["result"].get<std::string>(), std::string("[ECHO: SAY THE CHAIN]"));
        QCOMPARE(f.eventLog(QStringLiteral("p")),
                 (QStringList{QStringLiteral("queued"), QStringLiteral("running"),
                              QStringLiteral("partial"), QStringLiteral("finished")}));
        QCOMPARE(r.usage.calls, 1);
        QVERIFY(r.usage.inputTokens > 0 && r.usage.outputTokens > 0);
        QCOMPARE(r.usage.llmRunIds.size(), std::size_t(1));

        QCOMPARE(f.recorder.runs().size(), std::size_t(1));
        const auto &run = f.recorder.runs().begin()->second;
        QCOMPARE(run.start.inputs["text"].get<std::string>(), std::string("the chain"));
        QCOMPARE(run.nodes.size(), std::size_t(4));
        QVERIFY(run.result && run.result->ok);
        for (const NodeResult &n : run.nodes) {
            QCOMPARE(n.status, NodeStatus::Finished);
            QCOMPARE(n.contentHash.size(), 64);
        }
        // The pipeline's run row is linked to the workflow run and node.
        const auto rows = f.runs();
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0].workflowRunId, run.result->runId);
        QCOMPARE(rows[0].workflowNodeId, QStringLiteral("p"));
    }

    void missingInputIsNamed() {
        WorkflowFixture f;
        json doc = chainWorkflow();
        doc["nodes"][0]["config"] = json::object();
        const WorkflowResult r = f.run(doc);
        QVERIFY(!r.ok);
        QCOMPARE(r.failedNode, QStringLiteral("in"));
        QVERIFY2(r.error.contains(QStringLiteral("input 'text'")), qPrintable(r.error));
        QCOMPARE(f.server.chatRequestCount(), 0);
        RunOptions o;
        o.inputs = {{"nope", 1}};
        QVERIFY(f.run(chainWorkflow(), o).error.contains(QStringLiteral("no input 'nope'")));
    }

    void cycleIsRejectedNamingTheNodes() {
        WorkflowFixture f;
        json doc =
            wfDoc(json::array({wfNode("a", "transform", {{"op", "join"}}),
                               wfNode("b", "transform", {{"op", "join"}})}),
                  json::array({wfEdge("e1", "a.out", "b.in"), wfEdge("e2", "b.out", "a.in")}));
        const WorkflowResult r = f.run(doc);
        QVERIFY(!r.ok);
        QVERIFY2(r.error.contains(QStringLiteral("a -> b -> a")), qPrintable(r.error));
    }

    void transforms_data() {
        QTest::addColumn<QByteArray>("config");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("jsonpath") << QByteArray("{\"op\": \"jsonpath\", \"path\": \"$.a.b[1]\"}")
                                  << QByteArray("\"{\\\"a\\\": {\\\"b\\\": [1, 2]}}\"")
                                  << QByteArray("2");
        QTest::newRow("pointer") << QByteArray("{\"op\": \"jsonpath\", \"path\": \"/a/b/0\"}")
                                 << QByteArray("{\"a\": {\"b\": [\"x\"]}}") << QByteArray("\"x\"");
        QTest::newRow("regex") << QByteArray("{\"op\": \"regex\", \"pattern\": \"id=(\\\\d+)\"}")
                               << QByteArray("\"see id=42 and id=7\"") << QByteArray("\"42\"");
        QTest::newRow("regex all")
            << QByteArray("{\"op\": \"regex\", \"pattern\": \"id=(\\\\d+)\", \"all\": true}")
            << QByteArray("\"see id=42 and id=7\"") << QByteArray("[\"42\",\"7\"]");
        QTest::newRow("split") << QByteArray("{\"op\": \"split\", \"separator\": \",\"}")
                               << QByteArray("\"a, b,,c\"") << QByteArray("[\"a\",\"b\",\"c\"]");
        QTest::newRow("join") << QByteArray("{\"op\": \"join\", \"separator\": \"+\"}")
                              << QByteArray("[\"a\", 1]") << QByteArray("\"a+1\"");
        QTest::newRow("parseJson")
            << QByteArray("{\"op\": \"parseJson\"}")
            << QByteArray("\"```json\\n{\\\"k\\\": true}\\n```\"") << QByteArray("{\"k\":true}");
        QTest::newRow("template") << QByteArray(
            "{\"op\": \"template\", \"template\": \"{{ in | length }}\"}")
                                  << QByteArray("[1, 2, 3]") << QByteArray("\"3\"");
    }

    void transforms() {
        QFETCH(QByteArray, config);
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        WorkflowFixture f;
        json doc =
            wfDoc(json::array({wfNode("in", "input", json::object(), nullptr,
                                      json::array({json{{"name", "v"}, {"type", "json"}}})),
                               wfNode("t", "transform", json::parse(config.toStdString())),
                               wfNode("out", "output", json::object(),
                                      json::array({json{{"name", "v"}}}))}),
                  json::array({wfEdge("e1", "in.v", "t.in"), wfEdge("e2", "t.out", "out.v")}));
        RunOptions o;
        o.inputs = {{"v", json::parse(input.toStdString())}};
        const WorkflowResult r = f.run(doc, o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(QByteArray::fromStdString(r.outputs["v"].dump()), expected);
    }

    void transformFailureNamesInputAndRule() {
        WorkflowFixture f;
        json doc = chainWorkflow();
        doc["nodes"][2]["config"] = {{"op", "regex"}, {"pattern", "\\d{5}"}};
        const WorkflowResult r = f.run(doc);
        QVERIFY(!r.ok);
        QCOMPARE(r.failedNode, QStringLiteral("up"));
        QVERIFY2(r.error.contains(QStringLiteral("input 'in', attempt 1, rule 'regex'")),
                 qPrintable(r.error));
    }

    void conditionSkipsTheOtherBranch() {
        WorkflowFixture f;
        json doc = wfDoc(
            json::array(
                {wfNode("in", "input", json::object(), nullptr, textPorts({"text"})),
                 wfNode("long", "condition", {{"expression", "value | length > 10"}}),
                 wfNode("big", "prompt", inlinePrompt("long: {{ t }}"), textPorts({"t"})),
                 wfNode("small", "transform",
                        {{"op", "template"}, {"template", "short: {{ in }}"}}),
                 wfNode("after", "transform", {{"op", "template"}, {"template", "{{ in }}!"}}),
                 wfNode("out", "output", json::object(), textPorts({"result"}))}),
            json::array({wfEdge("e1", "in.text", "long.value"), wfEdge("e2", "long.then", "big.t"),
                         wfEdge("e3", "long.else", "small.in"), wfEdge("e4", "big.out", "after.in"),
                         wfEdge("e5", "after.out", "out.result"),
                         wfEdge("e6", "small.out", "out.result")}));
        RunOptions o;
        o.inputs = {{"text", "tiny"}};
        const WorkflowResult r = f.run(doc, o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.outputs["result"].get<std::string>(), std::string("short: tiny"));
        QCOMPARE(f.eventLog(QStringLiteral("big")), QStringList{QStringLiteral("skipped")});
        QCOMPARE(f.eventLog(QStringLiteral("after")), QStringList{QStringLiteral("skipped")});
        QCOMPARE(f.server.chatRequestCount(), 0);

        o.inputs = {{"text", "a much longer text"}};
        const WorkflowResult r2 = f.run(doc, o);
        QVERIFY2(r2.ok, qPrintable(r2.error));
        QCOMPARE(r2.outputs["result"].get<std::string>(),
                 std::string("echo: long: a much longer text!"));
        QCOMPARE(f.eventLog(QStringLiteral("small")), QStringList{QStringLiteral("skipped")});
    }

    void routerPicksTheModelByTaskClass() {
        WorkflowFixture f;
        json routes = json::array({json{{"name", "short"},
                                        {"when", "value | length < 20"},
                                        {"model", "openai:gpt-4o-mini"},
                                        {"taskClass", "short"}}});
        json doc = wfDoc(
            json::array(
                {wfNode("in", "input", json::object(), nullptr, textPorts({"text"})),
                 wfNode("route", "router",
                        {{"routes", routes}, {"model", "openai:gpt-4o"}, {"taskClass", "long"}}),
                 wfNode("p", "prompt", inlinePrompt("{{ text }}"),
                        textPorts({"text", "model", "taskClass"})),
                 wfNode("out", "output", json::object(), textPorts({"answer", "class"}))}),
            json::array({wfEdge("e1", "in.text", "route.value"), wfEdge("e2", "in.text", "p.text"),
                         wfEdge("e3", "route.model", "p.model"),
                         wfEdge("e4", "route.taskClass", "out.class"),
                         wfEdge("e5", "p.out", "out.answer"),
                         wfEdge("e6", "route.taskClass", "p.taskClass")}));
        RunOptions o;
        o.inputs = {{"text", "brief"}};
        QVERIFY(f.run(doc, o).ok);
        o.inputs = {{"text", "a question that is long enough to count as long"}};
        const WorkflowResult r = f.run(doc, o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.outputs["class"].get<std::string>(), std::string("long"));
        const auto requests = f.server.requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests[0].json()["model"].get<std::string>(), std::string("gpt-4o-mini"));
        QCOMPARE(requests[1].json()["model"].get<std::string>(), std::string("gpt-4o"));
    }

    void independentBranchesOverlap() {
        WorkflowFixture f;
        const int latency = 1500;
        f.server.setLatencyMs(latency);
        json doc = wfDoc(
            json::array({wfNode("in", "input", {{"defaults", {{"text", "x"}}}}, nullptr,
                                textPorts({"text"})),
                         wfNode("a", "prompt", inlinePrompt("A {{ text }}"), textPorts({"text"})),
                         wfNode("b", "prompt", inlinePrompt("B {{ text }}"), textPorts({"text"})),
                         wfNode("out", "output", json::object(), textPorts({"a", "b"}))}),
            json::array({wfEdge("e1", "in.text", "a.text"), wfEdge("e2", "in.text", "b.text"),
                         wfEdge("e3", "a.out", "out.a"), wfEdge("e4", "b.out", "out.b")}));
        const WorkflowResult r = f.run(doc);
        QVERIFY2(r.ok, qPrintable(r.error));
        const auto requests = f.server.requests();
        QCOMPARE(requests.size(), 2);
        // Both requests reached the server before the first one could have been answered.
        QVERIFY(std::abs(requests[1].receivedMs - requests[0].receivedMs) < latency);
        QCOMPARE(r.outputs["a"].get<std::string>(), std::string("echo: A x"));
        QCOMPARE(r.outputs["b"].get<std::string>(), std::string("echo: B x"));
    }

    void rerunFromANodeReusesUpstream() {
        WorkflowFixture f;
        // in -> p1 -> p2 -> out, and p1 -> out too.
        json doc = wfDoc(
            json::array(
                {wfNode("in", "input", {{"defaults", {{"text", "x"}}}}, nullptr,
                        textPorts({"text"})),
                 wfNode("p1", "prompt", inlinePrompt("first {{ text }}"), textPorts({"text"})),
                 wfNode("p2", "prompt", inlinePrompt("second {{ text }}"), textPorts({"text"})),
                 wfNode("out", "output", json::object(), textPorts({"one", "two"}))}),
            json::array({wfEdge("e1", "in.text", "p1.text"), wfEdge("e2", "p1.out", "p2.text"),
                         wfEdge("e3", "p1.out", "out.one"), wfEdge("e4", "p2.out", "out.two")}));
        const WorkflowResult first = f.run(doc);
        QVERIFY2(first.ok, qPrintable(first.error));
        QCOMPARE(f.server.chatRequestCount(), 2);
        f.server.clearRequests();
        f.server.enqueue(FakeReply::ok(QStringLiteral("a fresh second answer")));

        RunOptions o;
        o.fromNode = QStringLiteral("p2");
        o.reuseRunId = first.runId;
        const WorkflowResult again = f.run(doc, o);
        QVERIFY2(again.ok, qPrintable(again.error));
        QCOMPARE(f.server.chatRequestCount(), 1); // zero calls upstream of p2
        QCOMPARE(f.chatUserMessages().at(0), QStringLiteral("second echo: first x"));
        QCOMPARE(f.eventLog(QStringLiteral("p1")), QStringList{QStringLiteral("cached")});
        QCOMPARE(f.eventLog(QStringLiteral("in")), QStringList{QStringLiteral("cached")});
        QVERIFY(again.outputs["one"] == first.outputs["one"]);
        QCOMPARE(again.outputs["two"].get<std::string>(), std::string("a fresh second answer"));
        QCOMPARE(f.recorder.runs().at(again.runId).start.reuseRunId, first.runId);

        // A changed input changes the hash: the upstream node runs again.
        o.inputs = {{"text", "y"}};
        QVERIFY(f.run(doc, o).ok);
        QCOMPARE(f.server.chatRequestCount(), 3);
    }

    void cancelStopsRunningNodes() {
        WorkflowFixture f;
        f.server.setDefaultReply(FakeReply::withFault(testing::FakeFault::NeverAnswer));
        f.onEvent = [](Executor *executor, const NodeEvent &e) {
            if (e.nodeId == QStringLiteral("p") && e.kind == NodeEventKind::Running)
                QTimer::singleShot(100, executor, &Executor::cancel);
        };
        const WorkflowResult r = f.run(chainWorkflow(), {}, 10000);
        QVERIFY(!r.ok);
        QVERIFY(r.cancelled);
        QCOMPARE(f.eventLog(QStringLiteral("p")).last(), QStringLiteral("failed"));
        QVERIFY(f.eventLog(QStringLiteral("up")).isEmpty());
        const auto &run = f.recorder.runs().begin()->second;
        QVERIFY(run.result && run.result->cancelled);
        QCOMPARE(run.nodes.back().status, NodeStatus::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestExecutor)
#include "test_executor.moc"
