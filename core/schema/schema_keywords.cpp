#include "schema/schema_keywords.h"

#include <utility>

namespace trellis::schema {

namespace {

using K = KeywordKind;

constexpr std::pair<std::string_view, KeywordKind> keywords[] = {
    {"$schema", K::Identifier},
    {"$id", K::Identifier},
    {"$anchor", K::Identifier},
    {"$dynamicAnchor", K::Identifier},
    {"$vocabulary", K::Identifier},
    {"$comment", K::Annotation},
    {"title", K::Annotation},
    {"description", K::Annotation},
    {"default", K::Annotation},
    {"examples", K::Annotation},
    {"deprecated", K::Annotation},
    {"readOnly", K::Annotation},
    {"writeOnly", K::Annotation},
    {"format", K::Annotation},
    {"contentEncoding", K::Annotation},
    {"contentMediaType", K::Annotation},
    {"contentSchema", K::Annotation},
    {"$ref", K::Assertion},
    {"$dynamicRef", K::Assertion},
    {"$defs", K::SchemaMap},
    {"definitions", K::SchemaMap}, // the pre-2019 name; still common in generated schemas
    {"type", K::Assertion},
    {"enum", K::Assertion},
    {"const", K::Assertion},
    {"multipleOf", K::Assertion},
    {"maximum", K::Assertion},
    {"exclusiveMaximum", K::Assertion},
    {"minimum", K::Assertion},
    {"exclusiveMinimum", K::Assertion},
    {"maxLength", K::Assertion},
    {"minLength", K::Assertion},
    {"pattern", K::Assertion},
    {"maxItems", K::Assertion},
    {"minItems", K::Assertion},
    {"uniqueItems", K::Assertion},
    {"maxContains", K::Assertion},
    {"minContains", K::Assertion},
    {"maxProperties", K::Assertion},
    {"minProperties", K::Assertion},
    {"required", K::Assertion},
    {"dependentRequired", K::Assertion},
    {"properties", K::SchemaMap},
    {"patternProperties", K::SchemaMap},
    {"dependentSchemas", K::SchemaMap},
    {"additionalProperties", K::Schema},
    {"propertyNames", K::Schema},
    {"items", K::Schema},
    {"contains", K::Schema},
    {"not", K::Schema},
    {"if", K::Schema},
    {"then", K::Schema},
    {"else", K::Schema},
    {"prefixItems", K::SchemaArray},
    {"allOf", K::SchemaArray},
    {"anyOf", K::SchemaArray},
    {"oneOf", K::SchemaArray},
    // Standard keywords whose absence of support would silently accept invalid values.
    {"unevaluatedProperties", K::Unsupported},
    {"unevaluatedItems", K::Unsupported},
    {"$recursiveRef", K::Unsupported},
    {"$recursiveAnchor", K::Unsupported},
    {"dependencies", K::Unsupported},
    {"additionalItems", K::Unsupported},
    // Draft 4-7 spellings with different meaning in 2020-12.
    {"divisibleBy", K::Unsupported},
    {"disallow", K::Unsupported},
    {"extends", K::Unsupported},
};

} // namespace

KeywordKind keywordKind(std::string_view keyword) {
    for (const auto &[name, kind] : keywords) {
        if (name == keyword)
            return kind;
    }
    return KeywordKind::Unknown;
}

} // namespace trellis::schema
