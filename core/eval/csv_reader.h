#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace trellis::eval {

// One record of a CSV file: its fields and where it started (1-based line, counting the
// physical lines of earlier records, embedded newlines included).
struct CsvRecord {
    int line = 0;
    QStringList fields;
    std::vector<int> columns; // 1-based column (code points) where each field starts
};

struct CsvTable {
    QStringList header;
    std::vector<CsvRecord> records;
};

// Parses RFC 4180 CSV: comma separated, fields optionally in double quotes, "" inside quotes
// for a quote, CRLF / LF / CR line ends, newlines and commas allowed inside quoted fields, a
// UTF-8 byte order mark ignored. The first record is the header and names the columns; each
// name must be non-empty and unique. Every record must have as many fields as the header
// (a ragged record is an error, not padded). Blank lines outside quotes are skipped.
//
// Errors carry the line and column (in code points) of the offending byte: an unterminated
// quoted field, a quote inside an unquoted field, text after a closing quote, a ragged
// record, invalid UTF-8.
Result<CsvTable> parseCsv(const QByteArray &bytes);

} // namespace trellis::eval
