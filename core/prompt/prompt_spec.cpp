#include "prompt/prompt_spec.h"

#include <array>
#include <utility>

namespace trellis::prompt {

namespace {

// One table per enum keeps names and parsing in step.
constexpr std::array<std::pair<Role, const char *>, 3> kRoles{{
    {Role::System, "system"},
    {Role::User, "user"},
    {Role::Assistant, "assistant"},
}};

constexpr std::array<std::pair<VariableType, const char *>, 7> kVariableTypes{{
    {VariableType::String, "string"},
    {VariableType::Text, "text"},
    {VariableType::Number, "number"},
    {VariableType::Integer, "integer"},
    {VariableType::Boolean, "boolean"},
    {VariableType::Json, "json"},
    {VariableType::List, "list"},
}};

template <typename Enum, std::size_t N>
QString nameOf(const std::array<std::pair<Enum, const char *>, N> &table, Enum value) {
    for (const auto &[v, name] : table) {
        if (v == value)
            return QString::fromLatin1(name);
    }
    return {};
}

template <typename Enum, std::size_t N>
bool parseName(const std::array<std::pair<Enum, const char *>, N> &table, const QString &name,
               Enum *out) {
    for (const auto &[v, n] : table) {
        if (name == QLatin1String(n)) {
            if (out)
                *out = v;
            return true;
        }
    }
    return false;
}

} // namespace

QString roleName(Role role) {
    return nameOf(kRoles, role);
}

bool parseRole(const QString &name, Role *out) {
    return parseName(kRoles, name, out);
}

QString variableTypeName(VariableType type) {
    return nameOf(kVariableTypes, type);
}

bool parseVariableType(const QString &name, VariableType *out) {
    return parseName(kVariableTypes, name, out);
}

} // namespace trellis::prompt
