#pragma once

#include "command_line.h"

namespace trellis::cli {

// `trellis-cli prompt SUBCOMMAND`: each returns the exit code.
int promptList(const CommandContext &context);
int promptShow(const CommandContext &context);
int promptExport(const CommandContext &context);
int promptLog(const CommandContext &context);
int promptImport(const CommandContext &context);
int promptCommit(const CommandContext &context);
int promptLabel(const CommandContext &context);
int promptRestore(const CommandContext &context);
int promptDiff(const CommandContext &context);

} // namespace trellis::cli
