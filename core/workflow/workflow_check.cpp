// Graph-level checks of workflow_json.h: ids, edges, port types, cycles and node configs.
#include "expression.h"
#include "node_config.h"
#include "prompt/field_path.h"
#include "workflow_json.h"

#include <QHash>
#include <QSet>

namespace trellis::workflow {

using prompt::fieldIndex;
using prompt::fieldKey;

namespace {

QString nodeField(qsizetype index) {
    return fieldIndex(QStringLiteral("nodes"), index);
}

void checkEdges(const WorkflowGraph &g, std::vector<Error> &errors) {
    QSet<QString> ids;
    QSet<QString> pairs;
    for (qsizetype i = 0; i < qsizetype(g.edges.size()); ++i) {
        const Edge &e = g.edges[std::size_t(i)];
        const QString field = fieldIndex(QStringLiteral("edges"), i);
        auto fail = [&](const QString &key, const QString &message) {
            errors.push_back(Error(QStringLiteral("edge '%1': %2").arg(e.id, message))
                                 .forField(fieldKey(field, key)));
        };
        if (ids.contains(e.id))
            fail(QStringLiteral("id"), QStringLiteral("duplicate edge id"));
        ids.insert(e.id);
        const Node *from = g.node(e.from.node);
        const Node *to = g.node(e.to.node);
        if (!from) {
            fail(QStringLiteral("from"), QStringLiteral("unknown node '%1'").arg(e.from.node));
            continue;
        }
        if (!to) {
            fail(QStringLiteral("to"), QStringLiteral("unknown node '%1'").arg(e.to.node));
            continue;
        }
        const Port *out = from->output(e.from.port);
        const Port *in = to->input(e.to.port);
        if (!out)
            fail(QStringLiteral("from"),
                 QStringLiteral("node '%1' has no output port '%2'").arg(e.from.node, e.from.port));
        if (!in)
            fail(QStringLiteral("to"),
                 QStringLiteral("node '%1' has no input port '%2'").arg(e.to.node, e.to.port));
        if (out && in && !portTypesCompatible(out->type, in->type))
            fail(QStringLiteral("to"), QStringLiteral("%1.%2 is %3 but %4.%5 takes %6")
                                           .arg(e.from.node, e.from.port, portTypeName(out->type),
                                                e.to.node, e.to.port, portTypeName(in->type)));
        const QString pair = e.from.node + u'.' + e.from.port + u'>' + e.to.node + u'.' + e.to.port;
        if (pairs.contains(pair))
            fail(QStringLiteral("to"), QStringLiteral("%1.%2 is already connected to %3.%4")
                                           .arg(e.from.node, e.from.port, e.to.node, e.to.port));
        pairs.insert(pair);
    }
}

} // namespace

QStringList findCycle(const WorkflowGraph &graph) {
    // Iterative depth-first search (no recursion: documents come from outside).
    QHash<QString, int> state; // 0 new, 1 on the stack, 2 done
    QHash<QString, QStringList> next;
    for (const Edge &e : graph.edges)
        if (graph.node(e.from.node) && graph.node(e.to.node))
            next[e.from.node] << e.to.node;
    for (const Node &root : graph.nodes) {
        if (state.value(root.id) != 0)
            continue;
        std::vector<std::pair<QString, qsizetype>> stack{{root.id, 0}};
        state[root.id] = 1;
        while (!stack.empty()) {
            auto &[id, child] = stack.back();
            const QStringList &succ = next[id];
            if (child >= succ.size()) {
                state[id] = 2;
                stack.pop_back();
                continue;
            }
            const QString n = succ.at(child++);
            if (state.value(n) == 1) {
                QStringList cycle;
                bool on = false;
                for (const auto &frame : stack) {
                    on = on || frame.first == n;
                    if (on)
                        cycle << frame.first;
                }
                cycle << n;
                return cycle;
            }
            if (state.value(n) == 0) {
                state[n] = 1;
                stack.emplace_back(n, 0);
            }
        }
    }
    return {};
}

Result<QStringList> topologicalOrder(const WorkflowGraph &graph) {
    const QStringList cycle = findCycle(graph);
    if (!cycle.isEmpty())
        return Error(QStringLiteral("the workflow has a cycle: %1 (repetition is a Map node's job)")
                         .arg(cycle.join(QStringLiteral(" -> "))));
    QHash<QString, int> pending;
    for (const Edge &e : graph.edges)
        if (graph.node(e.from.node))
            pending[e.to.node] += 1;
    QStringList order;
    QSet<QString> placed;
    while (order.size() < qsizetype(graph.nodes.size())) {
        bool progressed = false;
        for (const Node &n : graph.nodes) {
            if (placed.contains(n.id) || pending.value(n.id) > 0)
                continue;
            placed.insert(n.id);
            order << n.id;
            progressed = true;
            for (const Edge *e : graph.edgesFrom(n.id))
                pending[e->to.node] -= 1;
        }
        if (!progressed)
            break; // duplicate node ids; validateGraph reports them
    }
    return order;
}

std::vector<Error> validateGraph(const WorkflowGraph &graph) {
    std::vector<Error> errors;
    QSet<QString> ids;
    for (qsizetype i = 0; i < qsizetype(graph.nodes.size()); ++i) {
        const Node &n = graph.nodes[std::size_t(i)];
        const QString field = nodeField(i);
        if (ids.contains(n.id))
            errors.push_back(Error(QStringLiteral("node '%1': duplicate node id").arg(n.id))
                                 .forField(fieldKey(field, QStringLiteral("id"))));
        ids.insert(n.id);
        QSet<QString> portNames;
        for (const auto *ports : {&n.inputs, &n.outputs}) {
            portNames.clear();
            for (const Port &p : *ports) {
                if (portNames.contains(p.name))
                    errors.push_back(
                        Error(QStringLiteral("node '%1': duplicate port '%2'").arg(n.id, p.name))
                            .forField(fieldKey(field, ports == &n.inputs
                                                          ? QStringLiteral("inputs")
                                                          : QStringLiteral("outputs"))));
                portNames.insert(p.name);
            }
        }
        for (Error &e : checkNodeConfig(graph, n, field))
            errors.push_back(std::move(e));
    }
    checkEdges(graph, errors);
    const QStringList cycle = findCycle(graph);
    if (!cycle.isEmpty()) {
        qsizetype index = 0;
        for (qsizetype i = 0; i < qsizetype(graph.nodes.size()); ++i)
            if (graph.nodes[std::size_t(i)].id == cycle.front())
                index = i;
        errors.push_back(
            Error(QStringLiteral("the workflow has a cycle: %1 (repetition is a Map node's job)")
                      .arg(cycle.join(QStringLiteral(" -> "))))
                .forField(nodeField(index)));
    }
    return errors;
}

} // namespace trellis::workflow
