#include "cli_workspace.h"

#include "cli_io.h"

namespace trellis::cli {

std::optional<project::Workspace> openWorkspace(const CommandContext &context, int *exitCode) {
    auto workspace =
        project::openWorkspace(project::WorkspaceOptions::fromEnvironment(context.dbPath));
    if (!workspace) {
        // A store that cannot be opened is an environment problem, not bad arguments.
        *exitCode = reportError(workspace.error(), ExitFailure);
        return std::nullopt;
    }
    return std::move(*workspace);
}

std::optional<project::Workspace> parseAndOpenWorkspace(CommandLine &cl,
                                                        const CommandContext &context,
                                                        int minPositional, int maxPositional,
                                                        int *exitCode) {
    if (auto stop = cl.parse(minPositional, maxPositional)) {
        *exitCode = *stop;
        return std::nullopt;
    }
    return openWorkspace(context, exitCode);
}

} // namespace trellis::cli
