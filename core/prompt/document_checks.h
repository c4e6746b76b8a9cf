#pragma once

#include "common/result.h"

#include <QString>

#include <initializer_list>
#include <nlohmann/json.hpp>

namespace trellis::prompt {

// Checks shared by the readers of hand-written documents (prompt files, experiment files,
// workflow files). Every error names the field path (see field_path.h), so the file readers
// can turn it into a line and column through their source maps.

// An error at `field`.
Error fieldError(const QString &field, const QString &message);

// "expected <what>, got <the value's type>" at `field` unless `ok`.
Status expectType(bool ok, const nlohmann::json &value, const QString &field, const char *what);

// Unknown keys of `object` are errors naming the key and the expected ones, so a typo
// ("temprature", "varaints") is never dropped silently. The error's field is the unknown key.
Status checkKnownKeys(const nlohmann::json &object, const QString &field,
                      std::initializer_list<const char *> known);

// A model id as the documents write it: `provider:model`, provider in lower case.
bool isModelId(const QString &model);

// The string a JSON string value holds (the caller has checked that it is one).
QString jsonString(const nlohmann::json &value);

} // namespace trellis::prompt
