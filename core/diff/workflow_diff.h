#pragma once

#include "diff/prompt_diff.h"

#include <QString>

#include <nlohmann/json.hpp>
#include <vector>

namespace trellis::diff {

// A node or an edge of a workflow that was added, removed or changed between two versions.
struct WorkflowItemChange {
    QString id;
    ChangeKind kind = ChangeKind::Changed;
    // Nodes: the type ("prompt"); edges: "from -> to". From the new side, or the old one when
    // the item was removed.
    QString summary;
    // Changed items only: one entry per changed leaf, with a path below the item such as
    // "config.model", "config.messages[0].content", "inputs[1].type", "position", "from".
    std::vector<FieldChange> fields;
};

struct WorkflowDiff {
    std::vector<FieldChange> fields;       // document-level: name, description, schemaVersion
    std::vector<WorkflowItemChange> nodes; // by id; unchanged nodes are left out
    std::vector<WorkflowItemChange> edges; // by id; unchanged edges are left out

    bool isEmpty() const;
};

// Compares two workflow documents (docs/workflows.md) node by node and edge by edge, matching
// them by their stable ids, so reordering changes nothing and a renamed title is one field.
// Objects are compared key by key and arrays of equal length element by element; an array
// whose length changed is one change. Multi-line strings (templates) carry a line diff.
// Entries without a string id are matched by position ("#3").
WorkflowDiff diffWorkflows(const nlohmann::json &oldDoc, const nlohmann::json &newDoc);

// Text for the CLI: document fields, then "nodes:" and "edges:" sections with one line per
// item ("+ id (type)", "- id (type)", "~ id (type)") and the changed paths indented below it.
// Empty when nothing changed.
QString renderWorkflowDiff(const WorkflowDiff &diff, const UnifiedOptions &options = {});

} // namespace trellis::diff
