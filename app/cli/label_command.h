#pragma once

// `prompt label` and `workflow label`: the same command over PromptRepository and
// WorkflowRepository, which share the label methods (setLabel, removeLabel, labelHistory).
#include "cli_io.h"
#include "cli_workspace.h"
#include "command_line.h"
#include "store/store_types.h"

#include <variant>
#include <vector>

namespace trellis::cli {

// "name: production moved @1 -> @3", "... -> @2 (new label)", "... already at @3".
QString describeLabelChange(const QString &name, const QString &label,
                            const store::LabelChange &change);
// One line per move, newest first: "2026-11-26 18:20  @1 -> @3" ("-" for none).
QString describeLabelHistory(const std::vector<store::LabelMove> &moves);

// What the command asks for, from its arguments; an exit code when they do not fit.
struct LabelRequest {
    QString name;
    QString label;
    QString ref;
    bool remove = false;
    bool history = false;
};
std::variant<LabelRequest, int> parseLabelRequest(const CommandContext &context,
                                                  const QString &noun);

template <typename Repository>
int runLabelCommand(const CommandContext &context, const QString &noun) {
    auto parsed = parseLabelRequest(context, noun);
    if (const int *stop = std::get_if<int>(&parsed))
        return *stop;
    const LabelRequest &request = std::get<LabelRequest>(parsed);
    int exitCode = ExitOk;
    auto workspace = openWorkspace(context, &exitCode);
    if (!workspace)
        return exitCode;
    Repository repository(workspace->db, workspace->project.id);
    if (request.remove) {
        if (Status removed = repository.removeLabel(request.name, request.label); !removed)
            return reportError(removed.error());
        writeOut(QStringLiteral("%1: label %2 removed\n").arg(request.name, request.label));
        return ExitOk;
    }
    if (request.history) {
        auto moves = repository.labelHistory(request.name, request.label);
        if (!moves)
            return reportError(moves.error());
        writeOut(describeLabelHistory(*moves));
        return ExitOk;
    }
    auto change = repository.setLabel(request.name, request.label, request.ref);
    if (!change)
        return reportError(change.error());
    writeOut(describeLabelChange(request.name, request.label, *change));
    return ExitOk;
}

} // namespace trellis::cli
