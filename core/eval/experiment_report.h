#pragma once

#include "eval/experiment_results.h"

#include <QByteArray>
#include <QString>

namespace trellis::eval {

enum class ReportFormat { Json, Csv, JUnit };

// From the output file's extension: .json, .csv, .xml (JUnit); nullopt otherwise.
std::optional<ReportFormat> reportFormatForPath(const QString &path);

// JSON: {"experiment", "summary", "variants": [stats], "comparisons": [...], "cells": [...]}.
QByteArray reportJson(const ExperimentResults &results, const QString &name);
// CSV (RFC 4180): one line per cell: column, variant, model, row, repeat, description,
// status, pass, score, latency_ms, ttft_ms, cost_usd, input_tokens, output_tokens, output,
// reason.
QByteArray reportCsv(const ExperimentResults &results);
// JUnit XML: one <testsuite> per column, one <testcase> per cell; a failed cell is a
// <failure>, a failed call an <error>, a cell not run <skipped/>.
QByteArray reportJUnit(const ExperimentResults &results, const QString &name);

// The text the CLI prints: a table with one line per column, then the A/B verdicts.
QString summaryText(const ExperimentResults &results);

} // namespace trellis::eval
