#include "prompt/prompt_json.h"

#include "prompt/document_checks.h"
#include "prompt/field_path.h"
#include "prompt/json_reader.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>

#include <initializer_list>

namespace trellis::prompt {

using nlohmann::json;

namespace {

constexpr qsizetype kMaxNameLength = 100;

std::string utf8(const QString &s) {
    return s.toStdString();
}

bool isSlug(const QString &name) {
    static const QRegularExpression re(QStringLiteral("^[a-z0-9][a-z0-9._-]*$"));
    return re.match(name).hasMatch();
}

bool isIdentifier(const QString &name) {
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return re.match(name).hasMatch();
}

// Reads a JSON document into a PromptSpec, stopping at the first problem. Every check names
// the field path so the file readers can turn it into a line and column.
class Decoder {
public:
    Result<PromptSpec> decode(const json &doc) {
        PromptSpec spec;
        if (Status s = decodeSpec(doc, &spec); !s)
            return s.error();
        return spec;
    }

    bool errorAtKey = false;

private:
    static Error fail(const QString &field, const QString &message) {
        return fieldError(field, message);
    }

    static Status expect(const json &value, const QString &field, json::value_t type,
                         const char *what) {
        const bool ok = type == json::value_t::number_integer ? value.is_number_integer()
                                                              : value.type() == type;
        return expectType(ok, value, field, what);
    }

    static Status expectString(const json &value, const QString &field) {
        return expect(value, field, json::value_t::string, "a string");
    }

    Status checkKeys(const json &object, const QString &field,
                     std::initializer_list<const char *> known) {
        Status status = checkKnownKeys(object, field, known);
        errorAtKey = errorAtKey || !status;
        return status;
    }

    Status decodeSpec(const json &doc, PromptSpec *spec) {
        if (!doc.is_object())
            return fail(
                QString(),
                QStringLiteral("a prompt must be a mapping, got %1").arg(jsonTypeName(doc)));
        if (Status s = checkKeys(doc, QString(),
                                 {"name", "description", "tags", "model", "params", "variables",
                                  "messages", "output_schema"});
            !s)
            return s;
        if (Status s = decodeName(doc, spec); !s)
            return s;
        if (doc.contains("description")) {
            if (Status s = expectString(doc["description"], QStringLiteral("description")); !s)
                return s;
            spec->description = jsonString(doc["description"]);
        }
        if (Status s = decodeMessages(doc, spec); !s)
            return s;
        if (Status s = decodeModel(doc, spec); !s)
            return s;
        if (Status s = decodeVariables(doc, spec); !s)
            return s;
        if (Status s = decodeSchema(doc, spec); !s)
            return s;
        return decodeTags(doc, spec);
    }

    Status decodeName(const json &doc, PromptSpec *spec) {
        const QString field = QStringLiteral("name");
        if (!doc.contains("name"))
            return fail(field, QStringLiteral("missing required key 'name'"));
        if (Status s = expectString(doc["name"], field); !s)
            return s;
        spec->name = jsonString(doc["name"]);
        if (spec->name.size() > kMaxNameLength)
            return fail(field,
                        QStringLiteral("name is longer than %1 characters").arg(kMaxNameLength));
        if (!isSlug(spec->name))
            return fail(field, QStringLiteral("invalid name '%1': use lower-case letters, digits, "
                                              "'.', '_' and '-', starting with a letter or digit")
                                   .arg(spec->name));
        return {};
    }

    Status decodeMessages(const json &doc, PromptSpec *spec) {
        const QString field = QStringLiteral("messages");
        if (!doc.contains("messages"))
            return fail(field, QStringLiteral("missing required key 'messages'"));
        const json &list = doc["messages"];
        if (Status s = expect(list, field, json::value_t::array, "a list of messages"); !s)
            return s;
        if (list.empty())
            return fail(field, QStringLiteral("a prompt needs at least one message"));
        for (std::size_t i = 0; i < list.size(); ++i) {
            Message message;
            if (Status s = decodeMessage(list[i], fieldIndex(field, qsizetype(i)), &message); !s)
                return s;
            spec->messages.push_back(std::move(message));
        }
        return {};
    }

    Status decodeMessage(const json &item, const QString &field, Message *message) {
        if (Status s = expect(item, field, json::value_t::object, "a message mapping"); !s)
            return s;
        if (Status s = checkKeys(item, field, {"role", "content"}); !s)
            return s;
        const QString roleField = fieldKey(field, QStringLiteral("role"));
        if (!item.contains("role"))
            return fail(roleField, QStringLiteral("missing required key 'role'"));
        if (Status s = expectString(item["role"], roleField); !s)
            return s;
        if (!parseRole(jsonString(item["role"]), &message->role))
            return fail(roleField, QStringLiteral("unknown role '%1' (expected system, user or "
                                                  "assistant)")
                                       .arg(jsonString(item["role"])));
        const QString contentField = fieldKey(field, QStringLiteral("content"));
        if (!item.contains("content"))
            return fail(contentField, QStringLiteral("missing required key 'content'"));
        if (Status s = expectString(item["content"], contentField); !s)
            return s;
        message->content = jsonString(item["content"]);
        return {};
    }

    Status decodeModel(const json &doc, PromptSpec *spec) {
        if (doc.contains("model")) {
            const QString field = QStringLiteral("model");
            if (Status s = expectString(doc["model"], field); !s)
                return s;
            spec->model = jsonString(doc["model"]);
            if (!spec->model.isEmpty() && !isModelId(spec->model))
                return fail(field, QStringLiteral("invalid model '%1': expected provider:model, "
                                                  "e.g. openai:gpt-4o-mini")
                                       .arg(spec->model));
        }
        if (doc.contains("params")) {
            if (Status s = expect(doc["params"], QStringLiteral("params"), json::value_t::object,
                                  "a mapping of parameters");
                !s)
                return s;
            spec->params = doc["params"];
        }
        return {};
    }

    Status decodeVariables(const json &doc, PromptSpec *spec) {
        if (!doc.contains("variables"))
            return {};
        const QString field = QStringLiteral("variables");
        const json &list = doc["variables"];
        if (Status s = expect(list, field, json::value_t::array, "a list of variables"); !s)
            return s;
        QSet<QString> seen;
        for (std::size_t i = 0; i < list.size(); ++i) {
            Variable variable;
            const QString itemField = fieldIndex(field, qsizetype(i));
            if (Status s = decodeVariable(list[i], itemField, &variable); !s)
                return s;
            if (seen.contains(variable.name))
                return fail(fieldKey(itemField, QStringLiteral("name")),
                            QStringLiteral("duplicate variable '%1'").arg(variable.name));
            seen.insert(variable.name);
            spec->variables.push_back(std::move(variable));
        }
        return {};
    }

    Status decodeVariable(const json &item, const QString &field, Variable *variable) {
        if (Status s = expect(item, field, json::value_t::object, "a variable mapping"); !s)
            return s;
        if (Status s = checkKeys(item, field,
                                 {"name", "type", "description", "default", "example", "required"});
            !s)
            return s;
        const QString nameField = fieldKey(field, QStringLiteral("name"));
        if (!item.contains("name"))
            return fail(nameField, QStringLiteral("missing required key 'name'"));
        if (Status s = expectString(item["name"], nameField); !s)
            return s;
        variable->name = jsonString(item["name"]);
        if (!isIdentifier(variable->name))
            return fail(nameField, QStringLiteral("invalid variable name '%1': use letters, digits "
                                                  "and '_', not starting with a digit")
                                       .arg(variable->name));
        if (item.contains("type")) {
            const QString typeField = fieldKey(field, QStringLiteral("type"));
            if (Status s = expectString(item["type"], typeField); !s)
                return s;
            if (!parseVariableType(jsonString(item["type"]), &variable->type))
                return fail(typeField, QStringLiteral("unknown type '%1' (expected string, text, "
                                                      "number, integer, boolean, json or list)")
                                           .arg(jsonString(item["type"])));
        }
        if (item.contains("description")) {
            const QString descField = fieldKey(field, QStringLiteral("description"));
            if (Status s = expectString(item["description"], descField); !s)
                return s;
            variable->description = jsonString(item["description"]);
        }
        if (item.contains("required")) {
            if (Status s = expect(item["required"], fieldKey(field, QStringLiteral("required")),
                                  json::value_t::boolean, "true or false");
                !s)
                return s;
            variable->required = item["required"].get<bool>();
        }
        for (const char *key : {"default", "example"}) {
            if (!item.contains(key))
                continue;
            const QString valueField = fieldKey(field, QLatin1String(key));
            if (Status s = checkValueType(item[key], variable->type, valueField); !s)
                return s;
            (key[0] == 'd' ? variable->defaultValue : variable->example) = item[key];
        }
        return {};
    }

    // A default or example must be usable as a value of the declared type; null means none.
    Status checkValueType(const json &value, VariableType type, const QString &field) {
        if (value.is_null())
            return {};
        switch (type) {
        case VariableType::String:
        case VariableType::Text:
            return expectString(value, field);
        case VariableType::Number:
            if (value.is_number())
                return {};
            return fail(field,
                        QStringLiteral("expected a number, got %1").arg(jsonTypeName(value)));
        case VariableType::Integer:
            return expect(value, field, json::value_t::number_integer, "an integer");
        case VariableType::Boolean:
            return expect(value, field, json::value_t::boolean, "true or false");
        case VariableType::List:
            return expect(value, field, json::value_t::array, "a list");
        case VariableType::Json:
            return {};
        }
        return {};
    }

    Status decodeSchema(const json &doc, PromptSpec *spec) {
        if (!doc.contains("output_schema"))
            return {};
        const json &schema = doc["output_schema"];
        if (!schema.is_object() && !schema.is_boolean() && !schema.is_null())
            return fail(QStringLiteral("output_schema"),
                        QStringLiteral("expected a JSON Schema (a mapping or true/false), got %1")
                            .arg(jsonTypeName(schema)));
        spec->outputSchema = schema;
        return {};
    }

    Status decodeTags(const json &doc, PromptSpec *spec) {
        if (!doc.contains("tags"))
            return {};
        const QString field = QStringLiteral("tags");
        const json &list = doc["tags"];
        if (Status s = expect(list, field, json::value_t::array, "a list of tags"); !s)
            return s;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const QString itemField = fieldIndex(field, qsizetype(i));
            if (Status s = expectString(list[i], itemField); !s)
                return s;
            const QString tag = jsonString(list[i]);
            if (tag.trimmed().isEmpty())
                return fail(itemField, QStringLiteral("a tag cannot be empty"));
            if (spec->tags.contains(tag))
                return fail(itemField, QStringLiteral("duplicate tag '%1'").arg(tag));
            spec->tags << tag;
        }
        return {};
    }
};

// Builds the JSON form in either key order; see toJson and toOrderedJson.
template <typename Json>
Json encode(const PromptSpec &spec) {
    Json doc = Json::object();
    doc["name"] = utf8(spec.name);
    if (!spec.description.isEmpty())
        doc["description"] = utf8(spec.description);
    if (!spec.tags.isEmpty()) {
        Json tags = Json::array();
        for (const QString &tag : spec.tags)
            tags.push_back(utf8(tag));
        doc["tags"] = std::move(tags);
    }
    if (!spec.model.isEmpty())
        doc["model"] = utf8(spec.model);
    if (spec.params.is_object() && !spec.params.empty())
        doc["params"] = Json(spec.params);
    if (!spec.variables.empty()) {
        Json vars = Json::array();
        for (const Variable &v : spec.variables) {
            Json item = Json::object();
            item["name"] = utf8(v.name);
            item["type"] = utf8(variableTypeName(v.type));
            if (!v.description.isEmpty())
                item["description"] = utf8(v.description);
            if (v.required)
                item["required"] = true;
            if (!v.defaultValue.is_null())
                item["default"] = Json(v.defaultValue);
            if (!v.example.is_null())
                item["example"] = Json(v.example);
            vars.push_back(std::move(item));
        }
        doc["variables"] = std::move(vars);
    }
    Json messages = Json::array();
    for (const Message &m : spec.messages) {
        Json item = Json::object();
        item["role"] = utf8(roleName(m.role));
        item["content"] = utf8(m.content);
        messages.push_back(std::move(item));
    }
    doc["messages"] = std::move(messages);
    if (!spec.outputSchema.is_null())
        doc["output_schema"] = Json(spec.outputSchema);
    return doc;
}

} // namespace

nlohmann::json toJson(const PromptSpec &spec) {
    return encode<nlohmann::json>(spec);
}

nlohmann::ordered_json toOrderedJson(const PromptSpec &spec) {
    return encode<nlohmann::ordered_json>(spec);
}

Result<PromptSpec> fromJson(const nlohmann::json &doc) {
    return fromJson(doc, nullptr);
}

Result<PromptSpec> fromJson(const nlohmann::json &doc, bool *errorAtKey) {
    Decoder decoder;
    Result<PromptSpec> result = decoder.decode(doc);
    if (errorAtKey)
        *errorAtKey = !result.ok() && decoder.errorAtKey;
    return result;
}

QByteArray canonicalJson(const PromptSpec &spec) {
    // nlohmann::json keeps object keys sorted; "replace" keeps a bad code unit from throwing.
    const std::string text = toJson(spec).dump(-1, ' ', false, json::error_handler_t::replace);
    return QByteArray(text.data(), qsizetype(text.size()));
}

QString contentHash(const PromptSpec &spec) {
    return QString::fromLatin1(
        QCryptographicHash::hash(canonicalJson(spec), QCryptographicHash::Sha256).toHex());
}

} // namespace trellis::prompt
