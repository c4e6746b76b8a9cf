#include "cli_io.h"
#include "commands.h"

namespace trellis::cli {

int runPromptCommand(const CommandContext &)
{
    return badInput(QStringLiteral("prompt: under construction"));
}

} // namespace trellis::cli
