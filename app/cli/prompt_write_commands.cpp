// prompt import / commit / label / restore: commands that add versions or move labels.
#include "cli_io.h"
#include "cli_workspace.h"
#include "prompt/prompt_file.h"
#include "prompt_commands.h"
#include "prompt_output.h"
#include "store/prompt_repository.h"

namespace trellis::cli {

namespace {

const QCommandLineOption messageOption({QStringLiteral("m"), QStringLiteral("message")},
                                       QStringLiteral("The version message."),
                                       QStringLiteral("MSG"));

QString describeCommit(const store::CommitResult &result) {
    const auto &version = result.version;
    if (!result.created)
        return QStringLiteral("%1 unchanged: same content as %2, no new version\n")
            .arg(version.promptName, versionTag(version));
    return QStringLiteral("%1 %2 committed\n").arg(version.promptName, versionTag(version));
}

int commitSpec(const CommandContext &context, const prompt::PromptSpec &spec,
               const QString &message) {
    int exitCode = ExitOk;
    auto workspace = openWorkspace(context, &exitCode);
    if (!workspace)
        return exitCode;
    store::PromptRepository prompts(workspace->db, workspace->project.id);
    auto result = prompts.commit(spec, message);
    if (!result)
        return reportError(result.error());
    writeOut(describeCommit(*result));
    return ExitOk;
}

} // namespace

int promptImport(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Import a prompt file (YAML or JSON) as a new version "
                                           "of the prompt it names, creating the prompt if "
                                           "needed. Unchanged content creates no version."));
    cl.addPositional(QStringLiteral("file"), QStringLiteral("A .yaml, .yml or .json prompt file."),
                     QStringLiteral("FILE"));
    cl.addOption(messageOption);
    if (auto stop = cl.parse(1, 1))
        return *stop;
    const QString path = cl.positional().first();
    auto spec = prompt::readPromptFile(path);
    if (!spec)
        return reportError(spec.error());
    const QString message = cl.isSet(QStringLiteral("m"))
                                ? cl.value(QStringLiteral("m"))
                                : QStringLiteral("Imported from %1").arg(path);
    return commitSpec(context, *spec, message);
}

int promptCommit(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Commit a prompt file as the next version of NAME. "
                                           "The file must describe the prompt NAME."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The prompt."), QStringLiteral("NAME"));
    const QCommandLineOption file({QStringLiteral("f"), QStringLiteral("file")},
                                  QStringLiteral("The prompt file (YAML or JSON)."),
                                  QStringLiteral("FILE"));
    cl.addOption(file);
    cl.addOption(messageOption);
    if (auto stop = cl.parse(1, 1))
        return *stop;
    if (!cl.isSet(QStringLiteral("file")))
        return badInput(QStringLiteral("prompt commit needs --file FILE"));
    const QString name = cl.positional().first();
    const QString path = cl.value(QStringLiteral("file"));
    auto spec = prompt::readPromptFile(path);
    if (!spec)
        return reportError(spec.error());
    if (spec->name != name)
        return reportError(Error(QStringLiteral("the file describes the prompt '%1', not '%2'")
                                     .arg(spec->name, name))
                               .inFile(path)
                               .forField(QStringLiteral("name")));
    return commitSpec(context, *spec, cl.value(QStringLiteral("m")));
}

int promptRestore(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Make a new version equal to an old one. History is "
                                           "kept: nothing is deleted."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The prompt."), QStringLiteral("NAME"));
    cl.addPositional(QStringLiteral("ref"), QStringLiteral("The version to restore."),
                     QStringLiteral("REF"));
    cl.addOption(messageOption);
    if (auto stop = cl.parse(2, 2))
        return *stop;
    int exitCode = ExitOk;
    auto workspace = openWorkspace(context, &exitCode);
    if (!workspace)
        return exitCode;
    store::PromptRepository prompts(workspace->db, workspace->project.id);
    auto result = prompts.restore(cl.positional().at(0), cl.positional().at(1),
                                  cl.value(QStringLiteral("m")));
    if (!result)
        return reportError(result.error());
    writeOut(describeCommit(*result));
    return ExitOk;
}

int promptLabel(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Point a label (production, staging, any name) at a "
                                           "version, moving it if it exists; or remove it, or "
                                           "show where it has pointed."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The prompt."), QStringLiteral("NAME"));
    cl.addPositional(QStringLiteral("label"), QStringLiteral("The label."),
                     QStringLiteral("LABEL"));
    cl.addPositional(QStringLiteral("ref"), QStringLiteral("The version to label."),
                     QStringLiteral("[REF]"));
    const QCommandLineOption remove(QStringLiteral("remove"), QStringLiteral("Remove the label."));
    const QCommandLineOption history(QStringLiteral("history"),
                                     QStringLiteral("List the label's moves, newest first."));
    cl.addOption(remove);
    cl.addOption(history);
    if (auto stop = cl.parse(2, 3))
        return *stop;
    const QStringList args = cl.positional();
    const bool removing = cl.isSet(QStringLiteral("remove"));
    const bool listing = cl.isSet(QStringLiteral("history"));
    if (removing && listing)
        return badInput(QStringLiteral("--remove and --history exclude each other"));
    if ((removing || listing) && args.size() == 3)
        return badInput(QStringLiteral("no REF with --remove or --history"));
    if (!removing && !listing && args.size() != 3)
        return badInput(QStringLiteral("prompt label needs NAME LABEL REF (see --help)"));

    int exitCode = ExitOk;
    auto workspace = openWorkspace(context, &exitCode);
    if (!workspace)
        return exitCode;
    store::PromptRepository prompts(workspace->db, workspace->project.id);
    const QString &name = args.at(0);
    const QString &label = args.at(1);
    if (removing) {
        if (Status removed = prompts.removeLabel(name, label); !removed)
            return reportError(removed.error());
        writeOut(QStringLiteral("%1: label %2 removed\n").arg(name, label));
        return ExitOk;
    }
    if (listing) {
        auto moves = prompts.labelHistory(name, label);
        if (!moves)
            return reportError(moves.error());
        auto at = [](int number) {
            return number > 0 ? QStringLiteral("@%1").arg(number) : QStringLiteral("-");
        };
        QString text;
        for (const auto &move : *moves)
            text += QStringLiteral("%1  %2 -> %3\n")
                        .arg(shortTime(move.movedAt), at(move.fromVersion), at(move.toVersion));
        writeOut(text);
        return ExitOk;
    }
    auto change = prompts.setLabel(name, label, args.at(2));
    if (!change)
        return reportError(change.error());
    if (!change->changed)
        writeOut(QStringLiteral("%1: %2 already at @%3\n").arg(name, label).arg(change->toVersion));
    else if (change->fromVersion == 0)
        writeOut(
            QStringLiteral("%1: %2 -> @%3 (new label)\n").arg(name, label).arg(change->toVersion));
    else
        writeOut(QStringLiteral("%1: %2 moved @%3 -> @%4\n")
                     .arg(name, label)
                     .arg(change->fromVersion)
                     .arg(change->toVersion));
    return ExitOk;
}

} // namespace trellis::cli
