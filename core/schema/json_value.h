#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace trellis::schema {

// JSON data-model semantics that nlohmann::json does not give directly: numbers are
// compared by value across its int64 / uint64 / double storage (1 == 1.0, exactly, also
// beyond 2^53), objects by key set.

// <0, 0, >0 like strcmp; both arguments must be numbers.
int compareNumbers(const nlohmann::json &a, const nlohmann::json &b);

// Deep equality with JSON Schema number semantics (enum, const, uniqueItems).
bool jsonEqual(const nlohmann::json &a, const nlohmann::json &b);

// A hash consistent with jsonEqual.
std::size_t jsonHash(const nlohmann::json &value);

// 1, -3, 1.0 and 1e300 are integers; 1.5 is not.
bool isIntegerValue(const nlohmann::json &number);

// Whether `value` is an integer multiple of `divisor` (> 0), exact for integers and robust
// to binary rounding for decimals such as 0.0075 / 0.0001.
bool isMultipleOf(const nlohmann::json &value, const nlohmann::json &divisor);

// Number of Unicode code points in a UTF-8 string (what minLength/maxLength count).
std::size_t codePointLength(std::string_view utf8);

// JSON Schema type name of a value: "null", "boolean", "object", "array", "string",
// "integer" or "number" (integer-valued numbers report "integer").
const char *jsonTypeName(const nlohmann::json &value);

} // namespace trellis::schema
