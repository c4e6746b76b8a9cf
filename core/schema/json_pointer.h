#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::schema {

// RFC 6901 JSON pointers, the address format of both instance and schema locations.

// Escapes one reference token ("~" -> "~0", "/" -> "~1").
std::string escapePointerToken(std::string_view token);

// Splits a pointer into unescaped tokens; nullopt when it is not a valid pointer
// (missing leading '/', or a '~' not followed by '0' or '1').
std::optional<std::vector<std::string>> parsePointer(std::string_view pointer);

// The value a pointer designates inside `root`, or nullptr when there is none.
const nlohmann::json *resolvePointer(const nlohmann::json &root, std::string_view pointer);

// The pointer without its last token ("" stays ""): the parent location.
std::string parentPointer(std::string_view pointer);

} // namespace trellis::schema
