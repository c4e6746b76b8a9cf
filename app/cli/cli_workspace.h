#pragma once

#include "command_line.h"
#include "project/workspace.h"

#include <optional>

namespace trellis::cli {

// Opens the store named by --db / TRELLIS_DB (or the default), seeding the example project on
// first use. On failure prints the error and sets `exitCode`.
std::optional<project::Workspace> openWorkspace(const CommandContext &context, int *exitCode);

} // namespace trellis::cli
