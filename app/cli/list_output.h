#pragma once

#include "cli_io.h"
#include "cli_workspace.h"
#include "common/result.h"
#include "prompt_output.h"

#include <functional>
#include <vector>

namespace trellis::cli {

// How a `list` subcommand shows what it found: the JSON array of --json, a table, or, when
// there is nothing yet, a hint saying how to add the first one.
template <typename Item>
struct ListFormat {
    std::function<nlohmann::json(const Item &)> json;
    QStringList header;
    std::function<QStringList(const Item &)> row;
    QString emptyHint;
};

// Writes what a repository's list() returned as `format` says; returns the exit code.
template <typename Item>
int writeList(const Result<std::vector<Item>> &items, bool asJson, const ListFormat<Item> &format) {
    if (!items)
        return reportError(items.error(), ExitFailure);
    if (asJson) {
        nlohmann::json out = nlohmann::json::array();
        for (const Item &item : *items)
            out.push_back(format.json(item));
        writeJson(out);
        return ExitOk;
    }
    if (items->empty()) {
        writeOut(format.emptyHint + u'\n');
        return ExitOk;
    }
    QList<QStringList> rows;
    for (const Item &item : *items)
        rows.append(format.row(item));
    writeOut(formatTable(format.header, rows));
    return ExitOk;
}

// A whole `list` subcommand: no arguments, --json its only option; `list` reads the items of
// the opened workspace (a repository's list()).
template <typename Item, typename List>
int runListCommand(const CommandContext &context, const QString &description,
                   const ListFormat<Item> &format, List list) {
    CommandLine cl(context, description);
    cl.addJsonOption();
    int exitCode = ExitOk;
    auto workspace = parseAndOpenWorkspace(cl, context, 0, 0, &exitCode);
    if (!workspace)
        return exitCode;
    return writeList(list(*workspace), cl.wantsJson(), format);
}

} // namespace trellis::cli
