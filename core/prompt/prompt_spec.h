#pragma once

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>
#include <vector>

namespace trellis::prompt {

enum class Role { System, User, Assistant };

QString roleName(Role role);                    // "system", "user", "assistant"
bool parseRole(const QString &name, Role *out); // false for anything else

struct Message {
    Role role = Role::User;
    QString content; // Jinja2 template text

    bool operator==(const Message &) const = default;
};

// How the variable form in the GUI offers a value, and how the CLI coerces `--var k=v`.
enum class VariableType { String, Text, Number, Integer, Boolean, Json, List };

QString variableTypeName(VariableType type);
bool parseVariableType(const QString &name, VariableType *out);

struct Variable {
    QString name;
    VariableType type = VariableType::String;
    QString description;
    nlohmann::json defaultValue; // null when there is none
    nlohmann::json example;      // null when there is none
    bool required = false;

    bool operator==(const Variable &) const = default;
};

// Everything a prompt version holds. Versions are immutable snapshots of a PromptSpec;
// the content hash is computed over its canonical JSON (see prompt_json.h).
struct PromptSpec {
    QString name;
    QString description;
    std::vector<Message> messages;
    QString model;                                    // "provider:model", may be empty
    nlohmann::json params = nlohmann::json::object(); // temperature, max_tokens, top_p, stop, ...
    std::vector<Variable> variables;
    nlohmann::json outputSchema; // JSON Schema, null when the output is free text
    QStringList tags;

    bool operator==(const PromptSpec &) const = default;
};

} // namespace trellis::prompt
