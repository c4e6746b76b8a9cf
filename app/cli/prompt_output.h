#pragma once

#include "store/store_types.h"

#include <QDateTime>
#include <QString>

#include <nlohmann/json.hpp>

namespace trellis::cli {

// "2026-11-26 18:20" in local time, for tables.
QString shortTime(const QDateTime &time);
// "@3 (1a2b3c4)".
QString versionTag(const store::PromptVersion &version);
QString versionTag(int number, const QString &hash);
// JSON helpers for --json output: an array of strings; a UTC ISO time with milliseconds.
nlohmann::json stringList(const QStringList &list);
std::string isoTime(const QDateTime &time);
// A version's metadata (and its spec when withSpec) for --json output.
nlohmann::json versionJson(const store::PromptVersion &version, bool withSpec);
nlohmann::json summaryJson(const store::PromptSummary &summary);

// One line of a version log, newline included:
// "@3 (1a2b3c4)  2026-11-26 18:20  first line of the message  [labels]" plus `suffix`.
QString logLine(const QString &tag, const QDateTime &createdAt, const QString &message,
                const QStringList &labels, const QString &suffix = {});

// Left-aligned columns separated by two spaces; the last column is not padded.
QString formatTable(const QStringList &header, const QList<QStringList> &rows);

} // namespace trellis::cli
