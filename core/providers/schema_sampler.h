#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

namespace trellis::providers {

// Builds a JSON value that is valid against a JSON Schema, deterministically from `seed`.
// Understands type (and type lists), enum, const, properties/required, items/prefixItems with
// minItems/maxItems, minimum/maximum (exclusive too), multipleOf, minLength/maxLength, common
// formats, allOf (merged), anyOf/oneOf (first branch), and $ref to #/$defs or #/definitions.
// `pattern` is not honoured (a regex cannot be inverted in general); strings say "dry run".
nlohmann::json sampleFromSchema(const nlohmann::json &schema, std::uint64_t seed);

} // namespace trellis::providers
