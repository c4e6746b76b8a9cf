#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::eval {

enum class DatasetFormat { Csv, Jsonl, Json, Yaml };

// "csv", "jsonl", "json", "yaml"; parseDatasetFormat also takes "yml" and "ndjson".
QString formatName(DatasetFormat format);
std::optional<DatasetFormat> parseDatasetFormat(const QString &name);
// From a file name's extension; nullopt when it is none of the above.
std::optional<DatasetFormat> formatFromPath(const QString &path);

// One row of a dataset, in promptfoo's test-case shape: the variables, plus what the row
// says about grading it. `vars` keeps the file's column order (ordered_json); values keep
// their types where the format has them (CSV values are strings).
struct DatasetRow {
    int line = 0; // where the row starts in the source file (1-based; 0 when unknown)
    nlohmann::ordered_json vars = nlohmann::ordered_json::object();
    // Row-level test fields, promptfoo names: "assert" (array of assertion objects, from CSV
    // __expected columns or a test case's assert), "description", "threshold", "metadata",
    // "options". Empty object when the row has none.
    nlohmann::json test = nlohmann::json::object();

    bool operator==(const DatasetRow &other) const {
        return vars == other.vars && test == other.test;
    }
};

struct ParsedDataset {
    QStringList columns; // variable names, first-seen order over all rows
    std::vector<DatasetRow> rows;
};

// Parses a whole file before anything is stored, so a bad row stops the import with the row's
// line (and column where known) and nothing half-imported.
//
// CSV: a header row names the columns; every value is a string; promptfoo's special columns
//   are recognised: __expected, __expected1.. (assertions, "contains:foo", "not-regex:^a"),
//   __description, __threshold, __metric, __prefix, __suffix (see promptfoo_csv.h).
// JSONL: one JSON object per non-blank line.
// JSON: an array of objects.
// YAML: a sequence of mappings (YAML 1.2 core schema types).
// An object row is a promptfoo test case when it has an object "vars" and nothing but
// test-case keys (vars, assert, description, threshold, metadata, options); otherwise its
// keys are the variables.
Result<ParsedDataset> parseDataset(const QByteArray &text, DatasetFormat format);

// The canonical form that the content hash is taken over: a JSON array with one
// {"vars": ..., "test": ...} object per row in order, keys sorted, compact. Column order and
// the source format do not change it: the same rows from CSV or JSONL hash alike.
QByteArray canonicalDatasetJson(const ParsedDataset &dataset);
// SHA-256 of canonicalDatasetJson, 64 lower-case hex digits.
QString datasetHash(const ParsedDataset &dataset);

} // namespace trellis::eval
