#include "label_command.h"

#include "prompt_output.h"

namespace trellis::cli {

QString describeLabelChange(const QString &name, const QString &label,
                            const store::LabelChange &change) {
    if (!change.changed)
        return QStringLiteral("%1: %2 already at @%3\n").arg(name, label).arg(change.toVersion);
    if (change.fromVersion == 0)
        return QStringLiteral("%1: %2 -> @%3 (new label)\n").arg(name, label).arg(change.toVersion);
    return QStringLiteral("%1: %2 moved @%3 -> @%4\n")
        .arg(name, label)
        .arg(change.fromVersion)
        .arg(change.toVersion);
}

QString describeLabelHistory(const std::vector<store::LabelMove> &moves) {
    auto at = [](int number) {
        return number > 0 ? QStringLiteral("@%1").arg(number) : QStringLiteral("-");
    };
    QString text;
    for (const auto &move : moves)
        text += QStringLiteral("%1  %2 -> %3\n")
                    .arg(shortTime(move.movedAt), at(move.fromVersion), at(move.toVersion));
    return text;
}

std::variant<LabelRequest, int> parseLabelRequest(const CommandContext &context,
                                                  const QString &noun) {
    CommandLine cl(context, QStringLiteral("Point a label (production, staging, any name) at a "
                                           "version, moving it if it exists; or remove it, or "
                                           "show where it has pointed."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The %1.").arg(noun),
                     QStringLiteral("NAME"));
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
    LabelRequest request;
    request.name = args.at(0);
    request.label = args.at(1);
    request.ref = args.value(2);
    request.remove = cl.isSet(QStringLiteral("remove"));
    request.history = cl.isSet(QStringLiteral("history"));
    if (request.remove && request.history)
        return badInput(QStringLiteral("--remove and --history exclude each other"));
    if ((request.remove || request.history) && args.size() == 3)
        return badInput(QStringLiteral("no REF with --remove or --history"));
    if (!request.remove && !request.history && args.size() != 3)
        return badInput(QStringLiteral("%1 label needs NAME LABEL REF (see --help)").arg(noun));
    return request;
}

} // namespace trellis::cli
