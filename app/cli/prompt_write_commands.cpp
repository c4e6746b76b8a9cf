// prompt import / commit / label / restore: commands that add versions or move labels.
#include "cli_io.h"
#include "cli_workspace.h"
#include "label_command.h"
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
    int exitCode = ExitOk;
    auto workspace = parseAndOpenWorkspace(cl, context, 2, 2, &exitCode);
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
    return runLabelCommand<store::PromptRepository>(context, QStringLiteral("prompt"));
}

} // namespace trellis::cli
