// trellis-cli: the headless face of Trellis. Links trellis_core only.
#include "cli_io.h"
#include "commands.h"
#include "core_info.h"

#include <QCoreApplication>

#include <array>

using namespace trellis::cli;

namespace {

struct CommandEntry {
    const char *name;
    const char *summary;
    int (*run)(const CommandContext &);
};

constexpr std::array commandTable{
    CommandEntry{"prompt", "Manage prompts and their version history", runPromptCommand},
    CommandEntry{"render", "Render a Jinja2 template file to stdout", runRenderCommand},
    CommandEntry{"run", "Run a prompt through the pipeline, streaming the answer", runRunCommand},
    CommandEntry{"models", "List configured providers and models with prices", runModelsCommand},
    CommandEntry{"log", "Show recorded runs", runLogCommand},
    CommandEntry{"eval", "Run an experiment (variants x models x rows) with assertions",
                 runEvalCommand},
    CommandEntry{"workflow", "Manage and run workflows (multi-step graphs)", runWorkflowCommand},
    CommandEntry{"dataset", "Import and inspect datasets for experiments", runDatasetCommand},
};

QString usage() {
    QString text = QStringLiteral("Usage: trellis-cli [--db PATH] COMMAND [ARGS...]\n\n"
                                  "Trellis prompt workbench, headless.\n\nCommands:\n");
    for (const auto &entry : commandTable)
        text += QStringLiteral("  %1 %2\n")
                    .arg(QLatin1String(entry.name), -10)
                    .arg(QLatin1String(entry.summary));
    text += QStringLiteral(
        "\nGlobal options:\n"
        "  --db PATH   SQLite store to use (default: $TRELLIS_DB, else the user data dir)\n"
        "  --version   Print the version\n"
        "  --help      Print this help; COMMAND --help prints the command's help\n");
    return text;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("trellis"));
    QCoreApplication::setOrganizationName(QStringLiteral("trellis"));
    QCoreApplication::setApplicationVersion(trellis::versionString());

    QStringList args = QCoreApplication::arguments().mid(1);
    CommandContext context;
    context.dbPath = qEnvironmentVariable("TRELLIS_DB");

    // --db is accepted anywhere before a "--", so it can be appended to any command line.
    for (qsizetype i = 0; i < args.size() && args.at(i) != QLatin1String("--");) {
        if (args.at(i) == QLatin1String("--db")) {
            if (i + 1 >= args.size())
                return badInput(QStringLiteral("--db needs a path"));
            context.dbPath = args.at(i + 1);
            args.remove(i, 2);
        } else if (args.at(i).startsWith(QLatin1String("--db="))) {
            context.dbPath = args.takeAt(i).mid(5);
        } else {
            ++i;
        }
    }
    if (!args.isEmpty() && args.first().startsWith(QLatin1Char('-'))) {
        const QString option = args.first();
        if (option == QLatin1String("--help") || option == QLatin1String("-h")) {
            writeOut(usage());
            return ExitOk;
        }
        if (option == QLatin1String("--version")) {
            writeOut(trellis::buildDescription() + QLatin1Char('\n'));
            return ExitOk;
        }
        return badInput(QStringLiteral("unknown option '%1' (see --help)").arg(option));
    }
    if (args.isEmpty()) {
        writeErr(usage());
        return ExitBadInput;
    }

    const QString name = args.takeFirst();
    for (const auto &entry : commandTable) {
        if (name == QLatin1String(entry.name)) {
            context.program = QStringLiteral("trellis-cli ") + name;
            context.args = args;
            return entry.run(context);
        }
    }
    return badInput(QStringLiteral("unknown command '%1' (see --help)").arg(name));
}
