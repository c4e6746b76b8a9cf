#include "commands.h"
#include "subcommands.h"
#include "workflow_commands.h"

#include <array>

namespace trellis::cli {

namespace {

constexpr std::array subcommands{
    Subcommand{"list", "list [--json]", workflowList},
    Subcommand{"show", "show NAME[@REF] [--json]", workflowShow},
    Subcommand{"import", "import FILE [--name NAME] [-m MSG]", workflowImport},
    Subcommand{"log", "log NAME [--json]", workflowLog},
    Subcommand{"diff", "diff NAME REF1 REF2", workflowDiff},
    Subcommand{"label", "label NAME LABEL REF | label NAME LABEL --remove | --history",
               workflowLabel},
    Subcommand{"run",
               "run NAME[@REF]|FILE [--input k=v]... [--inputs FILE] [--from-node ID --reuse "
               "RUN_ID] [--json]",
               workflowRun},
};

} // namespace

int runWorkflowCommand(const CommandContext &context) {
    return dispatchSubcommand(
        context, QStringLiteral("workflow"),
        QStringLiteral("Workflows (graphs of prompt, transform, validate, ... nodes) and their "
                       "version history."),
        subcommands,
        QStringLiteral("REF is a version number (3), a label (production), a hash prefix "
                       "(7+ hex digits) or head.\n"
                       "Run `trellis-cli workflow SUBCOMMAND --help` for details.\n"));
}

} // namespace trellis::cli
