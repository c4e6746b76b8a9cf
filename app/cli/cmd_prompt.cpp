#include "cli_io.h"
#include "commands.h"
#include "prompt_commands.h"
#include "subcommands.h"

#include <array>

namespace trellis::cli {

namespace {

constexpr std::array subcommands{
    Subcommand{"list", "list [--json]", promptList},
    Subcommand{"show", "show NAME[@VERSION|@LABEL] [--json]", promptShow},
    Subcommand{"import", "import FILE [-m MSG]", promptImport},
    Subcommand{"export", "export NAME[@REF] [--format yaml|json] [-o FILE]", promptExport},
    Subcommand{"commit", "commit NAME --file FILE [-m MSG]", promptCommit},
    Subcommand{"log", "log NAME [-n N] [--json]", promptLog},
    Subcommand{"diff", "diff NAME REF1 REF2 [--json]", promptDiff},
    Subcommand{"label", "label NAME LABEL REF | label NAME LABEL --remove | --history",
               promptLabel},
    Subcommand{"restore", "restore NAME REF [-m MSG]", promptRestore},
};

} // namespace

int runPromptCommand(const CommandContext &context) {
    return dispatchSubcommand(
        context, QStringLiteral("prompt"), QStringLiteral("Prompts and their version history."),
        subcommands,
        QStringLiteral("REF is a version number (3), a label (production), a hash prefix "
                       "(7+ hex digits) or head.\n"
                       "Run `trellis-cli prompt SUBCOMMAND --help` for details.\n"));
}

} // namespace trellis::cli
