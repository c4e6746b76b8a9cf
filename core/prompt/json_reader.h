#pragma once

#include "common/result.h"
#include "prompt/source_map.h"

#include <QByteArray>

#include <nlohmann/json.hpp>

namespace trellis::prompt {

// Parses strict JSON (RFC 8259) and records where each field was written in *map. Syntax
// errors, duplicate keys and nesting deeper than a bound are errors with a line and column.
// `text` must be UTF-8 without a byte order mark.
Result<nlohmann::json> parseJsonDocument(const QByteArray &text, SourceMap *map);

// How a value's type is named in error messages of the document readers ("a string",
// "a list", "a mapping", ...), the same for JSON and YAML input.
QString jsonTypeName(const nlohmann::json &value);

} // namespace trellis::prompt
