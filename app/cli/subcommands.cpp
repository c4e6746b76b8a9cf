#include "subcommands.h"

#include "cli_io.h"

namespace trellis::cli {

int dispatchSubcommand(const CommandContext &context, const QString &group, const QString &intro,
                       std::span<const Subcommand> subcommands, const QString &footer) {
    auto usage = [&]() -> QString {
        QString text = QStringLiteral("Usage: trellis-cli %1 SUBCOMMAND [ARGS...]\n\n%2\n\n"
                                      "Subcommands:\n")
                           .arg(group, intro);
        for (const auto &sub : subcommands)
            text += QStringLiteral("  trellis-cli %1 %2\n").arg(group, QLatin1String(sub.usage));
        return text + QLatin1Char('\n') + footer;
    };
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
    return badInput(QStringLiteral("%1: unknown subcommand '%2' (see --help)").arg(group, name));
}

} // namespace trellis::cli
