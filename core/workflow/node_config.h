#pragma once

#include "common/error.h"
#include "workflow_graph.h"

#include <vector>

namespace trellis::workflow {

// The config problems of one node (docs/workflows.md lists every key). `field` is the node's
// place in the document ("nodes[3]"); errors name the node and the config key.
std::vector<Error> checkNodeConfig(const WorkflowGraph &graph, const Node &node,
                                   const QString &field);

// Reads a config value the checks above have accepted, with a default.
QString configString(const nlohmann::json &config, const char *key, const QString &fallback = {});
int configInt(const nlohmann::json &config, const char *key, int fallback);

} // namespace trellis::workflow
