#pragma once

#include <string_view>

namespace trellis::schema {

// What a keyword is to this validator; one table drives both the resource indexer (which
// keywords hold subschemas) and the compiler (which keywords are known at all).
enum class KeywordKind {
    Annotation,  // no effect on validity: title, format, $comment, ...
    Identifier,  // $id, $anchor, $dynamicAnchor, $schema, $vocabulary
    Schema,      // one subschema: not, items, ...
    SchemaMap,   // object of subschemas: properties, $defs, ...
    SchemaArray, // array of subschemas: allOf, prefixItems, ...
    Assertion,   // any other implemented keyword: type, minimum, required, $ref, ...
    Unsupported, // standard, changes validity, not implemented: compile() always fails
    Unknown,     // not a draft 2020-12 keyword at all
};

KeywordKind keywordKind(std::string_view keyword);

} // namespace trellis::schema
