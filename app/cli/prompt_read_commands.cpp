// prompt list / show / export / log: commands that only read the store.
#include "cli_io.h"
#include "cli_workspace.h"
#include "list_output.h"
#include "prompt/prompt_file.h"
#include "prompt_commands.h"
#include "prompt_output.h"
#include "store/prompt_repository.h"

#include <QSaveFile>

namespace trellis::cli {

namespace {

// Opens the workspace and resolves NAME[@REF]; prints the error and sets exitCode on failure.
std::optional<store::PromptVersion> resolveVersion(project::Workspace &workspace,
                                                   const QString &nameAtRef, int *exitCode) {
    const auto [name, ref] = store::PromptRepository::splitReference(nameAtRef);
    store::PromptRepository prompts(workspace.db, workspace.project.id);
    auto version = prompts.resolve(name, ref);
    if (!version) {
        *exitCode = reportError(version.error());
        return std::nullopt;
    }
    return std::move(*version);
}

} // namespace

int promptList(const CommandContext &context) {
    const ListFormat<store::PromptSummary> format{
        summaryJson,
        {QStringLiteral("NAME"), QStringLiteral("VERSIONS"), QStringLiteral("HEAD"),
         QStringLiteral("UPDATED"), QStringLiteral("LABELS")},
        [](const store::PromptSummary &summary) {
            return QStringList{summary.name, QString::number(summary.versionCount),
                               QStringLiteral("@%1").arg(summary.headNumber),
                               shortTime(summary.updatedAt),
                               summary.labels.join(QStringLiteral(", "))};
        },
        QStringLiteral("No prompts yet. Add one with: trellis-cli prompt import FILE")};
    return runListCommand(context,
                          QStringLiteral("List the prompts of the project with their head "
                                         "version and labels."),
                          format, [](project::Workspace &w) {
                              return store::PromptRepository(w.db, w.project.id).list();
                          });
}

int promptShow(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Show one version of a prompt: its metadata as YAML "
                                           "comments, then the prompt file."));
    cl.addPositional(QStringLiteral("ref"), QStringLiteral("The prompt, with an optional version."),
                     QStringLiteral("NAME[@VERSION|@LABEL]"));
    cl.addJsonOption();
    int exitCode = ExitOk;
    auto workspace = parseAndOpenWorkspace(cl, context, 1, 1, &exitCode);
    if (!workspace)
        return exitCode;
    auto version = resolveVersion(*workspace, cl.positional().first(), &exitCode);
    if (!version)
        return exitCode;

    if (cl.wantsJson()) {
        writeJson(versionJson(*version, true));
        return ExitOk;
    }
    // Comments keep the output a valid prompt file, so `show > x.yaml` can be imported again.
    QString header = QStringLiteral("# %1 %2").arg(version->promptName, versionTag(*version));
    if (!version->labels.isEmpty())
        header += QStringLiteral(" [%1]").arg(version->labels.join(QStringLiteral(", ")));
    header += QStringLiteral("\n# %1").arg(shortTime(version->createdAt));
    if (!version->message.isEmpty())
        header += QStringLiteral("  %1").arg(version->message.split(QLatin1Char('\n')).first());
    writeOut(header + QLatin1Char('\n'));
    writeOut(prompt::writePromptText(version->spec, prompt::Format::Yaml));
    return ExitOk;
}

int promptExport(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Write a version of a prompt as a prompt file "
                                           "(YAML or JSON), to stdout or a file."));
    cl.addPositional(QStringLiteral("ref"), QStringLiteral("The prompt, with an optional version."),
                     QStringLiteral("NAME[@REF]"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("yaml (default) or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("yaml"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Write to FILE instead of stdout."),
                                    QStringLiteral("FILE"));
    cl.addOption(format);
    cl.addOption(output);
    if (auto stop = cl.parse(1, 1))
        return *stop;
    const QString formatName = cl.value(QStringLiteral("format")).toLower();
    if (formatName != QLatin1String("yaml") && formatName != QLatin1String("json"))
        return badInput(QStringLiteral("--format must be yaml or json, not '%1'").arg(formatName));
    int exitCode = ExitOk;
    auto workspace = openWorkspace(context, &exitCode);
    if (!workspace)
        return exitCode;
    auto version = resolveVersion(*workspace, cl.positional().first(), &exitCode);
    if (!version)
        return exitCode;

    const QByteArray text = prompt::writePromptText(
        version->spec,
        formatName == QLatin1String("json") ? prompt::Format::Json : prompt::Format::Yaml);
    if (!cl.isSet(QStringLiteral("output"))) {
        writeOut(text);
        return ExitOk;
    }
    QSaveFile file(cl.value(QStringLiteral("output")));
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        return reportError(Error(file.errorString()).inFile(file.fileName()), ExitFailure);
    return ExitOk;
}

int promptLog(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Show the version history of a prompt, newest first."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The prompt."), QStringLiteral("NAME"));
    const QCommandLineOption limit({QStringLiteral("n"), QStringLiteral("max-count")},
                                   QStringLiteral("Show at most N versions."), QStringLiteral("N"));
    cl.addOption(limit);
    cl.addJsonOption();
    if (auto stop = cl.parse(1, 1))
        return *stop;
    int maxCount = 0;
    if (cl.isSet(QStringLiteral("n"))) {
        bool ok = false;
        maxCount = cl.value(QStringLiteral("n")).toInt(&ok);
        if (!ok || maxCount <= 0)
            return badInput(QStringLiteral("-n needs a positive number"));
    }
    int exitCode = ExitOk;
    auto workspace = openWorkspace(context, &exitCode);
    if (!workspace)
        return exitCode;
    store::PromptRepository prompts(workspace->db, workspace->project.id);
    auto versions = prompts.log(cl.positional().first(), maxCount);
    if (!versions)
        return reportError(versions.error());

    if (cl.wantsJson()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto &version : *versions)
            out.push_back(versionJson(version, false));
        writeJson(out);
        return ExitOk;
    }
    QString text;
    for (const auto &version : *versions)
        text +=
            logLine(versionTag(version), version.createdAt, version.message, version.labels,
                    version.restoredFromNumber > 0
                        ? QStringLiteral("  (restored from @%1)").arg(version.restoredFromNumber)
                        : QString());
    writeOut(text);
    return ExitOk;
}

} // namespace trellis::cli
