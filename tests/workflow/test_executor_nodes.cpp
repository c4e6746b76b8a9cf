// Validate policies (error, fallback, repair retry), map with bounded parallelism, memory
// summarization and subworkflows, against the fake LLM server.
#include "workflow/resolvers.h"
#include "workflow_fixture.h"

#include <QTest>

using namespace trellis;
using namespace trellis::workflow;
using namespace trellis::test;
using trellis::testing::FakeReply;
using json = nlohmann::json;

namespace {

const json kPersonSchema = {{"type", "object"},
                            {"required", json::array({"name"})},
                            {"properties", {{"name", {{"type", "string"}}}}}};

// in.text -> extract (json prompt) -> check (validate) -> out.person / out.bad / out.errors
json extractAndCheck(const json &checkConfig) {
    json promptConfig = inlinePrompt("extract {{ text }}");
    promptConfig["output"] = "json";
    return wfDoc(
        json::array(
            {wfNode("in", "input", {{"defaults", {{"text", "Ada"}}}}, nullptr, textPorts({"text"})),
             wfNode("extract", "prompt", promptConfig, textPorts({"text"})),
             wfNode("check", "validate", checkConfig),
             wfNode("out", "output", json::object(),
                    json::array({json{{"name", "person"}}, json{{"name", "bad"}},
                                 json{{"name", "errors"}}}))}),
        json::array(
            {wfEdge("e1", "in.text", "extract.text"), wfEdge("e2", "extract.out", "check.in"),
             wfEdge("e3", "check.out", "out.person"), wfEdge("e4", "check.fallback", "out.bad"),
             wfEdge("e5", "check.errors", "out.errors")}));
}

class MapResolver : public WorkflowResolver {
public:
    Result<ResolvedWorkflow> resolveWorkflow(const QString &name, const QString &ref) override {
        asked << name + u'@' + ref;
        if (name != QStringLiteral("shout"))
            return Error(QStringLiteral("no workflow '%1'").arg(name));
        json doc = wfDoc(
            json::array(
                {wfNode("in", "input", json::object(), nullptr, textPorts({"word"})),
                 wfNode("up", "transform", {{"op", "template"}, {"template", "{{ in | upper }}"}}),
                 wfNode("out", "output", json::object(), textPorts({"loud"}))}),
            json::array({wfEdge("e1", "in.word", "up.in"), wfEdge("e2", "up.out", "out.loud")}));
        return ResolvedWorkflow{fromJson(doc).value(), 7};
    }
    QStringList asked;
};

} // namespace

class TestExecutorNodes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validatePasses() {
        WorkflowFixture f;
        f.server.enqueue(FakeReply::ok(QStringLiteral("{\"name\": \"Ada\"}")));
        const WorkflowResult r = f.run(extractAndCheck({{"schema", kPersonSchema}}));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.outputs["person"] == json({{"name", "Ada"}}));
        QVERIFY(!r.outputs.contains("bad"));
    }

    void validateErrorNamesRuleInputAttempt() {
        WorkflowFixture f;
        f.server.enqueue(FakeReply::ok(QStringLiteral("{\"name\": 3}")));
        const WorkflowResult r =
            f.run(extractAndCheck({{"schema", kPersonSchema}, {"onFailure", "error"}}));
        QVERIFY(!r.ok);
        QCOMPARE(r.failedNode, QStringLiteral("check"));
        QVERIFY2(r.error.contains(QStringLiteral("(input 'in', attempt 1, rule 'schema')")),
                 qPrintable(r.error));
        QVERIFY2(r.error.contains(QStringLiteral("/name")), qPrintable(r.error));
    }

    void validateRulesFallback() {
        WorkflowFixture f;
        f.server.enqueue(FakeReply::ok(QStringLiteral("{\"name\": \"as an AI model\"}")));
        json rules = json::array(
            {json{{"notContains", "as an AI"}}, json{{"maxWords", 2}}, json{{"contains", "name"}}});
        const WorkflowResult r =
            f.run(extractAndCheck({{"rules", rules}, {"onFailure", "fallback"}}));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(!r.outputs.contains("person"));
        QCOMPARE(r.outputs["bad"]["name"].get<std::string>(), std::string("as an AI model"));
        QCOMPARE(r.outputs["errors"].size(), std::size_t(2));
        QVERIFY(r.outputs["errors"][0].get<std::string>().find("must not contain")
                != std::string::npos);
    }

    void repairRetrySucceedsOnTheSecondAttempt() {
        WorkflowFixture f;
        f.server.enqueue(FakeReply::ok(QStringLiteral("{\"nom\": \"Ada\"}")));
        f.server.enqueue(FakeReply::ok(QStringLiteral("{\"name\": \"Ada\"}")));
        const WorkflowResult r = f.run(extractAndCheck(
            {{"schema", kPersonSchema}, {"onFailure", "retry"}, {"maxAttempts", 3}}));
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.outputs["person"] == json({{"name", "Ada"}}));
        QCOMPARE(f.server.chatRequestCount(), 2);
        // The second request carries the first answer and the errors quoted.
        const json second = f.server.requests().at(1).json();
        const json &messages = second["messages"];
        QCOMPARE(messages.size(), std::size_t(3));
        QCOMPARE(messages[1]["role"].get<std::string>(), std::string("assistant"));
        QCOMPARE(messages[1]["content"].get<std::string>(), std::string("{\"nom\":\"Ada\"}"));
        const QString repair = QString::fromStdString(messages[2]["content"].get<std::string>());
        QVERIFY2(repair.contains(QStringLiteral("must have required property 'name'")),
                 qPrintable(repair));
        // Both attempts of the prompt node are recorded, the second as attempt 2.
        const auto &nodes = f.recorder.runs().begin()->second.nodes;
        int extractRecords = 0;
        for (const NodeResult &n : nodes)
            if (n.nodeId == QStringLiteral("extract"))
                QCOMPARE(n.attempt, ++extractRecords);
        QCOMPARE(extractRecords, 2);
        QCOMPARE(r.usage.calls, 2);
    }

    void repairRetryGivesUpAfterMaxAttempts() {
        WorkflowFixture f;
        f.server.setDefaultReply(FakeReply::ok(QStringLiteral("{\"nom\": 1}")));
        const WorkflowResult r = f.run(extractAndCheck(
            {{"schema", kPersonSchema}, {"onFailure", "retry"}, {"maxAttempts", 2}}));
        QVERIFY(!r.ok);
        QCOMPARE(f.server.chatRequestCount(), 2);
        QVERIFY2(r.error.contains(
                     QStringLiteral("node 'check' failed (input 'in', attempt 2, rule 'schema')")),
                 qPrintable(r.error));
    }

    void mapRunsBoundedAndCollectsInOrder() {
        WorkflowFixture f;
        f.server.setLatencyMs(150);
        json sub =
            wfDoc(json::array(
                      {wfNode("in", "input", json::object(), nullptr, textPorts({"item"})),
                       wfNode("p", "prompt", inlinePrompt("item {{ item }}"), textPorts({"item"})),
                       wfNode("out", "output", json::object(), textPorts({"r"}))}),
                  json::array({wfEdge("e1", "in.item", "p.item"), wfEdge("e2", "p.out", "out.r")}));
        json doc = wfDoc(
            json::array(
                {wfNode("in", "input", json::object(), nullptr,
                        json::array({json{{"name", "xs"}, {"type", "list"}}})),
                 wfNode("m", "map", {{"graph", sub}, {"maxParallel", 2}}),
                 wfNode("out", "output", json::object(), json::array({json{{"name", "all"}}}))}),
            json::array({wfEdge("e1", "in.xs", "m.items"), wfEdge("e2", "m.out", "out.all")}));
        int inFlight = 0;
        int maxInFlight = 0;
        f.onEvent = [&](Executor *, const NodeEvent &) {
        };
        RunOptions o;
        o.inputs = {{"xs", json::array({"a", "b", "c", "d", "e"})}};
        // Children's events are not forwarded; count the server's concurrency instead.
        QObject::connect(&f.server, &testing::FakeLlmServer::requestReceived, &f.server, [&](int) {
            inFlight = f.server.requestsInFlight();
            maxInFlight = std::max(maxInFlight, inFlight);
        });
        const WorkflowResult r = f.run(doc, o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.outputs["all"]
                == json::array({"echo: item a", "echo: item b", "echo: item c", "echo: item d",
                                "echo: item e"}));
        QCOMPARE(f.server.chatRequestCount(), 5);
        QCOMPARE(r.usage.calls, 5);
        QVERIFY2(maxInFlight <= 2, qPrintable(QString::number(maxInFlight)));
        QCOMPARE(maxInFlight, 2); // and it did run two at once
        const auto rows = f.runs();
        QCOMPARE(rows.size(), std::size_t(5));
        QVERIFY(rows[0].workflowNodeId.startsWith(QStringLiteral("m[")));
        QVERIFY(rows[0].workflowNodeId.endsWith(QStringLiteral("]/p")));
    }

    void mapAndSubworkflowByName() {
        WorkflowFixture f;
        MapResolver resolver;
        f.workflows = &resolver;
        json doc = wfDoc(
            json::array(
                {wfNode(
                     "in", "input", json::object(), nullptr,
                     json::array({json{{"name", "xs"}, {"type", "list"}}, json{{"name", "word"}}})),
                 wfNode("m", "map", {{"workflow", "shout"}, {"itemInput", "word"}}),
                 wfNode("s", "subworkflow", {{"workflow", "shout"}, {"version", "production"}},
                        textPorts({"word"}), textPorts({"loud"})),
                 wfNode("out", "output", json::object(),
                        json::array({json{{"name", "all"}}, json{{"name", "one"}}}))}),
            json::array({wfEdge("e1", "in.xs", "m.items"), wfEdge("e2", "m.out", "out.all"),
                         wfEdge("e3", "in.word", "s.word"), wfEdge("e4", "s.loud", "out.one")}));
        RunOptions o;
        o.inputs = {{"xs", json::array({"a", "b"})}, {"word", "hey"}};
        const WorkflowResult r = f.run(doc, o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.outputs["all"] == json::array({"A", "B"}));
        QCOMPARE(r.outputs["one"].get<std::string>(), std::string("HEY"));
        QVERIFY(resolver.asked.contains(QStringLiteral("shout@production")));

        doc["nodes"][2]["config"]["workflow"] = "missing";
        const WorkflowResult bad = f.run(doc, o);
        QVERIFY(!bad.ok);
        QVERIFY2(bad.error.contains(QStringLiteral("no workflow 'missing'")),
                 qPrintable(bad.error));
    }

    void memorySummarizesOverBudget() {
        WorkflowFixture f;
        json history = json::array();
        for (int i = 0; i < 6; ++i)
            history.push_back(
                json{{"role", i % 2 ? "assistant" : "user"},
                     {"content", "turn " + std::to_string(i) + " with some words in it"}});
        json doc = wfDoc(
            json::array(
                {wfNode("in", "input", json::object(), nullptr,
                        json::array({json{{"name", "history"}, {"type", "list"}},
                                     json{{"name", "message"}}})),
                 wfNode("mem", "memory",
                        {{"keepTurns", 2},
                         {"tokenBudget", 20},
                         {"summaryModel", "openai:gpt-4o-mini"}}),
                 wfNode("out", "output", json::object(),
                        json::array({json{{"name", "messages"}}, json{{"name", "summary"}}}))}),
            json::array({wfEdge("e1", "in.history", "mem.history"),
                         wfEdge("e2", "in.message", "mem.message"),
                         wfEdge("e3", "mem.messages", "out.messages"),
                         wfEdge("e4", "mem.summary", "out.summary")}));
        f.server.enqueue(FakeReply::ok(QStringLiteral("They talked about turns 0 to 4.")));
        RunOptions o;
        o.inputs = {{"history", history}, {"message", "and now?"}};
        const WorkflowResult r = f.run(doc, o);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(f.server.chatRequestCount(), 1);
        const json &messages = r.outputs["messages"];
        QCOMPARE(messages.size(), std::size_t(3));
        QCOMPARE(messages[0]["role"].get<std::string>(), std::string("system"));
        QVERIFY(messages[0]["content"].get<std::string>().find("turns 0 to 4")
                != std::string::npos);
        QCOMPARE(messages[1]["content"].get<std::string>(),
                 std::string("turn 5 with some words in it"));
        QCOMPARE(messages[2]["content"].get<std::string>(), std::string("and now?"));
        QCOMPARE(r.outputs["summary"].get<std::string>(),
                 std::string("They talked about turns 0 to 4."));
        // The summary request quoted the older turns only.
        const QString asked = f.chatUserMessages().at(0);
        QVERIFY(asked.contains(QStringLiteral("turn 4 with")));
        QVERIFY(!asked.contains(QStringLiteral("turn 5")));

        // Under budget: verbatim, no call.
        o.inputs = {{"history", json::array({history[0]})}, {"message", "hi"}};
        const WorkflowResult small = f.run(doc, o);
        QVERIFY2(small.ok, qPrintable(small.error));
        QCOMPARE(f.server.chatRequestCount(), 1);
        QCOMPARE(small.outputs["messages"].size(), std::size_t(2));
    }
};

QTEST_GUILESS_MAIN(TestExecutorNodes)
#include "test_executor_nodes.moc"
