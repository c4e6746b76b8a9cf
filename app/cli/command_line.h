#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

namespace trellis::cli {

// The arguments a command receives after the dispatcher has taken the global options.
struct CommandContext {
    QString program;  // "trellis-cli prompt list", for help and usage lines
    QStringList args; // arguments after the command words
    QString dbPath;   // --db or TRELLIS_DB, empty for the default location
};

// QCommandLineParser with the conventions every command shares: `--help` prints usage on
// stdout and exits 0; an unknown option or a wrong number of positional arguments prints a
// one-line error on stderr and exits 2.
class CommandLine {
public:
    CommandLine(const CommandContext &context, const QString &description);

    QCommandLineParser &parser() { return m_parser; }
    void addPositional(const QString &name, const QString &description, const QString &syntax);
    void addOption(const QCommandLineOption &option) { m_parser.addOption(option); }
    // `--json` (print JSON for scripting), shared by the listing and show commands.
    void addJsonOption();
    bool wantsJson() const { return m_parser.isSet(QStringLiteral("json")); }

    // Parses; returns an exit code when the command must stop now (help or bad input).
    // minPositional/maxPositional bound the positional count (-1: unbounded).
    std::optional<int> parse(int minPositional, int maxPositional);

    QStringList positional() const { return m_parser.positionalArguments(); }
    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QString value(const QString &name) const { return m_parser.value(name); }
    QStringList values(const QString &name) const { return m_parser.values(name); }

private:
    const CommandContext &m_context;
    QCommandLineParser m_parser;
};

} // namespace trellis::cli
