#pragma once

// Internal: the compiled form of one (sub)schema. Nodes point at each other with plain
// pointers; SchemaData owns them all and never changes after compile().

#include "schema/ecma_regex.h"

#include <QStringList>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trellis::schema {

struct Node;

// A schema resource (a document root or a subschema with "$id"): the unit of dynamic scope.
struct Resource {
    std::string uri;
    std::map<std::string, const Node *> dynamicAnchors;
};

enum TypeBit : unsigned {
    TypeNull = 1,
    TypeBoolean = 2,
    TypeObject = 4,
    TypeArray = 8,
    TypeNumber = 16,
    TypeString = 32,
    TypeInteger = 64,
};

struct PatternNode {
    EcmaRegex regex;
    const Node *schema = nullptr;
};

struct Node {
    std::optional<bool> booleanSchema; // set for the schemas true and false
    const Resource *resource = nullptr;

    unsigned types = 0; // TypeBit mask; 0 = no "type" keyword
    std::optional<std::vector<nlohmann::json>> enumValues;
    std::optional<nlohmann::json> constValue;

    std::optional<nlohmann::json> minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf;
    std::optional<std::uint64_t> minLength, maxLength, minItems, maxItems, minProperties,
        maxProperties, minContains, maxContains;
    std::optional<EcmaRegex> pattern;
    bool uniqueItems = false;

    std::map<std::string, const Node *> properties;
    std::vector<std::pair<std::string, PatternNode>> patternProperties; // source -> regex
    const Node *additionalProperties = nullptr;
    std::vector<std::string> required;
    const Node *propertyNames = nullptr;
    std::vector<std::pair<std::string, std::vector<std::string>>> dependentRequired;
    std::vector<std::pair<std::string, const Node *>> dependentSchemas;

    std::vector<const Node *> prefixItems;
    const Node *items = nullptr;
    const Node *contains = nullptr;

    std::vector<const Node *> allOf, anyOf, oneOf;
    const Node *notSchema = nullptr;
    const Node *ifSchema = nullptr;
    const Node *thenSchema = nullptr;
    const Node *elseSchema = nullptr;

    const Node *ref = nullptr;
    const Node *dynamicRef = nullptr;
    // Set when the $dynamicRef's static target carries a matching $dynamicAnchor, so the
    // outermost resource in the dynamic scope with that anchor wins (2020-12 section 8.2.3.2).
    std::string dynamicAnchorName;
};

struct SchemaData {
    std::deque<Node> nodes;
    std::deque<Resource> resources;
    const Node *root = nullptr;
    QStringList ignoredKeywords;
};

} // namespace trellis::schema
