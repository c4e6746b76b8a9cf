// The per-keyword half of SchemaCompiler: checks each keyword's value and fills the Node.
#include "schema/json_pointer.h"
#include "schema/json_value.h"
#include "schema/schema_compiler.h"
#include "schema/uri.h"

namespace trellis::schema {

namespace {

using Json = nlohmann::json;

QString qs(const std::string &text) {
    return QString::fromStdString(text);
}

std::string childPointer(const std::string &pointer, const std::string &token) {
    return pointer + '/' + escapePointerToken(token);
}

unsigned typeBit(const std::string &name) {
    static const std::map<std::string, unsigned> bits{
        {"null", TypeNull},      {"boolean", TypeBoolean}, {"object", TypeObject},
        {"array", TypeArray},    {"number", TypeNumber},   {"string", TypeString},
        {"integer", TypeInteger}};
    const auto it = bits.find(name);
    return it == bits.end() ? 0 : it->second;
}

bool isStringArray(const Json &value) {
    if (!value.is_array())
        return false;
    for (const Json &item : value) {
        if (!item.is_string())
            return false;
    }
    return true;
}

} // namespace

bool SchemaCompiler::compileAssertion(Node &node, const Location &location,
                                      const std::string &keyword, const Json &value) {
    const Location at{location.document, childPointer(location.pointer, keyword)};
    auto invalid = [&](const char *expectation) {
        problem(at, QStringLiteral("'%1' must be %2").arg(qs(keyword), QLatin1String(expectation)));
        return false;
    };
    if (keyword == "type") {
        const Json names = value.is_string() ? Json::array({value}) : value;
        if (!isStringArray(names) || names.empty())
            return invalid("a type name or an array of type names");
        for (const Json &name : names) {
            const unsigned bit = typeBit(name.get<std::string>());
            if (bit == 0)
                return invalid("one of null, boolean, object, array, number, string, integer");
            node.types |= bit;
        }
    } else if (keyword == "enum") {
        if (!value.is_array())
            return invalid("an array");
        node.enumValues = std::vector<Json>(value.begin(), value.end());
    } else if (keyword == "const") {
        node.constValue = value;
    } else if (keyword == "minimum" || keyword == "maximum" || keyword == "exclusiveMinimum"
               || keyword == "exclusiveMaximum" || keyword == "multipleOf") {
        if (!value.is_number())
            return invalid("a number");
        if (keyword == "multipleOf" && !(value.get<double>() > 0))
            return invalid("greater than 0");
        std::optional<Json> *slots[] = {&node.minimum, &node.maximum, &node.exclusiveMinimum,
                                        &node.exclusiveMaximum, &node.multipleOf};
        const char *names[] = {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
                               "multipleOf"};
        for (std::size_t i = 0; i < 5; ++i) {
            if (keyword == names[i])
                *slots[i] = value;
        }
    } else if (keyword == "pattern") {
        if (!value.is_string())
            return invalid("a string");
        auto regex = EcmaRegex::compile(value.get<std::string>());
        if (!regex) {
            problem(at, regex.error().message);
            return false;
        }
        node.pattern = std::move(regex.value());
    } else if (keyword == "uniqueItems") {
        if (!value.is_boolean())
            return invalid("a boolean");
        node.uniqueItems = value.get<bool>();
    } else if (keyword == "required") {
        if (!isStringArray(value))
            return invalid("an array of strings");
        node.required = value.get<std::vector<std::string>>();
    } else if (keyword == "dependentRequired") {
        if (!value.is_object())
            return invalid("an object of string arrays");
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (!isStringArray(it.value()))
                return invalid("an object of string arrays");
            node.dependentRequired.emplace_back(it.key(), it->get<std::vector<std::string>>());
        }
    } else {
        std::optional<std::uint64_t> *slot = nullptr;
        if (keyword == "minLength")
            slot = &node.minLength;
        else if (keyword == "maxLength")
            slot = &node.maxLength;
        else if (keyword == "minItems")
            slot = &node.minItems;
        else if (keyword == "maxItems")
            slot = &node.maxItems;
        else if (keyword == "minProperties")
            slot = &node.minProperties;
        else if (keyword == "maxProperties")
            slot = &node.maxProperties;
        else if (keyword == "minContains")
            slot = &node.minContains;
        else if (keyword == "maxContains")
            slot = &node.maxContains;
        if (!slot) {
            problem(at, QStringLiteral("unsupported keyword '%1'").arg(qs(keyword)));
            return false;
        }
        *slot = nonNegative(location, keyword, value);
    }
    return true;
}

void SchemaCompiler::compileSubschemas(Node &node, const Location &location,
                                       const std::string &keyword, const Json &value) {
    const std::string pointer = childPointer(location.pointer, keyword);
    const Location at{location.document, pointer};
    auto child = [&](const std::string &token) {
        return nodeAt({location.document, childPointer(pointer, token)});
    };
    if (keyword == "$defs" || keyword == "definitions") {
        // Compiled only when a $ref points into them.
        if (!value.is_object())
            problem(at, QStringLiteral("'%1' must be an object of schemas").arg(qs(keyword)));
    } else if (keyword == "properties" || keyword == "patternProperties"
               || keyword == "dependentSchemas") {
        if (!value.is_object()) {
            problem(at, QStringLiteral("'%1' must be an object of schemas").arg(qs(keyword)));
            return;
        }
        for (auto it = value.begin(); it != value.end(); ++it) {
            if (keyword == "properties") {
                node.properties.emplace(it.key(), child(it.key()));
            } else if (keyword == "dependentSchemas") {
                node.dependentSchemas.emplace_back(it.key(), child(it.key()));
            } else if (auto regex = EcmaRegex::compile(it.key())) {
                node.patternProperties.emplace_back(
                    it.key(), PatternNode{std::move(regex.value()), child(it.key())});
            } else {
                problem({location.document, childPointer(pointer, it.key())},
                        regex.error().message);
            }
        }
    } else if (keyword == "prefixItems" || keyword == "allOf" || keyword == "anyOf"
               || keyword == "oneOf") {
        if (!value.is_array() || value.empty()) {
            problem(at,
                    QStringLiteral("'%1' must be a non-empty array of schemas").arg(qs(keyword)));
            return;
        }
        std::vector<const Node *> &list = keyword == "prefixItems" ? node.prefixItems
                                          : keyword == "allOf"     ? node.allOf
                                          : keyword == "anyOf"     ? node.anyOf
                                                                   : node.oneOf;
        for (std::size_t i = 0; i < value.size(); ++i)
            list.push_back(child(std::to_string(i)));
    } else {
        if (keyword == "items" && value.is_array()) {
            problem(at, QStringLiteral("'items' must be a schema; tuples use 'prefixItems' in "
                                       "draft 2020-12"));
            return;
        }
        const Node *sub = nodeAt(at);
        const std::pair<const char *, const Node **> slots[] = {
            {"additionalProperties", &node.additionalProperties},
            {"propertyNames", &node.propertyNames},
            {"items", &node.items},
            {"contains", &node.contains},
            {"not", &node.notSchema},
            {"if", &node.ifSchema},
            {"then", &node.thenSchema},
            {"else", &node.elseSchema}};
        for (const auto &[name, slot] : slots) {
            if (keyword == name)
                *slot = sub;
        }
    }
}

void SchemaCompiler::compileRef(Node &node, const Location &location, const std::string &keyword,
                                const Json &value) {
    const Location at{location.document, childPointer(location.pointer, keyword)};
    if (!value.is_string()) {
        problem(at, QStringLiteral("'%1' must be a string").arg(qs(keyword)));
        return;
    }
    const std::string reference = value.get<std::string>();
    const auto target = resolveRef(location, reference);
    if (!target) {
        problem(at, QStringLiteral("cannot resolve %1 '%2' (only this document, the draft "
                                   "2020-12 meta-schemas and documents given to compile() are "
                                   "available)")
                        .arg(qs(keyword), qs(reference)));
        return;
    }
    if (keyword == "$ref") {
        node.ref = nodeAt(target->location);
    } else {
        node.dynamicRef = nodeAt(target->location);
        node.dynamicAnchorName = target->dynamicAnchor;
        m_usesDynamicRef = true;
    }
}

std::optional<SchemaCompiler::RefTarget>
SchemaCompiler::resolveRef(const Location &from, const std::string &reference) const {
    const Resource *base = resourceAt(from);
    const UriParts parts = splitFragment(resolveUri(base ? base->uri : std::string(), reference));
    const auto resource = m_resourcesByUri.find(parts.withoutFragment);
    if (resource == m_resourcesByUri.end())
        return std::nullopt;
    const Location &root = resource->second.first;
    if (parts.fragment.empty())
        return RefTarget{root, {}};
    if (parts.fragment.front() == '/') {
        const Location target{root.document, root.pointer + percentDecode(parts.fragment)};
        if (!resolvePointer(*m_documents[target.document].json, target.pointer))
            return std::nullopt;
        return RefTarget{target, {}};
    }
    const std::string anchor = parts.withoutFragment + '#' + percentDecode(parts.fragment);
    const auto found = m_anchors.find(anchor);
    if (found == m_anchors.end())
        return std::nullopt;
    RefTarget target{found->second, {}};
    for (const DynamicAnchor &dynamic : m_dynamicAnchors) {
        if (dynamic.location.document == found->second.document
            && dynamic.location.pointer == found->second.pointer
            && dynamic.name == percentDecode(parts.fragment))
            target.dynamicAnchor = dynamic.name;
    }
    return target;
}

// $dynamicRef may land on any "$dynamicAnchor" of the resources in the dynamic scope, which
// is only known while validating: compile them all (in the documents in use) up front.
void SchemaCompiler::compileDynamicAnchors() {
    bool added = true;
    while (added) {
        added = false;
        for (const DynamicAnchor &dynamic : m_dynamicAnchors) {
            if (!m_documents[dynamic.location.document].reached
                || dynamic.resource->dynamicAnchors.count(dynamic.name) != 0)
                continue;
            dynamic.resource->dynamicAnchors.emplace(dynamic.name, nodeAt(dynamic.location));
            added = true;
        }
        drainWork();
    }
}

} // namespace trellis::schema
