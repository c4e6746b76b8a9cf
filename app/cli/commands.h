#pragma once

#include "command_line.h"

namespace trellis::cli {

// One function per top-level command; each returns the process exit code (see cli_io.h).
int runPromptCommand(const CommandContext &context);
int runRenderCommand(const CommandContext &context);
int runRunCommand(const CommandContext &context);
int runModelsCommand(const CommandContext &context);
int runLogCommand(const CommandContext &context);
int runEvalCommand(const CommandContext &context);
int runWorkflowCommand(const CommandContext &context);
int runDatasetCommand(const CommandContext &context);

} // namespace trellis::cli
