#pragma once

#include "command_line.h"

namespace trellis::cli {

// `trellis-cli workflow SUBCOMMAND`: each returns the exit code.
int workflowList(const CommandContext &context);
int workflowShow(const CommandContext &context);
int workflowImport(const CommandContext &context);
int workflowLog(const CommandContext &context);
int workflowDiff(const CommandContext &context);
int workflowLabel(const CommandContext &context);
int workflowRun(const CommandContext &context);

} // namespace trellis::cli
