#include "eval/assertion.h"

#include "eval/promptfoo_csv.h"
#include "prompt/field_path.h"
#include "schema/ecma_regex.h"
#include "schema/json_schema.h"

#include <QSet>

#include <cmath>

namespace trellis::eval {

namespace {

using prompt::fieldKey;

struct KindName {
    AssertionKind kind;
    const char *name;
};

constexpr KindName kKinds[] = {
    {AssertionKind::Equals, "equals"},
    {AssertionKind::Contains, "contains"},
    {AssertionKind::IContains, "icontains"},
    {AssertionKind::ContainsAny, "contains-any"},
    {AssertionKind::ContainsAll, "contains-all"},
    {AssertionKind::IContainsAny, "icontains-any"},
    {AssertionKind::IContainsAll, "icontains-all"},
    {AssertionKind::StartsWith, "starts-with"},
    {AssertionKind::Regex, "regex"},
    {AssertionKind::IsJson, "is-json"},
    {AssertionKind::ContainsJson, "contains-json"},
    {AssertionKind::JsonSchema, "json-schema"},
    {AssertionKind::CharacterCount, "character-count"},
    {AssertionKind::WordCount, "word-count"},
    {AssertionKind::Latency, "latency"},
    {AssertionKind::Cost, "cost"},
    {AssertionKind::Levenshtein, "levenshtein"},
    {AssertionKind::LlmRubric, "llm-rubric"},
};

std::optional<AssertionKind> kindFromName(const QString &name) {
    if (name == u"length")
        return AssertionKind::CharacterCount;
    for (const KindName &k : kKinds) {
        if (name == QLatin1String(k.name))
            return k.kind;
    }
    return std::nullopt;
}

Error fieldError(const QString &path, const char *field, const QString &message) {
    const QString where = fieldKey(path, QLatin1String(field));
    return Error(message).forField(where);
}

QString unsupportedReason(const QString &type) {
    if (type == u"javascript")
        return QStringLiteral("JavaScript assertions cannot run in Trellis");
    if (type == u"python")
        return QStringLiteral("Python assertions cannot run in Trellis");
    if (type == u"ruby")
        return QStringLiteral("Ruby assertions cannot run in Trellis");
    return QStringLiteral("Trellis does not support this promptfoo assertion type yet");
}

bool isTextValue(const nlohmann::json &v) {
    return (v.is_string() && !v.get<std::string>().empty()) || v.is_number();
}

bool hasTemplate(const nlohmann::json &v) {
    return v.is_string() && v.get<std::string>().find("{{") != std::string::npos;
}

// is-json / contains-json / json-schema: an object schema, or a string holding one.
Status compileSchema(Assertion *a, const QString &path) {
    nlohmann::json schema = a->value;
    if (schema.is_string()) {
        schema = nlohmann::json::parse(schema.get<std::string>(), nullptr, false);
        if (schema.is_discarded() || !(schema.is_object() || schema.is_boolean()))
            return fieldError(path, "value",
                              QStringLiteral("the schema must be a JSON Schema object (or JSON "
                                             "text holding one)"));
    } else if (!schema.is_object() && !schema.is_boolean()) {
        return fieldError(path, "value", QStringLiteral("the schema must be a JSON Schema object"));
    }
    auto compiled = schema::compile(schema);
    if (!compiled)
        return fieldError(path, "value",
                          QStringLiteral("invalid JSON Schema: %1").arg(compiled.error().message));
    a->schema = *compiled;
    return {};
}

Status checkBounds(const nlohmann::json &v, const QString &path) {
    auto nonNegative = [](const nlohmann::json &n) {
        return n.is_number() && std::isfinite(n.get<double>()) && n.get<double>() >= 0;
    };
    if (nonNegative(v))
        return {};
    if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it) {
            if ((it.key() != "min" && it.key() != "max") || !nonNegative(it.value()))
                return fieldError(path, "value",
                                  QStringLiteral("bounds are {min: N, max: N} with non-negative "
                                                 "numbers"));
        }
        if (v.empty())
            return fieldError(path, "value", QStringLiteral("give min and/or max"));
        if (v.contains("min") && v.contains("max")
            && v.at("min").get<double>() > v.at("max").get<double>())
            return fieldError(path, "value", QStringLiteral("min is greater than max"));
        return {};
    }
    return fieldError(path, "value", QStringLiteral("expected a count or {min: N, max: N}"));
}

Status checkValue(Assertion *a, const QString &path) {
    const nlohmann::json &v = a->value;
    const QString type = kindName(a->kind);
    switch (a->kind) {
    case AssertionKind::Equals:
        if (v.is_null())
            return fieldError(path, "value", QStringLiteral("equals needs a value"));
        return {};
    case AssertionKind::Contains:
    case AssertionKind::IContains:
    case AssertionKind::StartsWith:
    case AssertionKind::Levenshtein:
        if (!isTextValue(v))
            return fieldError(path, "value",
                              QStringLiteral("%1 needs a non-empty string value").arg(type));
        return {};
    case AssertionKind::ContainsAny:
    case AssertionKind::ContainsAll:
    case AssertionKind::IContainsAny:
    case AssertionKind::IContainsAll: {
        if (v.is_string() && !v.get<std::string>().empty()) // "a, b" is a list, as in promptfoo
            return {};
        if (!v.is_array() || v.empty())
            return fieldError(path, "value",
                              QStringLiteral("%1 needs a list of strings").arg(type));
        for (const auto &item : v) {
            if (!isTextValue(item))
                return fieldError(path, "value",
                                  QStringLiteral("%1 needs a list of strings").arg(type));
        }
        return {};
    }
    case AssertionKind::Regex:
        if (!v.is_string())
            return fieldError(path, "value", QStringLiteral("regex needs a pattern string"));
        if (!hasTemplate(v)) {
            auto re = schema::EcmaRegex::compile(v.get<std::string>());
            if (!re)
                return fieldError(path, "value", re.error().message);
        }
        return {};
    case AssertionKind::IsJson:
    case AssertionKind::ContainsJson:
        return v.is_null() ? Status() : compileSchema(a, path);
    case AssertionKind::JsonSchema:
        if (v.is_null())
            return fieldError(path, "value", QStringLiteral("json-schema needs a schema"));
        return compileSchema(a, path);
    case AssertionKind::CharacterCount:
    case AssertionKind::WordCount:
        if (v.is_string()) { // promptfoo accepts "12"
            bool ok = false;
            const double n = QString::fromStdString(v.get<std::string>()).toDouble(&ok);
            if (ok)
                a->value = n;
        }
        return checkBounds(a->value, path);
    case AssertionKind::Latency:
    case AssertionKind::Cost:
        if (!a->threshold || *a->threshold < 0)
            return fieldError(path, "threshold",
                              a->kind == AssertionKind::Latency
                                  ? QStringLiteral("latency needs a threshold (the maximum in "
                                                   "milliseconds)")
                                  : QStringLiteral("cost needs a threshold (the maximum in USD)"));
        return {};
    case AssertionKind::LlmRubric:
        if (!(v.is_string() && !v.get<std::string>().empty()) && a->rubricPrompt.isEmpty())
            return fieldError(path, "value", QStringLiteral("llm-rubric needs a rubric (value)"));
        return {};
    }
    return {};
}

Status readCommonFields(const nlohmann::json &object, Assertion *a, const QString &path) {
    static const QSet<QString> known{QStringLiteral("type"),        QStringLiteral("value"),
                                     QStringLiteral("weight"),      QStringLiteral("threshold"),
                                     QStringLiteral("metric"),      QStringLiteral("provider"),
                                     QStringLiteral("rubricPrompt")};
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        if (key == u"transform")
            return Error(QStringLiteral("transform is a JavaScript expression; Trellis cannot "
                                        "run it"))
                .forField(fieldKey(path, key));
        if (!known.contains(key))
            return Error(QStringLiteral("unknown field '%1'").arg(key))
                .forField(fieldKey(path, key));
    }
    if (object.contains("value"))
        a->value = object.at("value");
    if (object.contains("weight")) {
        const auto &w = object.at("weight");
        if (!w.is_number() || !std::isfinite(w.get<double>()) || w.get<double>() < 0)
            return fieldError(path, "weight", QStringLiteral("weight must be a number >= 0"));
        a->weight = w.get<double>();
    }
    if (object.contains("threshold") && !object.at("threshold").is_null()) {
        const auto &t = object.at("threshold");
        if (!t.is_number() || !std::isfinite(t.get<double>()))
            return fieldError(path, "threshold", QStringLiteral("threshold must be a number"));
        a->threshold = t.get<double>();
    }
    for (auto [field, target] :
         {std::pair{"metric", &a->metric}, std::pair{"provider", &a->provider},
          std::pair{"rubricPrompt", &a->rubricPrompt}}) {
        if (!object.contains(field))
            continue;
        if (!object.at(field).is_string())
            return fieldError(path, field,
                              QStringLiteral("%1 must be a string").arg(QLatin1String(field)));
        *target = QString::fromStdString(object.at(field).get<std::string>());
    }
    return {};
}

} // namespace

QString kindName(AssertionKind kind) {
    for (const KindName &k : kKinds) {
        if (k.kind == kind)
            return QLatin1String(k.name);
    }
    return {};
}

QString Assertion::typeName() const {
    return (inverse ? QStringLiteral("not-") : QString()) + kindName(kind);
}

Result<Assertion> parseAssertion(const nlohmann::json &object, const QString &path) {
    if (!object.is_object())
        return Error(QStringLiteral("an assertion must be an object like {type: contains, "
                                    "value: foo}"))
            .forField(path);
    if (!object.contains("type") || !object.at("type").is_string())
        return fieldError(path, "type", QStringLiteral("an assertion needs a string type"));
    QString type = QString::fromStdString(object.at("type").get<std::string>());
    Assertion a;
    if (type.startsWith(u"not-")) {
        a.inverse = true;
        type = type.mid(4);
    }
    const auto kind = kindFromName(type);
    if (!kind) {
        const QString why = isPromptfooAssertionType(type)
                                ? unsupportedReason(type)
                                : QStringLiteral("unknown assertion type");
        return fieldError(path, "type", QStringLiteral("%1: '%2'").arg(why, type));
    }
    a.kind = *kind;
    if (Status s = readCommonFields(object, &a, path); !s)
        return s.error();
    if (Status s = checkValue(&a, path); !s)
        return s.error();
    return a;
}

Result<std::vector<Assertion>> parseAssertions(const nlohmann::json &array, const QString &path) {
    if (!array.is_array())
        return Error(QStringLiteral("assert must be a list of assertions")).forField(path);
    std::vector<Assertion> out;
    for (size_t i = 0; i < array.size(); ++i) {
        auto a = parseAssertion(array.at(i), prompt::fieldIndex(path, qsizetype(i)));
        if (!a)
            return a.error();
        out.push_back(std::move(*a));
    }
    return out;
}

Result<TestSpec> parseTestSpec(const nlohmann::json &test, const QString &path) {
    TestSpec spec;
    if (!test.is_object())
        return Error(QStringLiteral("a test must be an object")).forField(path);
    if (test.contains("assert")) {
        auto list = parseAssertions(test.at("assert"), fieldKey(path, QStringLiteral("assert")));
        if (!list)
            return list.error();
        spec.assertions = std::move(*list);
    }
    if (test.contains("threshold") && !test.at("threshold").is_null()) {
        const auto &t = test.at("threshold");
        if (!t.is_number())
            return fieldError(path, "threshold", QStringLiteral("threshold must be a number"));
        spec.threshold = t.get<double>();
    }
    return spec;
}

} // namespace trellis::eval
