#include "command_line.h"

#include "cli_io.h"

namespace trellis::cli {

CommandLine::CommandLine(const CommandContext &context, const QString &description)
    : m_context(context) {
    m_parser.setApplicationDescription(description);
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addHelpOption();
}

void CommandLine::addPositional(const QString &name, const QString &description,
                                const QString &syntax) {
    m_parser.addPositionalArgument(name, description, syntax);
}

std::optional<int> CommandLine::parse(int minPositional, int maxPositional) {
    QStringList argv = m_context.args;
    argv.prepend(m_context.program);
    if (!m_parser.parse(argv))
        return badInput(m_parser.errorText() + QStringLiteral(" (see --help)"));
    if (m_parser.isSet(QStringLiteral("help"))) {
        QString help = m_parser.helpText();
        // QCommandLineParser names the binary only; show the whole command instead.
        const int firstLineEnd = help.indexOf(QLatin1Char('\n'));
        const QString usage = help.left(firstLineEnd);
        const int optionsAt = usage.indexOf(QStringLiteral(" [options]"));
        if (optionsAt > 0)
            help.replace(0, optionsAt, QStringLiteral("Usage: ") + m_context.program);
        writeOut(help);
        return ExitOk;
    }
    const qsizetype count = m_parser.positionalArguments().size();
    if (count < minPositional)
        return badInput(QStringLiteral("%1: missing argument (see --help)").arg(m_context.program));
    if (maxPositional >= 0 && count > maxPositional)
        return badInput(
            QStringLiteral("%1: unexpected argument '%2' (see --help)")
                .arg(m_context.program, m_parser.positionalArguments().at(maxPositional)));
    return std::nullopt;
}

void CommandLine::addJsonOption() {
    m_parser.addOption(
        QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print JSON for scripting.")));
}

} // namespace trellis::cli
