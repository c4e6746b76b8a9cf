#include "cli_io.h"
#include "commands.h"
#include "prompt_commands.h"

#include <array>

namespace trellis::cli {

namespace {

struct Subcommand {
    const char *name;
    const char *usage;
    int (*run)(const CommandContext &);
};

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

QString usage() {
    QString text = QStringLiteral("Usage: trellis-cli prompt SUBCOMMAND [ARGS...]\n\n"
                                  "Prompts and their version history.\n\nSubcommands:\n");
    for (const auto &sub : subcommands)
        text += QStringLiteral("  trellis-cli prompt %1\n").arg(QLatin1String(sub.usage));
    text += QStringLiteral("\nREF is a version number (3), a label (production), a hash prefix "
                           "(7+ hex digits) or head.\n"
                           "Run `trellis-cli prompt SUBCOMMAND --help` for details.\n");
    return text;
}

} // namespace

int runPromptCommand(const CommandContext &context) {
    if (context.args.isEmpty()) {
        writeErr(usage());
        return ExitBadInput;
    }
    const QString name = context.args.first();
    if (name == QLatin1String("--help") || name == QLatin1String("-h")) {
        writeOut(usage());
        return ExitOk;
    }
    for (const auto &sub : subcommands) {
        if (name == QLatin1String(sub.name)) {
            CommandContext subContext = context;
            subContext.program = context.program + QLatin1Char(' ') + name;
            subContext.args = context.args.mid(1);
            return sub.run(subContext);
        }
    }
    return badInput(QStringLiteral("prompt: unknown subcommand '%1' (see --help)").arg(name));
}

} // namespace trellis::cli
