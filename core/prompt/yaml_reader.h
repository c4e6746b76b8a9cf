#pragma once

#include "common/result.h"
#include "prompt/source_map.h"

#include <QByteArray>

#include <nlohmann/json.hpp>

namespace trellis::prompt {

// Parses one YAML document into JSON, resolving plain scalars by the YAML 1.2 core schema
// (0.2 is a float, 512 an integer, true a boolean, ~ null; quoted scalars stay strings).
// Records where each field was written in *map. Duplicate keys, non-string keys, custom tags,
// .inf/.nan and more than one document are errors with a line and column. yaml-cpp exceptions
// stop here. `text` must be UTF-8 without a byte order mark.
Result<nlohmann::json> parseYamlDocument(const QByteArray &text, SourceMap *map);

// How a plain (unquoted) YAML scalar resolves under the core schema.
nlohmann::json resolvePlainScalar(const std::string &text, bool *ok);

} // namespace trellis::prompt
