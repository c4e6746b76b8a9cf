// dataset list / show / import / remove: the datasets an experiment can run over.
#include "cli_io.h"
#include "cli_workspace.h"
#include "commands.h"
#include "eval/dataset_repository.h"
#include "list_output.h"
#include "prompt_output.h"
#include "subcommands.h"

#include <QFile>
#include <QFileInfo>

#include <array>

namespace trellis::cli {

namespace {

nlohmann::json infoJson(const eval::DatasetInfo &info) {
    return {
        {"name", info.name.toStdString()},       {"description", info.description.toStdString()},
        {"hash", info.hash.toStdString()},       {"rows", info.rowCount},
        {"created_at", isoTime(info.createdAt)}, {"updated_at", isoTime(info.updatedAt)}};
}

// Finds a dataset by name; prints the error and sets `exitCode` when there is none.
std::optional<eval::DatasetInfo> findDataset(eval::DatasetRepository &repo, const QString &name,
                                             int *exitCode) {
    auto found = repo.find(name);
    if (!found) {
        *exitCode = reportError(found.error(), ExitFailure);
        return std::nullopt;
    }
    if (!*found) {
        *exitCode = badInput(QStringLiteral("no dataset named '%1' (see: trellis-cli dataset "
                                            "list)")
                                 .arg(name));
        return std::nullopt;
    }
    return **found;
}

QString cellText(const nlohmann::ordered_json &value) {
    QString text = value.is_string() ? QString::fromStdString(value.get<std::string>())
                                     : QString::fromStdString(value.dump());
    text.replace(u'\n', QStringLiteral("\\n"));
    return text.size() > 60 ? text.left(59) + QChar(0x2026) : text;
}

int datasetList(const CommandContext &context) {
    const ListFormat<eval::DatasetInfo> format{
        infoJson,
        {QStringLiteral("NAME"), QStringLiteral("ROWS"), QStringLiteral("HASH"),
         QStringLiteral("UPDATED"), QStringLiteral("DESCRIPTION")},
        [](const eval::DatasetInfo &d) {
            return QStringList{d.name, QString::number(d.rowCount), d.hash.left(12),
                               shortTime(d.updatedAt), d.description};
        },
        QStringLiteral("No datasets yet. Add one with: trellis-cli dataset import NAME FILE")};
    return runListCommand(
        context, QStringLiteral("List the datasets of the project."), format,
        [](project::Workspace &w) { return eval::DatasetRepository(w.db, w.project.id).list(); });
}

int datasetShow(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Print the rows of a dataset."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The dataset."),
                     QStringLiteral("NAME"));
    const QCommandLineOption limitOption(QStringLiteral("limit"),
                                         QStringLiteral("Print at most N rows (default 20)."),
                                         QStringLiteral("N"), QStringLiteral("20"));
    cl.addOption(limitOption);
    cl.addJsonOption();
    if (auto stop = cl.parse(1, 1))
        return *stop;
    bool ok = false;
    const int limit = cl.value(limitOption.names().first()).toInt(&ok);
    if (!ok || limit < 0)
        return badInput(QStringLiteral("--limit wants a number >= 0"));
    int exitCode = ExitOk;
    auto workspace = openWorkspace(context, &exitCode);
    if (!workspace)
        return exitCode;
    eval::DatasetRepository repo(workspace->db, workspace->project.id);
    auto info = findDataset(repo, cl.positional().first(), &exitCode);
    if (!info)
        return exitCode;
    auto rows = repo.rows(info->id, info->hash, 0, limit);
    if (!rows)
        return reportError(rows.error(), ExitFailure);
    if (cl.wantsJson()) {
        nlohmann::json out = infoJson(*info);
        out["rows_shown"] = nlohmann::json::array();
        for (const auto &row : *rows)
            out["rows_shown"].push_back({{"vars", row.vars}, {"test", row.test}});
        writeJson(out);
        return ExitOk;
    }
    auto columns = repo.columns(info->id);
    if (!columns)
        return reportError(columns.error(), ExitFailure);
    QList<QStringList> table;
    for (const auto &row : *rows) {
        QStringList cells{QString::number(row.position + 1)};
        for (const QString &column : *columns) {
            const auto it = row.vars.find(column.toStdString());
            cells.append(it == row.vars.end() ? QString() : cellText(*it));
        }
        table.append(cells);
    }
    writeOut(QStringLiteral("%1: %2 rows, hash %3\n")
                 .arg(info->name)
                 .arg(info->rowCount)
                 .arg(info->hash.left(12)));
    writeOut(formatTable(QStringList{QStringLiteral("#")} + *columns, table));
    if (info->rowCount > qint64(rows->size()))
        writeOut(QStringLiteral("(%1 more rows; --limit N shows more)\n")
                     .arg(info->rowCount - qint64(rows->size())));
    return ExitOk;
}

int datasetImport(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Import a CSV, JSONL, JSON or YAML file as a dataset. "
                                           "The whole file is checked first: a bad row stops "
                                           "the import and nothing is stored. Importing "
                                           "different content under an existing name replaces "
                                           "its snapshot; identical content changes nothing."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The dataset's name."),
                     QStringLiteral("NAME"));
    cl.addPositional(QStringLiteral("file"), QStringLiteral("The file to import."),
                     QStringLiteral("FILE"));
    const QCommandLineOption formatOption(
        QStringLiteral("format"),
        QStringLiteral("csv, jsonl, json or yaml (default: from the file's extension)."),
        QStringLiteral("FORMAT"));
    const QCommandLineOption descriptionOption(QStringLiteral("description"),
                                               QStringLiteral("A line saying what it holds."),
                                               QStringLiteral("TEXT"));
    cl.addOption(formatOption);
    cl.addOption(descriptionOption);
    cl.addJsonOption();
    if (auto stop = cl.parse(2, 2))
        return *stop;
    const QString name = cl.positional().at(0);
    const QString path = cl.positional().at(1);
    std::optional<eval::DatasetFormat> format;
    if (cl.isSet(formatOption.names().first())) {
        format = eval::parseDatasetFormat(cl.value(formatOption.names().first()));
        if (!format)
            return badInput(QStringLiteral("unknown --format '%1' (csv, jsonl, json, yaml)")
                                .arg(cl.value(formatOption.names().first())));
    } else {
        format = eval::formatFromPath(path);
        if (!format)
            return badInput(QStringLiteral("%1: cannot tell the format from the extension; "
                                           "pass --format csv|jsonl|json|yaml")
                                .arg(path));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return badInput(QStringLiteral("%1: %2").arg(path, file.errorString()));
    const QByteArray text = file.readAll();

    auto parsed = eval::parseDataset(text, *format);
    if (!parsed) {
        Error error = parsed.error();
        if (error.file.isEmpty())
            error.file = path;
        return reportError(error);
    }
    int exitCode = ExitOk;
    auto workspace = openWorkspace(context, &exitCode);
    if (!workspace)
        return exitCode;
    auto outcome = eval::DatasetRepository(workspace->db, workspace->project.id)
                       .import(name, *parsed, cl.value(descriptionOption.names().first()));
    if (!outcome)
        return reportError(outcome.error(), ExitFailure);
    if (cl.wantsJson()) {
        nlohmann::json out = infoJson(outcome->dataset);
        out["created"] = outcome->created;
        out["changed"] = outcome->changed;
        writeJson(out);
        return ExitOk;
    }
    const QString what = outcome->created   ? QStringLiteral("imported")
                         : outcome->changed ? QStringLiteral("replaced with a new snapshot")
                                            : QStringLiteral("unchanged (same content)");
    writeOut(QStringLiteral("%1: %2, %3 rows, hash %4\n")
                 .arg(name, what)
                 .arg(outcome->dataset.rowCount)
                 .arg(outcome->dataset.hash.left(12)));
    return ExitOk;
}

int datasetRemove(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Delete a dataset and its rows (experiments keep the "
                                           "rows they ran on)."));
    cl.addPositional(QStringLiteral("name"), QStringLiteral("The dataset."),
                     QStringLiteral("NAME"));
    int exitCode = ExitOk;
    auto workspace = parseAndOpenWorkspace(cl, context, 1, 1, &exitCode);
    if (!workspace)
        return exitCode;
    eval::DatasetRepository repo(workspace->db, workspace->project.id);
    auto info = findDataset(repo, cl.positional().first(), &exitCode);
    if (!info)
        return exitCode;
    if (Status st = repo.remove(info->id); !st)
        return reportError(st.error(), ExitFailure);
    writeOut(QStringLiteral("%1: removed\n").arg(info->name));
    return ExitOk;
}

constexpr std::array subcommands{
    Subcommand{"list", "list [--json]", datasetList},
    Subcommand{"show", "show NAME [--limit N] [--json]", datasetShow},
    Subcommand{"import", "import NAME FILE [--format csv|jsonl|json|yaml] [--description TEXT]",
               datasetImport},
    Subcommand{"remove", "remove NAME", datasetRemove},
};

} // namespace

int runDatasetCommand(const CommandContext &context) {
    return dispatchSubcommand(
        context, QStringLiteral("dataset"),
        QStringLiteral("Datasets: rows of variables (and promptfoo test fields) that experiments "
                       "run over."),
        subcommands, QStringLiteral("Run `trellis-cli dataset SUBCOMMAND --help` for details.\n"));
}

} // namespace trellis::cli
