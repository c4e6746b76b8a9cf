#pragma once

#include "command_line.h"

#include <span>

namespace trellis::cli {

struct Subcommand {
    const char *name;
    const char *usage;
    int (*run)(const CommandContext &);
};

// `trellis-cli GROUP SUBCOMMAND ...`: runs the named subcommand with the arguments after it;
// prints the usage (`intro`, one line per subcommand, `footer`) for --help (exit 0) or when
// none is given (exit 2); an unknown one is bad input.
int dispatchSubcommand(const CommandContext &context, const QString &group, const QString &intro,
                       std::span<const Subcommand> subcommands, const QString &footer);

} // namespace trellis::cli
