#pragma once

#include "schema/json_schema.h"
#include "schema/schema_node.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace trellis::schema {

// Turns schema documents into Nodes. Two passes: indexSchemaDocument() walks every document
// once to find schema resources ("$id") and anchors, then nodes are compiled on demand from a
// work list (no recursion, so deeply nested schemas cannot exhaust the stack), starting at
// the root and following every "$ref" to where it points.
class SchemaCompiler {
public:
    explicit SchemaCompiler(const CompileOptions &options);
    Result<std::shared_ptr<const CompiledSchema>> run(const nlohmann::json &schema);

private:
    struct Document {
        const nlohmann::json *json = nullptr;
        std::string uri;
        bool reached = false;
    };
    struct Location {
        std::size_t document = 0;
        std::string pointer;
        bool operator<(const Location &other) const {
            return std::tie(document, pointer) < std::tie(other.document, other.pointer);
        }
    };
    struct RefTarget {
        Location location;
        std::string dynamicAnchor; // set when found through a $dynamicAnchor
    };

    void addDocument(const nlohmann::json *json, const std::string &uri);
    void indexDocument(std::size_t document);
    Resource *addResource(const std::string &uri, const Location &location);
    void indexSchema(const Location &location, const nlohmann::json &schema, Resource *parent,
                     std::vector<std::tuple<Location, const nlohmann::json *, Resource *>> &stack);
    void drainWork();

    const Node *nodeAt(const Location &location);
    void compileNode(Node &node, const Location &location);
    void compileKeyword(Node &node, const Location &location, const std::string &keyword,
                        const nlohmann::json &value);
    bool compileAssertion(Node &node, const Location &location, const std::string &keyword,
                          const nlohmann::json &value);
    void compileSubschemas(Node &node, const Location &location, const std::string &keyword,
                           const nlohmann::json &value);
    void compileRef(Node &node, const Location &location, const std::string &keyword,
                    const nlohmann::json &value);
    std::optional<RefTarget> resolveRef(const Location &from, const std::string &reference) const;
    void compileDynamicAnchors();

    Resource *resourceAt(const Location &location) const;
    std::optional<std::uint64_t> nonNegative(const Location &location, const std::string &keyword,
                                             const nlohmann::json &value);
    void problem(const Location &location, const QString &message);
    QString describe(const Location &location) const;

    CompileOptions m_options;
    std::unique_ptr<SchemaData> m_data;
    std::vector<Document> m_documents;
    std::map<std::string, std::pair<Location, Resource *>> m_resourcesByUri;
    std::map<std::string, Location> m_anchors; // "resource-uri#name"
    struct DynamicAnchor {
        Resource *resource = nullptr;
        std::string name;
        Location location;
    };
    std::vector<DynamicAnchor> m_dynamicAnchors;
    std::map<Location, Resource *> m_resourceOfSchema; // every indexed schema position
    std::map<Location, Node *> m_nodes;
    std::vector<std::pair<Node *, Location>> m_work;
    bool m_usesDynamicRef = false;
    QStringList m_problems;
    QString m_firstProblemLocation;
};

} // namespace trellis::schema
