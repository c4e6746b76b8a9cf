#include "cli_io.h"
#include "commands.h"

namespace trellis::cli {

int runRenderCommand(const CommandContext &)
{
    return badInput(QStringLiteral("render: under construction"));
}

} // namespace trellis::cli
