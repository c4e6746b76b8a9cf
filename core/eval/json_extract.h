#pragma once

#include <QString>

#include <nlohmann/json.hpp>
#include <optional>

namespace trellis::eval {

// The whole text as JSON (surrounding whitespace allowed), or nullopt.
std::optional<nlohmann::json> parseJsonText(const QString &text);

// The first JSON object or array embedded in free text: the whole text, a ```json fenced
// block, or the first balanced {...} / [...] that parses. Models wrap JSON in prose and
// fences; judges and contains-json need the value inside.
std::optional<nlohmann::json> extractJson(const QString &text);

} // namespace trellis::eval
