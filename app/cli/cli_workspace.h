#pragma once

#include "command_line.h"
#include "project/workspace.h"

#include <optional>

namespace trellis::cli {

// Opens the store named by --db / TRELLIS_DB (or the default), seeding the example project on
// first use. On failure prints the error and sets `exitCode`.
std::optional<project::Workspace> openWorkspace(const CommandContext &context, int *exitCode);

// How most commands start: parse `cl` (between minPositional and maxPositional positional
// arguments), then open the workspace. Nothing when either ends the command (--help, bad
// arguments, a store that cannot be opened); `exitCode` then holds the exit code.
std::optional<project::Workspace> parseAndOpenWorkspace(CommandLine &cl,
                                                        const CommandContext &context,
                                                        int minPositional, int maxPositional,
                                                        int *exitCode);

} // namespace trellis::cli
