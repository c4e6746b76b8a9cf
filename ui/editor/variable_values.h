#pragma once

#include "common/result.h"
#include "prompt/prompt_spec.h"

#include <QString>

#include <nlohmann/json.hpp>
#include <vector>

namespace trellis::ui {

// How the variables panel offers a value.
enum class InputKind { Line, MultiLine, Json, List };

QString inputKindName(InputKind kind); // "line", "multi-line", "JSON", "list"

struct VariableField {
    QString name;
    InputKind kind = InputKind::Line;
    QString hint;                // description, or how the template uses the variable
    nlohmann::json initialValue; // declared default or example; null when none

    bool operator==(const VariableField &) const = default;
};

// The variables the messages read (template variables() discovery, first use first), with
// an input kind from the declared type when there is one, else from the use: iterated →
// list (JSON when the items' attributes are read), attributes or mapping use → JSON, else a
// line. Declared variables no template reads yet come last. A message that does not parse
// contributes nothing until it does.
std::vector<VariableField> discoverVariables(const std::vector<prompt::Message> &messages,
                                             const std::vector<prompt::Variable> &declared);

// The value typed into an input: a line or multi-line text is a string, a list holds one
// string per non-empty line, JSON must parse (the error has line and column).
Result<nlohmann::json> valueFromText(InputKind kind, const QString &text);
// The inverse, for filling inputs from a saved test case.
QString textFromValue(InputKind kind, const nlohmann::json &value);

} // namespace trellis::ui
