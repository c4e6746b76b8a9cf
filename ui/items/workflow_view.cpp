#include "workflow_view.h"

#include "item_header.h"
#include "workflow/workflow_json.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {

QString portList(const std::vector<workflow::Port> &ports) {
    QStringList names;
    for (const workflow::Port &port : ports)
        names << QStringLiteral("%1: %2").arg(port.name, workflow::portTypeName(port.type));
    return names.join(QStringLiteral(", "));
}

// Nodes and edges as two groups; an unreadable graph shows the reason instead.
QTreeWidget *graphTree(const nlohmann::json &document, QWidget *parent) {
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(QStringLiteral("workflowGraph"));
    tree->setHeaderLabels({QObject::tr("Id"), QObject::tr("Type"), QObject::tr("Details")});
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto graph = workflow::fromJson(document);
    if (!graph) {
        auto *item = new QTreeWidgetItem(
            tree, {QObject::tr("Unreadable graph"), QString(), graph.error().toString()});
        item->setToolTip(2, graph.error().toString());
        return tree;
    }
    auto *nodes = new QTreeWidgetItem(tree, {QObject::tr("Nodes (%1)").arg(graph->nodes.size())});
    for (const workflow::Node &node : graph->nodes) {
        const QString details = QStringLiteral("%1  in: %2  out: %3")
                                    .arg(node.title, portList(node.inputs), portList(node.outputs))
                                    .trimmed();
        new QTreeWidgetItem(nodes, {node.id, workflow::nodeTypeName(node.type), details});
    }
    auto *edges = new QTreeWidgetItem(tree, {QObject::tr("Edges (%1)").arg(graph->edges.size())});
    for (const workflow::Edge &edge : graph->edges)
        new QTreeWidgetItem(edges,
                            {edge.id, QObject::tr("edge"),
                             QStringLiteral("%1.%2 → %3.%4")
                                 .arg(edge.from.node, edge.from.port, edge.to.node, edge.to.port)});
    tree->expandAll();
    return tree;
}

} // namespace

WorkflowView::WorkflowView(const store::WorkflowVersion &version, QWidget *parent)
    : QWidget(parent) {
    QStringList facts{
        tr("Version @%1 of %2, %3")
            .arg(version.number)
            .arg(version.hash.left(12), version.createdAt.toLocalTime().toString(Qt::ISODate)),
        version.message.isEmpty() ? QString() : tr("Message: %1").arg(version.message),
        version.labels.isEmpty() ? QString() : tr("Labels: %1").arg(version.labels.join(u", ")),
        tr("Read-only: edit the file and import it again to make a new version.")};

    auto *json = new QPlainTextEdit(this);
    json->setObjectName(QStringLiteral("workflowJson"));
    json->setReadOnly(true);
    json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    json->setPlainText(QString::fromStdString(version.graph.dump(2)));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(graphTree(version.graph, splitter));
    splitter->addWidget(json);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(itemHeader(version.workflowName, facts, this));
    layout->addWidget(splitter, 1);
}

} // namespace trellis::ui
