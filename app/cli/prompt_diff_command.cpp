#include "cli_io.h"
#include "prompt_commands.h"

namespace trellis::cli {

int promptDiff(const CommandContext &) {
    return badInput(QStringLiteral("prompt diff: under construction"));
}

} // namespace trellis::cli
