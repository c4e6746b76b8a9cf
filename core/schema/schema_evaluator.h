#pragma once

#include "schema/json_schema.h"
#include "schema/schema_node.h"

#include <cstddef>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

namespace trellis::schema {

// One validation run over one instance. In collecting mode every failure becomes a
// ValidationError; in fast mode (isValid) the first failure ends the run and nothing is
// built. Locations are kept as token stacks and only turned into strings for errors.
class Evaluator {
public:
    // Guards against schemas that never consume the instance ({"$ref": "#"}) and against
    // applicator nesting that grows exponentially; either ends the run as invalid.
    static constexpr int maxDepth = 384;
    static constexpr std::size_t minStepBudget = 1'000'000;
    static constexpr std::size_t stepsPerInstanceValue = 64;

    Evaluator(const nlohmann::json &instance, std::vector<ValidationError> *errors);
    bool run(const Node &root, const nlohmann::json &instance);

private:
    using Token = std::variant<std::string_view, std::size_t>;
    class PathGuard;

    bool evaluate(const Node &node, const nlohmann::json &instance);
    bool evaluateKeywords(const Node &node, const nlohmann::json &instance);
    bool child(const Node &node, const nlohmann::json &instance,
               std::initializer_list<Token> schema,
               std::optional<Token> instanceToken = std::nullopt);
    bool matches(const Node &node, const nlohmann::json &instance); // fast, no errors
    std::vector<ValidationError> errorsOf(const Node &node, const nlohmann::json &instance,
                                          std::initializer_list<Token> schema);

    bool checkType(const Node &node, const nlohmann::json &instance);
    bool checkValues(const Node &node, const nlohmann::json &instance);
    bool checkNumber(const Node &node, const nlohmann::json &instance);
    bool checkString(const Node &node, const nlohmann::json &instance);
    bool checkArray(const Node &node, const nlohmann::json &instance);
    bool checkContains(const Node &node, const nlohmann::json &instance);
    bool checkObject(const Node &node, const nlohmann::json &instance);
    bool checkProperties(const Node &node, const nlohmann::json &instance);
    bool checkApplicators(const Node &node, const nlohmann::json &instance);
    bool checkRefs(const Node &node, const nlohmann::json &instance);

    template <typename MakeMessage>
    bool fail(std::string_view keyword, MakeMessage &&makeMessage,
              std::vector<ValidationError> causes = {});
    bool abortRun(const QString &message);
    QString pointer(const std::vector<Token> &tokens) const;

    std::vector<ValidationError> *m_errors; // nullptr in fast mode
    std::vector<Token> m_instancePath;
    std::vector<Token> m_schemaPath;
    std::vector<const Resource *> m_scope;
    int m_depth = 0;
    std::size_t m_steps = 0;
    std::size_t m_stepBudget = minStepBudget;
    bool m_aborted = false;
    ValidationError m_abortError;
};

// Pushes tokens onto a location path for the lifetime of a scope.
class Evaluator::PathGuard {
public:
    PathGuard(std::vector<Token> &path, std::initializer_list<Token> tokens)
        : m_path(path)
        , m_size(path.size()) {
        path.insert(path.end(), tokens.begin(), tokens.end());
    }
    ~PathGuard() { m_path.resize(m_size); }
    PathGuard(const PathGuard &) = delete;
    PathGuard &operator=(const PathGuard &) = delete;

private:
    std::vector<Token> &m_path;
    std::size_t m_size;
};

template <typename MakeMessage>
bool Evaluator::fail(std::string_view keyword, MakeMessage &&makeMessage,
                     std::vector<ValidationError> causes) {
    if (!m_errors)
        return false;
    ValidationError error;
    error.instanceLocation = pointer(m_instancePath);
    std::vector<Token> schemaPath = m_schemaPath;
    if (keyword != "false")
        schemaPath.push_back(keyword);
    error.schemaLocation = pointer(schemaPath);
    error.keyword = QString::fromUtf8(keyword.data(), static_cast<qsizetype>(keyword.size()));
    error.message = makeMessage();
    error.causes = std::move(causes);
    m_errors->push_back(std::move(error));
    return false;
}

} // namespace trellis::schema
