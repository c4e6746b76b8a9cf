// Workflow version diff: nodes and edges matched by id, changed field paths, text rendering.

#include "diff/workflow_diff.h"

#include <QTest>

using namespace trellis::diff;
using nlohmann::json;

namespace {

json baseDoc() {
    return {{"schemaVersion", 1},
            {"name", "flow"},
            {"nodes",
             {{{"id", "in"}, {"type", "input"}, {"position", {0, 0}}},
              {{"id", "ask"},
               {"type", "prompt"},
               {"title", "Ask"},
               {"config",
                {{"model", "openai:gpt-4o-mini"},
                 {"params", {{"temperature", 0.2}}},
                 {"messages", {{{"role", "user"}, {"content", "line one\nline two\n"}}}}}}},
              {{"id", "out"}, {"type", "output"}}}},
            {"edges",
             {{{"id", "e1"}, {"from", "in.text"}, {"to", "ask.text"}},
              {{"id", "e2"}, {"from", "ask.out"}, {"to", "out.answer"}}}}};
}

json &nodeById(json &doc, const char *id) {
    for (json &node : doc["nodes"]) {
        if (node["id"] == id)
            return node;
    }
    qFatal("no node %s", id);
}

const FieldChange *findField(const std::vector<FieldChange> &fields, const QString &path) {
    for (const FieldChange &f : fields) {
        if (f.field == path)
            return &f;
    }
    return nullptr;
}

} // namespace

class TestWorkflowDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void identicalIsEmpty() {
        const WorkflowDiff diff = diffWorkflows(baseDoc(), baseDoc());
        QVERIFY(diff.isEmpty());
        QCOMPARE(renderWorkflowDiff(diff), QString());
    }

    void orderOfNodesAndEdgesDoesNotMatter() {
        json shuffled = baseDoc();
        std::swap(shuffled["nodes"][0], shuffled["nodes"][2]);
        std::swap(shuffled["edges"][0], shuffled["edges"][1]);
        QVERIFY(diffWorkflows(baseDoc(), shuffled).isEmpty());
    }

    void addedRemovedAndChangedNodes() {
        json next = baseDoc();
        nodeById(next, "ask")["config"]["model"] = "openai:gpt-4o";
        nodeById(next, "ask")["config"]["params"]["top_p"] = 0.9;
        nodeById(next, "ask")["title"] = "Ask better";
        nodeById(next, "in")["position"] = {10, 20};
        next["nodes"].erase(2); // "out"
        next["nodes"].push_back({{"id", "check"}, {"type", "validate"}});

        const WorkflowDiff diff = diffWorkflows(baseDoc(), next);
        QCOMPARE(diff.nodes.size(), std::size_t(4)); // sorted by id: ask, check, in, out
        QCOMPARE(diff.nodes[0].id, QStringLiteral("ask"));
        QCOMPARE(diff.nodes[0].kind, ChangeKind::Changed);
        QCOMPARE(diff.nodes[0].summary, QStringLiteral("prompt"));
        QStringList paths;
        for (const FieldChange &f : diff.nodes[0].fields)
            paths << f.field;
        QCOMPARE(paths,
                 (QStringList{QStringLiteral("config.model"), QStringLiteral("config.params.top_p"),
                              QStringLiteral("title")}));
        QCOMPARE(findField(diff.nodes[0].fields, QStringLiteral("config.params.top_p"))->kind,
                 ChangeKind::Added);
        QCOMPARE(diff.nodes[1].id, QStringLiteral("check"));
        QCOMPARE(diff.nodes[1].kind, ChangeKind::Added);
        QCOMPARE(diff.nodes[1].summary, QStringLiteral("validate"));
        QCOMPARE(diff.nodes[2].id, QStringLiteral("in"));
        QCOMPARE(diff.nodes[2].fields.size(), std::size_t(2)); // position[0], position[1]
        QCOMPARE(diff.nodes[2].fields[0].field, QStringLiteral("position[0]"));
        QCOMPARE(diff.nodes[3].id, QStringLiteral("out"));
        QCOMPARE(diff.nodes[3].kind, ChangeKind::Removed);
        QCOMPARE(diff.nodes[3].summary, QStringLiteral("output"));
        QVERIFY(diff.edges.empty());
        QVERIFY(diff.fields.empty());
    }

    void edgesByIdWithEndpoints() {
        json next = baseDoc();
        next["edges"][1]["to"] = "out.result";
        next["edges"].push_back({{"id", "e3"}, {"from", "in.text"}, {"to", "out.echo"}});
        next["edges"].erase(0);
        const WorkflowDiff diff = diffWorkflows(baseDoc(), next);
        QCOMPARE(diff.edges.size(), std::size_t(3));
        QCOMPARE(diff.edges[0].id, QStringLiteral("e1"));
        QCOMPARE(diff.edges[0].kind, ChangeKind::Removed);
        QCOMPARE(diff.edges[0].summary, QStringLiteral("in.text -> ask.text"));
        QCOMPARE(diff.edges[1].id, QStringLiteral("e2"));
        QCOMPARE(diff.edges[1].fields.size(), std::size_t(1));
        QCOMPARE(diff.edges[1].fields[0].field, QStringLiteral("to"));
        QCOMPARE(diff.edges[2].kind, ChangeKind::Added);
    }

    void multiLineTextGetsALineDiff() {
        json next = baseDoc();
        nodeById(next, "ask")["config"]["messages"][0]["content"] = "line one\nline 2\n";
        const WorkflowDiff diff = diffWorkflows(baseDoc(), next);
        QCOMPARE(diff.nodes.size(), std::size_t(1));
        const FieldChange &f = diff.nodes[0].fields.at(0);
        QCOMPARE(f.field, QStringLiteral("config.messages[0].content"));
        QVERIFY(f.text.has_value());
        const QString text = renderWorkflowDiff(diff);
        QVERIFY2(text.contains(QLatin1String("      @@ -1,2 +1,2 @@\n       line one\n")),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("[-two-]{+2+}")), qPrintable(text));
    }

    void arraysOfOtherLengthChangeWhole() {
        json next = baseDoc();
        nodeById(next, "ask")["config"]["messages"].push_back({{"role", "user"}, {"content", "x"}});
        const WorkflowDiff diff = diffWorkflows(baseDoc(), next);
        QCOMPARE(diff.nodes.at(0).fields.size(), std::size_t(1));
        QCOMPARE(diff.nodes[0].fields[0].field, QStringLiteral("config.messages"));
    }

    void documentFields() {
        json next = baseDoc();
        next["name"] = "flow2";
        next["description"] = "new";
        const WorkflowDiff diff = diffWorkflows(baseDoc(), next);
        QCOMPARE(diff.fields.size(), std::size_t(2));
        QCOMPARE(diff.fields[0].field, QStringLiteral("description"));
        QCOMPARE(diff.fields[0].kind, ChangeKind::Added);
        QCOMPARE(diff.fields[1].field, QStringLiteral("name"));
    }

    void rendering() {
        json next = baseDoc();
        nodeById(next, "ask")["config"]["model"] = "openai:gpt-4o";
        next["nodes"].push_back({{"id", "check"}, {"type", "validate"}});
        next["edges"][1]["to"] = "out.result";
        UnifiedOptions options;
        options.oldLabel = QStringLiteral("flow@1");
        options.newLabel = QStringLiteral("flow@2");
        const QString text = renderWorkflowDiff(diffWorkflows(baseDoc(), next), options);
        const QString expected =
            QStringLiteral("--- flow@1\n+++ flow@2\n"
                           "nodes:\n"
                           "  ~ ask (prompt)\n"
                           "      config.model: \"openai:gpt-4o-mini\" -> \"openai:gpt-4o\"\n"
                           "  + check (validate)\n"
                           "edges:\n"
                           "  ~ e2 (ask.out -> out.result)\n"
                           "      to: \"out.answer\" -> \"out.result\"\n");
        QCOMPARE(text, expected);
    }

    void malformedDocumentsDoNotCrash_data() {
        QTest::addColumn<QString>("a");
        QTest::addColumn<QString>("b");
        QTest::newRow("not objects") << QStringLiteral("[]") << QStringLiteral("3");
        QTest::newRow("nodes not array")
            << QStringLiteral("{\"nodes\": 1}") << QStringLiteral("{\"nodes\": {}}");
        QTest::newRow("items without ids")
            << QStringLiteral("{\"nodes\": [1, {\"id\": 2}, {\"id\": \"a\"}, {\"id\": \"a\"}]}")
            << QStringLiteral("{\"nodes\": [null]}");
    }

    void malformedDocumentsDoNotCrash() {
        QFETCH(QString, a);
        QFETCH(QString, b);
        const WorkflowDiff diff =
            diffWorkflows(json::parse(a.toStdString()), json::parse(b.toStdString()));
        (void)renderWorkflowDiff(diff);
    }
};

QTEST_GUILESS_MAIN(TestWorkflowDiff)
#include "test_workflow_diff.moc"
