#include "schema/schema_compiler.h"

#include "schema/json_pointer.h"
#include "schema/json_value.h"
#include "schema/metaschemas.h"
#include "schema/schema_keywords.h"
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

} // namespace

SchemaCompiler::SchemaCompiler(const CompileOptions &options)
    : m_options(options)
    , m_data(std::make_unique<SchemaData>()) {}

Result<std::shared_ptr<const CompiledSchema>> SchemaCompiler::run(const Json &schema) {
    addDocument(&schema, m_options.baseUri);
    for (const auto &[uri, document] : m_options.documents)
        addDocument(&document, uri);
    for (const auto &[uri, document] : builtinDocuments())
        addDocument(&document, uri);
    for (std::size_t i = 0; i < m_documents.size(); ++i)
        indexDocument(i);

    m_data->root = nodeAt({0, {}});
    drainWork();
    if (m_usesDynamicRef)
        compileDynamicAnchors();

    if (!m_problems.isEmpty())
        return Error(m_problems.join(QLatin1Char('\n'))).forField(m_firstProblemLocation);
    return std::shared_ptr<const CompiledSchema>(new CompiledSchema(std::move(m_data)));
}

void SchemaCompiler::addDocument(const Json *json, const std::string &uri) {
    m_documents.push_back({json, splitFragment(uri).withoutFragment, false});
}

Resource *SchemaCompiler::addResource(const std::string &uri, const Location &location) {
    const auto existing = m_resourcesByUri.find(uri);
    if (existing != m_resourcesByUri.end())
        return existing->second.second; // the first definition of a URI wins
    Resource &resource = m_data->resources.emplace_back();
    resource.uri = uri;
    m_resourcesByUri.emplace(uri, std::make_pair(location, &resource));
    return &resource;
}

void SchemaCompiler::indexDocument(std::size_t document) {
    const Location root{document, {}};
    Resource *resource = addResource(m_documents[document].uri, root);
    std::vector<std::tuple<Location, const Json *, Resource *>> stack;
    stack.emplace_back(root, m_documents[document].json, resource);
    while (!stack.empty()) {
        auto [location, schema, parent] = std::move(stack.back());
        stack.pop_back();
        indexSchema(location, *schema, parent, stack);
    }
}

// Records the resource and anchors of one schema position and queues its subschemas. Only
// keywords known to hold schemas are entered: an "$id" inside "enum" or "const" is data.
void SchemaCompiler::indexSchema(
    const Location &location, const Json &schema, Resource *parent,
    std::vector<std::tuple<Location, const Json *, Resource *>> &stack) {
    Resource *resource = parent;
    if (schema.is_object()) {
        const auto id = schema.find("$id");
        if (id != schema.end() && id->is_string())
            resource = addResource(
                splitFragment(resolveUri(parent->uri, id->get<std::string>())).withoutFragment,
                location);
    }
    m_resourceOfSchema.emplace(location, resource);
    if (!schema.is_object())
        return;
    for (const char *keyword : {"$anchor", "$dynamicAnchor"}) {
        const auto anchor = schema.find(keyword);
        if (anchor == schema.end() || !anchor->is_string())
            continue;
        const std::string name = anchor->get<std::string>();
        m_anchors.emplace(resource->uri + '#' + name, location);
        if (std::string_view(keyword) == "$dynamicAnchor")
            m_dynamicAnchors.push_back({resource, name, location});
    }
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        const KeywordKind kind = keywordKind(it.key());
        const std::string pointer = childPointer(location.pointer, it.key());
        if (kind == KeywordKind::Schema) {
            stack.emplace_back(Location{location.document, pointer}, &it.value(), resource);
        } else if (kind == KeywordKind::SchemaMap && it->is_object()) {
            for (auto child = it->begin(); child != it->end(); ++child)
                stack.emplace_back(Location{location.document, childPointer(pointer, child.key())},
                                   &child.value(), resource);
        } else if (kind == KeywordKind::SchemaArray && it->is_array()) {
            for (std::size_t i = 0; i < it->size(); ++i)
                stack.emplace_back(Location{location.document, pointer + '/' + std::to_string(i)},
                                   &(*it)[i], resource);
        }
    }
}

Resource *SchemaCompiler::resourceAt(const Location &location) const {
    // Positions inside unknown keywords were not indexed: they belong to the nearest
    // indexed ancestor's resource.
    Location current = location;
    while (true) {
        const auto it = m_resourceOfSchema.find(current);
        if (it != m_resourceOfSchema.end())
            return it->second;
        if (current.pointer.empty())
            return nullptr;
        current.pointer = parentPointer(current.pointer);
    }
}

const Node *SchemaCompiler::nodeAt(const Location &location) {
    const auto it = m_nodes.find(location);
    if (it != m_nodes.end())
        return it->second;
    Node &node = m_data->nodes.emplace_back();
    node.resource = resourceAt(location);
    m_documents[location.document].reached = true;
    m_nodes.emplace(location, &node);
    m_work.emplace_back(&node, location);
    return &node;
}

void SchemaCompiler::drainWork() {
    while (!m_work.empty()) {
        auto [node, location] = std::move(m_work.back());
        m_work.pop_back();
        compileNode(*node, location);
    }
}

void SchemaCompiler::compileNode(Node &node, const Location &location) {
    const Json *schema = resolvePointer(*m_documents[location.document].json, location.pointer);
    if (schema && schema->is_boolean()) {
        node.booleanSchema = schema->get<bool>();
        return;
    }
    if (!schema || !schema->is_object()) {
        problem(location, QStringLiteral("a schema must be an object or a boolean, not %1")
                              .arg(QLatin1String(schema ? jsonTypeName(*schema) : "missing")));
        node.booleanSchema = true;
        return;
    }
    for (auto it = schema->begin(); it != schema->end(); ++it)
        compileKeyword(node, location, it.key(), it.value());
}

void SchemaCompiler::compileKeyword(Node &node, const Location &location,
                                    const std::string &keyword, const Json &value) {
    const Location at{location.document, childPointer(location.pointer, keyword)};
    switch (keywordKind(keyword)) {
    case KeywordKind::Annotation:
        return;
    case KeywordKind::Identifier:
        if (keyword != "$vocabulary" && !value.is_string())
            problem(at, QStringLiteral("'%1' must be a string").arg(qs(keyword)));
        return;
    case KeywordKind::Schema:
    case KeywordKind::SchemaMap:
    case KeywordKind::SchemaArray:
        compileSubschemas(node, location, keyword, value);
        return;
    case KeywordKind::Assertion:
        if (keyword == "$ref" || keyword == "$dynamicRef")
            compileRef(node, location, keyword, value);
        else
            compileAssertion(node, location, keyword, value);
        return;
    case KeywordKind::Unsupported:
        problem(at, QStringLiteral("unsupported keyword '%1'").arg(qs(keyword)));
        return;
    case KeywordKind::Unknown:
        if (m_options.allowUnknownKeywords)
            m_data->ignoredKeywords
                << QStringLiteral("unknown keyword '%1' at %2").arg(qs(keyword), describe(at));
        else
            problem(at, QStringLiteral("unsupported keyword '%1'").arg(qs(keyword)));
        return;
    }
}

std::optional<std::uint64_t> SchemaCompiler::nonNegative(const Location &location,
                                                         const std::string &keyword,
                                                         const Json &value) {
    // 2020-12 allows integer-valued decimals such as 2.0 here.
    if (value.is_number_unsigned())
        return value.get<std::uint64_t>();
    if (value.is_number() && isIntegerValue(value) && value.get<double>() >= 0) {
        const double d = value.get<double>();
        return d >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(d);
    }
    problem({location.document, childPointer(location.pointer, keyword)},
            QStringLiteral("'%1' must be a non-negative integer").arg(qs(keyword)));
    return std::nullopt;
}

void SchemaCompiler::problem(const Location &location, const QString &message) {
    const QString where = describe(location);
    if (m_problems.isEmpty())
        m_firstProblemLocation = where;
    m_problems << message + QStringLiteral(" at ") + where;
}

QString SchemaCompiler::describe(const Location &location) const {
    const QString pointer =
        location.pointer.empty() ? QStringLiteral("(root)") : qs(location.pointer);
    if (location.document == 0)
        return pointer;
    return qs(m_documents[location.document].uri) + QLatin1Char('#') + qs(location.pointer);
}

} // namespace trellis::schema
