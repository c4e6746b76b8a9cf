#pragma once

#include "common/result.h"
#include "workflow_graph.h"

#include <QByteArray>

#include <nlohmann/json.hpp>
#include <vector>

namespace trellis::workflow {

// The version of the workflow document format (docs/workflows.md) this build reads and writes.
inline constexpr int kWorkflowSchemaVersion = 1;

// Node ids, edge ids and port names: [A-Za-z_][A-Za-z0-9_-]{0,63}. No dots, so "node.port"
// names an endpoint unambiguously.
Status validateNodeId(const QString &id);

// Structure only: every field has the right JSON type, no unknown keys, a known schemaVersion.
// Missing ports are filled in from defaultInputs/defaultOutputs. Errors carry `field`
// ("nodes[2].config") but no line/column; readWorkflow adds those.
Result<WorkflowGraph> fromJson(const nlohmann::json &document);

// Everything about a structurally sound graph that would make it fail at run time: duplicate
// ids, edges to unknown nodes or ports, port types that do not fit, an input port fed twice
// from one output, cycles (the message names the nodes on the cycle, in order), node configs
// (missing prompt, unknown transform op, bad regex or schema, ...). All problems, in graph order;
// each message names the node or edge, `field` locates it in the document.
std::vector<Error> validateGraph(const WorkflowGraph &graph);
// validateGraph's problems as one error (every message, one per line; the first one's field).
Status checkGraph(const WorkflowGraph &graph);

// Parses a workflow document (UTF-8 JSON), checks structure and graph, and places errors at
// the file's line and column. `fileName` only words the errors.
Result<WorkflowGraph> readWorkflow(const QByteArray &text, const QString &fileName = {});

// The canonical document: fixed key order, nodes and edges sorted by id, ports always listed,
// config keys sorted. Equal graphs give byte-equal documents.
nlohmann::ordered_json toJson(const WorkflowGraph &graph);
QByteArray writeWorkflow(const WorkflowGraph &graph); // toJson, 2-space indent, final newline

// SHA-256 (hex) of the canonical document without node positions: moving a node on the canvas
// does not change what the workflow does.
QString contentHash(const WorkflowGraph &graph);

// The node ids on a cycle, in edge order (first id repeated at the end), or empty when the
// graph is acyclic.
QStringList findCycle(const WorkflowGraph &graph);
// Nodes in an order where every edge points forward (ties broken by graph order); an error
// naming the cycle when there is one.
Result<QStringList> topologicalOrder(const WorkflowGraph &graph);

} // namespace trellis::workflow
