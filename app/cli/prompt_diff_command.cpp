// prompt diff: what changed between two versions, as text or JSON.
#include "cli_io.h"
#include "cli_workspace.h"
#include "diff/prompt_diff.h"
#include "prompt/prompt_spec.h"
#include "prompt_commands.h"
#include "prompt_output.h"
#include "store/prompt_repository.h"

namespace trellis::cli {

namespace {

const char *kindName(diff::ChangeKind kind) {
    switch (kind) {
    case diff::ChangeKind::Unchanged:
        return "unchanged";
    case diff::ChangeKind::Added:
        return "added";
    case diff::ChangeKind::Removed:
        return "removed";
    case diff::ChangeKind::Changed:
        return "changed";
    }
    return "";
}

nlohmann::json diffJson(const store::PromptVersion &from, const store::PromptVersion &to,
                        const diff::PromptDiff &changes) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto &field : changes.fields)
        fields.push_back({{"field", field.field.toStdString()},
                          {"kind", kindName(field.kind)},
                          {"old", field.oldValue},
                          {"new", field.newValue}});
    nlohmann::json messages = nlohmann::json::array();
    for (const auto &message : changes.messages) {
        nlohmann::json entry{{"kind", kindName(message.kind)}};
        if (message.oldIndex >= 0) {
            entry["old_index"] = message.oldIndex;
            entry["old_role"] = prompt::roleName(message.oldRole).toStdString();
        }
        if (message.newIndex >= 0) {
            entry["new_index"] = message.newIndex;
            entry["new_role"] = prompt::roleName(message.newRole).toStdString();
        }
        if (message.contentChanged)
            entry["diff"] = diff::renderUnified(message.content).toStdString();
        messages.push_back(entry);
    }
    return {{"prompt", from.promptName.toStdString()},
            {"from", versionJson(from, false)},
            {"to", versionJson(to, false)},
            {"identical", changes.isEmpty()},
            {"fields", fields},
            {"messages", messages}};
}

} // namespace

int promptDiff(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Show what changed between two versions of a prompt: "
                                           "fields and parameters one per line, then each changed "
                                           "message as a unified diff with changed words marked "
                                           "[-old-]{+new+}."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The prompt."), QStringLiteral("NAME"));
    cl.addPositional(QStringLiteral("ref1"), QStringLiteral("The older version."),
                     QStringLiteral("REF1"));
    cl.addPositional(QStringLiteral("ref2"), QStringLiteral("The newer version."),
                     QStringLiteral("REF2"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print JSON."));
    const QCommandLineOption lines(QStringLiteral("no-word-diff"),
                                   QStringLiteral("Show edited lines as - and + lines."));
    cl.addOption(json);
    cl.addOption(lines);
    int exitCode = ExitOk;
    auto workspace = parseAndOpenWorkspace(cl, context, 3, 3, &exitCode);
    if (!workspace)
        return exitCode;
    store::PromptRepository prompts(workspace->db, workspace->project.id);
    const QStringList args = cl.positional();
    auto from = prompts.resolve(args.at(0), args.at(1));
    if (!from)
        return reportError(from.error());
    auto to = prompts.resolve(args.at(0), args.at(2));
    if (!to)
        return reportError(to.error());

    const diff::PromptDiff changes = diff::diffPrompts(from->spec, to->spec);
    if (cl.isSet(QStringLiteral("json"))) {
        writeJson(diffJson(*from, *to, changes));
        return ExitOk;
    }
    if (changes.isEmpty()) {
        writeOut(QStringLiteral("%1 %2 and %3 have the same content\n")
                     .arg(from->promptName, versionTag(*from), versionTag(*to)));
        return ExitOk;
    }
    diff::UnifiedOptions options;
    options.wordDiff = !cl.isSet(QStringLiteral("no-word-diff"));
    writeOut(QStringLiteral("--- %1 %2\n+++ %1 %3\n")
                 .arg(from->promptName, versionTag(*from), versionTag(*to)));
    writeOut(diff::renderPromptDiff(changes, options));
    return ExitOk;
}

} // namespace trellis::cli
