// WorkflowModel: edits keep the graph consistent and announce themselves.
#include "workflow/workflow_model.h"

#include <QSignalSpy>
#include <QTest>

using namespace trellis;
using namespace trellis::workflow;

namespace {

Node transform(const QString &id) {
    Node n;
    n.id = id;
    n.type = NodeType::Transform;
    n.config = {{"op", "join"}};
    n.inputs = defaultInputs(n.type);
    n.outputs = defaultOutputs(n.type, n.config);
    return n;
}

Edge edge(const QString &id, const QString &from, const QString &to) {
    return Edge{id, {from, QStringLiteral("out")}, {to, QStringLiteral("in")}};
}

} // namespace

class TestWorkflowModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editsEmitSignals() {
        WorkflowModel m;
        QSignalSpy added(&m, &WorkflowModel::nodeAdded);
        QSignalSpy edgeAdded(&m, &WorkflowModel::edgeAdded);
        QSignalSpy edgeRemoved(&m, &WorkflowModel::edgeRemoved);
        QSignalSpy removed(&m, &WorkflowModel::nodeRemoved);
        QSignalSpy updated(&m, &WorkflowModel::nodeUpdated);
        QVERIFY(m.addNode(transform(QStringLiteral("a"))).ok());
        QVERIFY(m.addNode(transform(QStringLiteral("b"))).ok());
        QCOMPARE(added.size(), 2);
        QCOMPARE(added.at(1).at(0).toString(), QStringLiteral("b"));
        QVERIFY(!m.addNode(transform(QStringLiteral("a"))).ok());
        QVERIFY(!m.addNode(transform(QStringLiteral("bad.id"))).ok());
        QCOMPARE(m.freshNodeId(QStringLiteral("a")), QStringLiteral("a1"));

        QVERIFY(m.addEdge(edge(m.freshEdgeId(), QStringLiteral("a"), QStringLiteral("b"))).ok());
        QCOMPARE(edgeAdded.size(), 1);
        QCOMPARE(m.edgeIds(), QStringList{QStringLiteral("e1")});
        const Status cycle =
            m.addEdge(edge(QStringLiteral("e2"), QStringLiteral("b"), QStringLiteral("a")));
        QVERIFY(!cycle.ok());
        QVERIFY(cycle.error().message.contains(QStringLiteral("cycle")));
        QVERIFY(
            !m.addEdge(edge(QStringLiteral("e3"), QStringLiteral("a"), QStringLiteral("b"))).ok());

        QCOMPARE(m.nodeData(QStringLiteral("a"), NodeRole::Type).toString(),
                 QStringLiteral("transform"));
        QCOMPARE(m.nodeData(QStringLiteral("a"), NodeRole::Outputs).toList().size(), 1);
        QVERIFY(!m.nodeData(QStringLiteral("zz"), NodeRole::Type).isValid());

        Node b = transform(QStringLiteral("b"));
        b.inputs = {Port{QStringLiteral("other"), PortType::Text}};
        QVERIFY(m.updateNode(b).ok());
        QCOMPARE(updated.size(), 1);
        QCOMPARE(edgeRemoved.size(), 1); // its port 'in' is gone, and with it edge e1
        QVERIFY(m.edgeIds().isEmpty());

        QVERIFY(m.addEdge(Edge{QStringLiteral("e1"),
                               {QStringLiteral("a"), QStringLiteral("out")},
                               {QStringLiteral("b"), QStringLiteral("other")}})
                    .ok());
        QVERIFY(m.removeNode(QStringLiteral("a")).ok());
        QCOMPARE(edgeRemoved.size(), 2);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(m.nodeIds(), QStringList{QStringLiteral("b")});
    }

    void typeMismatchIsRefused() {
        WorkflowModel m;
        Node in;
        in.id = QStringLiteral("in");
        in.type = NodeType::Input;
        in.outputs = {Port{QStringLiteral("n"), PortType::Number}};
        QVERIFY(m.addNode(in).ok());
        Node map;
        map.id = QStringLiteral("m");
        map.type = NodeType::Map;
        map.inputs = defaultInputs(NodeType::Map);
        QVERIFY(m.addNode(map).ok());
        const Status s = m.connectionPossible({QStringLiteral("in"), QStringLiteral("n")},
                                              {QStringLiteral("m"), QStringLiteral("items")});
        QVERIFY(!s.ok());
        QVERIFY2(s.error().message.contains(QStringLiteral("(number) cannot feed m.items (list)")),
                 qPrintable(s.error().message));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowModel)
#include "test_workflow_model.moc"
