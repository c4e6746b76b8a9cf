#include "variable_values.h"

#include "prompt/json_reader.h"
#include "template/template.h"

#include <QHash>

namespace trellis::ui {

QString inputKindName(InputKind kind) {
    switch (kind) {
    case InputKind::Line:
        return QStringLiteral("line");
    case InputKind::MultiLine:
        return QStringLiteral("multi-line");
    case InputKind::Json:
        return QStringLiteral("JSON");
    case InputKind::List:
        return QStringLiteral("list");
    }
    return {};
}

namespace {

InputKind kindForType(prompt::VariableType type) {
    switch (type) {
    case prompt::VariableType::Text:
        return InputKind::MultiLine;
    case prompt::VariableType::List:
        return InputKind::List;
    case prompt::VariableType::Json:
    case prompt::VariableType::Number:
    case prompt::VariableType::Integer:
    case prompt::VariableType::Boolean:
        return InputKind::Json;
    case prompt::VariableType::String:
        break;
    }
    return InputKind::Line;
}

InputKind kindForUse(const tmpl::VariableUse &use) {
    if (use.iterated)
        return use.itemAttributes.isEmpty() ? InputKind::List : InputKind::Json;
    if (use.mapping || !use.attributes.isEmpty())
        return InputKind::Json;
    return InputKind::Line;
}

QString hintForUse(const tmpl::VariableUse &use) {
    if (use.iterated && !use.itemAttributes.isEmpty())
        return QStringLiteral("list of objects with %1")
            .arg(use.itemAttributes.join(QStringLiteral(", ")));
    if (!use.attributes.isEmpty())
        return QStringLiteral("object with %1").arg(use.attributes.join(QStringLiteral(", ")));
    if (use.iterated)
        return QStringLiteral("iterated in a for loop");
    return {};
}

void mergeUse(tmpl::VariableUse &into, const tmpl::VariableUse &use) {
    into.plain = into.plain || use.plain;
    into.iterated = into.iterated || use.iterated;
    into.mapping = into.mapping || use.mapping;
    for (const QString &a : use.attributes)
        if (!into.attributes.contains(a))
            into.attributes.append(a);
    for (const QString &a : use.itemAttributes)
        if (!into.itemAttributes.contains(a))
            into.itemAttributes.append(a);
}

} // namespace

std::vector<VariableField> discoverVariables(const std::vector<prompt::Message> &messages,
                                             const std::vector<prompt::Variable> &declared) {
    std::vector<tmpl::VariableUse> uses;
    QHash<QString, std::size_t> byName;
    for (const auto &message : messages) {
        auto parsed = tmpl::Template::parse(message.content);
        if (!parsed)
            continue;
        for (const auto &use : (*parsed)->variables()) {
            if (auto it = byName.constFind(use.name); it != byName.constEnd()) {
                mergeUse(uses[*it], use);
            } else {
                byName.insert(use.name, uses.size());
                uses.push_back(use);
            }
        }
    }
    QHash<QString, const prompt::Variable *> declaredByName;
    for (const auto &variable : declared)
        declaredByName.insert(variable.name, &variable);

    auto fieldFor = [](const prompt::Variable &variable, VariableField field) {
        field.kind = kindForType(variable.type);
        if (!variable.description.isEmpty())
            field.hint = variable.description;
        field.initialValue =
            variable.defaultValue.is_null() ? variable.example : variable.defaultValue;
        return field;
    };
    std::vector<VariableField> fields;
    for (const auto &use : uses) {
        VariableField field{use.name, kindForUse(use), hintForUse(use), nullptr};
        if (const prompt::Variable *variable = declaredByName.value(use.name))
            field = fieldFor(*variable, field);
        fields.push_back(std::move(field));
    }
    for (const auto &variable : declared)
        if (!byName.contains(variable.name))
            fields.push_back(fieldFor(variable, {variable.name, InputKind::Line, {}, nullptr}));
    return fields;
}

Result<nlohmann::json> valueFromText(InputKind kind, const QString &text) {
    switch (kind) {
    case InputKind::Line:
    case InputKind::MultiLine:
        return nlohmann::json(text.toStdString());
    case InputKind::List: {
        nlohmann::json list = nlohmann::json::array();
        for (const QString &line : text.split(QLatin1Char('\n')))
            if (!line.trimmed().isEmpty())
                list.push_back(line.trimmed().toStdString());
        return list;
    }
    case InputKind::Json: {
        if (text.trimmed().isEmpty())
            return nlohmann::json(); // null: "no value", like an empty line
        prompt::SourceMap map;
        return prompt::parseJsonDocument(text.toUtf8(), &map);
    }
    }
    return Error(QStringLiteral("unknown input kind"));
}

QString textFromValue(InputKind kind, const nlohmann::json &value) {
    if (value.is_null())
        return {};
    if (value.is_string() && kind != InputKind::Json)
        return QString::fromStdString(value.get<std::string>());
    if (kind == InputKind::List && value.is_array()) {
        QStringList lines;
        for (const auto &item : value)
            lines.append(item.is_string() ? QString::fromStdString(item.get<std::string>())
                                          : QString::fromStdString(item.dump()));
        return lines.join(QLatin1Char('\n'));
    }
    if (kind == InputKind::Json && (value.is_object() || value.is_array()))
        return QString::fromStdString(value.dump(2));
    return QString::fromStdString(value.dump());
}

} // namespace trellis::ui
