#pragma once

#include "cli_io.h"
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

} // namespace trellis::cli
