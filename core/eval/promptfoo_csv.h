#pragma once

#include "common/result.h"
#include "eval/csv_reader.h"
#include "eval/dataset.h"

#include <QString>

#include <nlohmann/json.hpp>

namespace trellis::eval {

// promptfoo's CSV test-file conventions (promptfoo src/csv.ts), so `tests: file://x.csv`
// behaves the same in Trellis.

// Whether `type` (without "not-") is an assertion type promptfoo knows, supported by Trellis
// or not. Used to read "type:value" cells; the assertion parser decides what can run.
bool isPromptfooAssertionType(const QString &type);

// One __expected cell as a promptfoo assertion object:
//   "contains:foo"        -> {type: contains, value: foo}
//   "not-icontains:foo"   -> {type: not-icontains, value: foo}
//   "contains-any:a, b"   -> {type: contains-any, value: [a, b]}  (also -all, icontains-*)
//   "levenshtein(3):abc"  -> {type: levenshtein, value: abc, threshold: 3}
//   "is-json"             -> {type: is-json}
//   "grade:polite" / "llm-rubric:polite" -> {type: llm-rubric, value: polite}
//   "javascript:..", "fn:..", "eval:..", "python:.." and file:// scripts -> javascript/python
//   anything else         -> {type: equals, value: <the whole cell>}
// Unlike promptfoo, no default threshold is invented when none is written in parentheses
// (promptfoo puts 0.75 on latency/cost/levenshtein, which means "0 ms" / "distance 0").
nlohmann::json assertionFromCsvString(const QString &cell);

// Splits a CSV record into variables and promptfoo test fields: __expected* (non-blank) ->
// test.assert, __description, __threshold (a number, else an error naming the line and
// column), __metric (copied onto each assertion), __prefix / __suffix -> test.options,
// __providerOutput -> test.providerOutput. Every other column is a string variable.
Result<DatasetRow> rowFromCsvRecord(const QStringList &header, const CsvRecord &record);

} // namespace trellis::eval
