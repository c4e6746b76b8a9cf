// The workflow document: canonical round trips, content hash, and errors that name the place.
#include "workflow/workflow_json.h"

#include <QTest>

using namespace trellis;
using namespace trellis::workflow;

namespace {

QByteArray doc(const QByteArray &nodes, const QByteArray &edges) {
    return QByteArray("{\"schemaVersion\": 1, \"name\": \"t\",\n\"nodes\": [") + nodes
           + "],\n\"edges\": [" + edges + "]}";
}

const char *kChainNodes =
    "{\"id\": \"in\", \"type\": \"input\", \"outputs\": [{\"name\": \"text\", \"type\": "
    "\"text\"}]},\n"
    "{\"id\": \"up\", \"type\": \"transform\", \"config\": {\"op\": \"template\", "
    "\"template\": \"{{ in | upper }}\"}},\n"
    "{\"id\": \"out\", \"type\": \"output\", \"inputs\": [{\"name\": \"result\"}]}";
const char *kChainEdges = "{\"id\": \"e2\", \"from\": \"up.out\", \"to\": \"out.result\"},\n"
                          "{\"id\": \"e1\", \"from\": \"in.text\", \"to\": \"up.in\"}";

// QVERIFY2 evaluates its message even when the check passes.
template <typename T>
QByteArray why(const Result<T> &r) {
    return r.ok() ? QByteArray() : r.error().toString().toUtf8();
}

} // namespace

class TestWorkflowJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsAndFillsDefaultPorts() {
        auto g = readWorkflow(doc(kChainNodes, kChainEdges));
        QVERIFY2(g.ok(), why(g).constData());
        QCOMPARE(g->nodes.size(), std::size_t(3));
        const Node *up = g->node(QStringLiteral("up"));
        QVERIFY(up);
        QCOMPARE(up->type, NodeType::Transform);
        QVERIFY(up->input(QStringLiteral("in")));
        QVERIFY(up->output(QStringLiteral("out")));
        QCOMPARE(g->edges.size(), std::size_t(2));
        QCOMPARE(g->edge(QStringLiteral("e1"))->from.port, QStringLiteral("text"));
    }

    void canonicalOutputIsStable() {
        auto g = readWorkflow(doc(kChainNodes, kChainEdges));
        QVERIFY(g.ok());
        const QByteArray once = writeWorkflow(*g);
        auto again = readWorkflow(once);
        QVERIFY2(again.ok(), why(again).constData());
        QCOMPARE(writeWorkflow(*again), once);
        QCOMPARE(contentHash(*again), contentHash(*g)); // same content, sorted
        // Sorted by id: e1 before e2, in < out < up.
        QVERIFY(once.indexOf("\"e1\"") < once.indexOf("\"e2\""));
        QVERIFY(once.indexOf("\"id\": \"in\"") < once.indexOf("\"id\": \"out\""));
        QVERIFY(once.indexOf("\"id\": \"out\"") < once.indexOf("\"id\": \"up\""));
        QVERIFY(once.startsWith("{\n  \"schemaVersion\": 1,"));
    }

    void hashIgnoresLayoutButNotConfig() {
        auto g = readWorkflow(doc(kChainNodes, kChainEdges)).value();
        const QString h = contentHash(g);
        QCOMPARE(h.size(), 64);
        WorkflowGraph moved = g;
        moved.node(QStringLiteral("up"))->x = 120;
        QCOMPARE(contentHash(moved), h);
        WorkflowGraph changed = g;
        changed.node(QStringLiteral("up"))->config["template"] = "{{ in }}";
        QVERIFY(contentHash(changed) != h);
        std::reverse(moved.nodes.begin(), moved.nodes.end());
        QCOMPARE(contentHash(moved), h);
    }

    void cycleNamesTheNodes() {
        const char *nodes =
            "{\"id\": \"a\", \"type\": \"transform\", \"config\": {\"op\": \"join\"}},\n"
            "{\"id\": \"b\", \"type\": \"transform\", \"config\": {\"op\": \"join\"}},\n"
            "{\"id\": \"c\", \"type\": \"transform\", \"config\": {\"op\": \"join\"}}";
        const char *edges = "{\"id\": \"e1\", \"from\": \"a.out\", \"to\": \"b.in\"},"
                            "{\"id\": \"e2\", \"from\": \"b.out\", \"to\": \"c.in\"},"
                            "{\"id\": \"e3\", \"from\": \"c.out\", \"to\": \"a.in\"}";
        auto g = readWorkflow(doc(nodes, edges), QStringLiteral("loop.workflow.json"));
        QVERIFY(!g.ok());
        QVERIFY2(g.error().message.contains(QStringLiteral("a -> b -> c -> a")),
                 qPrintable(g.error().message));
        QCOMPARE(g.error().file, QStringLiteral("loop.workflow.json"));
        QVERIFY(g.error().line > 0);
    }

    void errorsNameThePlace_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("line");
        QTest::newRow("unknown op")
            << doc("\n{\"id\": \"x\", \"type\": \"transform\", \"config\": {\"op\": \"zip\"}}", "")
            << QStringLiteral("node 'x': 'op' must be one of")
            << QStringLiteral("nodes[0].config.op") << 3;
        QTest::newRow("unknown type") << doc("{\"id\": \"x\", \"type\": \"loop\"}", "")
                                      << QStringLiteral("node 'x': unknown type 'loop'")
                                      << QStringLiteral("nodes[0].type") << 2;
        QTest::newRow("bad regex")
            << doc("{\"id\": \"r\", \"type\": \"transform\",\n \"config\": {\"op\": \"regex\", "
                   "\"pattern\": \"(a\"}}",
                   "")
            << QStringLiteral("node 'r': invalid regular expression")
            << QStringLiteral("nodes[0].config.pattern") << 3;
        QTest::newRow("unknown port")
            << doc(kChainNodes, "\n{\"id\": \"e1\", \"from\": \"in.nope\", \"to\": \"up.in\"}")
            << QStringLiteral("edge 'e1': node 'in' has no output port 'nope'")
            << QStringLiteral("edges[0].from") << 6;
        QTest::newRow("port types") << doc(
            "{\"id\": \"in\", \"type\": \"input\", \"outputs\": [{\"name\": \"n\", \"type\": "
            "\"number\"}]},\n{\"id\": \"m\", \"type\": \"map\", \"config\": {\"workflow\": \"w\"}}",
            "\n{\"id\": \"e1\", \"from\": \"in.n\", \"to\": \"m.items\"}")
                                    << QStringLiteral("in.n is number but m.items takes list")
                                    << QStringLiteral("edges[0].to") << 5;
        QTest::newRow("duplicate id")
            << doc(QByteArray(kChainNodes)
                       + QByteArray(",\n{\"id\": \"up\", \"type\": \"output\", \"inputs\": "
                                    "[{\"name\": \"x\"}]}"),
                   "")
            << QStringLiteral("node 'up': duplicate node id") << QStringLiteral("nodes[3].id") << 5;
        QTest::newRow("prompt without template")
            << doc("{\"id\": \"p\", \"type\": \"prompt\", \"config\": {\"model\": \"openai:x\"}}",
                   "")
            << QStringLiteral("node 'p': a prompt node needs either 'prompt'")
            << QStringLiteral("nodes[0].config") << 2;
        QTest::newRow("retry needs a prompt")
            << doc(QByteArray(kChainNodes)
                       + QByteArray(",\n{\"id\": \"v\", \"type\": \"validate\", \"config\": "
                                    "{\"onFailure\": \"retry\"}}"),
                   "{\"id\": \"e1\", \"from\": \"up.out\", \"to\": \"v.in\"}")
            << QStringLiteral("node 'v': 'retry' needs the input 'in' to come from a prompt node")
            << QStringLiteral("nodes[3].config.onFailure") << 5;
        QTest::newRow("unknown key") << doc(
            "{\"id\": \"x\", \"type\": \"output\", \"inputs\": [{\"name\": \"a\"}], \"colour\": 1}",
            "") << QStringLiteral("unknown key 'colour'")
                                     << QStringLiteral("nodes[0].colour") << 2;
        QTest::newRow("schema version")
            << QByteArray("{\"schemaVersion\": 7}") << QStringLiteral("unsupported schemaVersion 7")
            << QStringLiteral("schemaVersion") << 1;
        QTest::newRow("syntax") << QByteArray("{\"schemaVersion\": 1,\n \"nodes\": [}") << QString()
                                << QString() << 2;
    }

    void errorsNameThePlace() {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        QFETCH(QString, field);
        QFETCH(int, line);
        auto g = readWorkflow(text, QStringLiteral("f.workflow.json"));
        QVERIFY(!g.ok());
        QVERIFY2(g.error().message.contains(message), why(g).constData());
        QCOMPARE(g.error().field, field);
        QCOMPARE(g.error().line, line);
        QVERIFY(g.error().column > 0);
        QVERIFY(g.error().toString().startsWith(QStringLiteral("f.workflow.json:")));
    }

    void topologicalOrderRespectsEdges() {
        auto g = readWorkflow(doc(kChainNodes, kChainEdges)).value();
        std::reverse(g.nodes.begin(), g.nodes.end());
        auto order = topologicalOrder(g);
        QVERIFY(order.ok());
        QCOMPARE(*order,
                 (QStringList{QStringLiteral("in"), QStringLiteral("up"), QStringLiteral("out")}));
        QCOMPARE(g.ancestors(QStringLiteral("out")),
                 (QStringList{QStringLiteral("in"), QStringLiteral("up")}));
        QCOMPARE(g.descendants(QStringLiteral("in")),
                 (QStringList{QStringLiteral("out"), QStringLiteral("up")}));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowJson)
#include "test_workflow_json.moc"
