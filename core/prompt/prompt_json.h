#pragma once

#include "common/result.h"
#include "prompt/prompt_spec.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

namespace trellis::prompt {

// The JSON form of a PromptSpec: the same model as the YAML/JSON prompt files (see
// docs/prompt-format.md). Keys with default values are left out so files stay small.
nlohmann::json toJson(const PromptSpec &spec);

// Builds a spec from JSON. Errors name the field ("messages[1].role"); positions are filled
// in by the file readers, which know where each field came from.
Result<PromptSpec> fromJson(const nlohmann::json &doc);

// As above; *errorAtKey is set when the error is about a key itself (an unknown or misspelt
// key), so a reader points at the key rather than at its value.
Result<PromptSpec> fromJson(const nlohmann::json &doc, bool *errorAtKey);

// The file form: the same content as toJson, with keys in reading order (name, description,
// tags, model, params, variables, messages, output_schema) instead of sorted.
nlohmann::ordered_json toOrderedJson(const PromptSpec &spec);

// Canonical serialization: sorted keys, no whitespace, UTF-8. Equal specs give equal bytes,
// so versions are deduplicated and hashed on it.
QByteArray canonicalJson(const PromptSpec &spec);

// SHA-256 of canonicalJson(), lower-case hex (64 characters).
QString contentHash(const PromptSpec &spec);

} // namespace trellis::prompt
