#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace trellis::schema {

// One reason an instance does not satisfy a schema, phrased for a person or a model that has
// to repair the value: the message quotes what was expected.
struct ValidationError {
    QString instanceLocation; // JSON pointer to the failing value, "" for the whole instance
    QString schemaLocation;   // keyword path through the schema, $ref included:
                              // "/properties/items/items/required"
    QString keyword;          // "required", "type", ...; "false" for a false schema
    QString message;          // "must have required property 'name'"
    // Why each alternative failed, for anyOf / oneOf / propertyNames / contains.
    std::vector<ValidationError> causes;

    // "/items/2: must have required property 'name'" (root values print as "(root)").
    QString toString() const;
};

// Several errors as a bullet list for a repair prompt, causes indented; stops after
// `maxErrors` top-level entries and says how many were left out.
QString formatErrors(const std::vector<ValidationError> &errors, int maxErrors = 20);

struct CompileOptions {
    // Retrieval URI of the schema; relative "$id" and "$ref" resolve against it.
    std::string baseUri;
    // Further documents "$ref" may point at, by absolute URI (no network access, ever). The
    // draft 2020-12 meta-schemas are always available.
    std::map<std::string, nlohmann::json> documents;
    // Policy for keywords this validator does not know (see docs/json-schema.md):
    // false (default): compile() fails and lists every one of them.
    // true: they are kept as annotations and listed in CompiledSchema::ignoredKeywords().
    // Standard keywords that change validation but are not implemented
    // (unevaluatedProperties, unevaluatedItems, dependencies, ...) always fail.
    bool allowUnknownKeywords = false;
};

class SchemaCompiler;
struct SchemaData;

// A schema compiled once; immutable, so one instance may validate from many threads at once.
class CompiledSchema {
public:
    ~CompiledSchema();
    CompiledSchema(const CompiledSchema &) = delete;
    CompiledSchema &operator=(const CompiledSchema &) = delete;

    // Every error, in schema order. Empty means valid.
    std::vector<ValidationError> validate(const nlohmann::json &instance) const;
    // Stops at the first failure; no messages are built.
    bool isValid(const nlohmann::json &instance) const;

    // "unknown keyword 'x' at /path" for keywords tolerated by allowUnknownKeywords.
    const QStringList &ignoredKeywords() const;

private:
    friend class SchemaCompiler;
    explicit CompiledSchema(std::unique_ptr<SchemaData> data);
    std::unique_ptr<SchemaData> m_data;
};

// Compiles `schema`. On failure the Error message lists every problem, one per line
// ("unsupported keyword 'unevaluatedProperties' at /properties/a/unevaluatedProperties",
// "cannot resolve $ref 'other.json' at /$ref", "invalid regular expression ... at
// /pattern"), and its `field`
// holds the location of the first one.
Result<std::shared_ptr<const CompiledSchema>> compile(const nlohmann::json &schema,
                                                      const CompileOptions &options = {});

} // namespace trellis::schema
