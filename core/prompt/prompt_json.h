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

// Canonical serialization: sorted keys, no whitespace, UTF-8. Equal specs give equal bytes,
// so versions are deduplicated and hashed on it.
QByteArray canonicalJson(const PromptSpec &spec);

// SHA-256 of canonicalJson(), lower-case hex (64 characters).
QString contentHash(const PromptSpec &spec);

} // namespace trellis::prompt
