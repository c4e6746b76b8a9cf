#include "output_validation.h"

#include "schema/json_schema.h"

namespace trellis::runtime {

QString stripCodeFence(const QString &text) {
    QString t = text.trimmed();
    if (!t.startsWith(QLatin1String("```")))
        return t;
    const qsizetype firstLine = t.indexOf(u'\n');
    const qsizetype close = t.lastIndexOf(QLatin1String("```"));
    if (firstLine < 0 || close <= firstLine)
        return t;
    return t.mid(firstLine + 1, close - firstLine - 1).trimmed();
}

ValidationResult OutputValidator::validate(const QString &text, const nlohmann::json &schema) {
    ValidationResult out;
    if (schema.is_null())
        return out;
    out.checked = true;
    const QString key = QString::fromStdString(schema.dump());
    auto it = m_compiled.find(key);
    if (it == m_compiled.end()) {
        schema::CompileOptions options;
        options.allowUnknownKeywords = true; // a prompt's schema is the user's; be lenient
        auto compiled = schema::compile(schema, options);
        if (!compiled) {
            out.valid = false;
            out.errors << QStringLiteral("the output schema does not compile: %1")
                              .arg(compiled.error().message);
            return out;
        }
        it = m_compiled.insert(key, compiled.value());
    }
    const std::string body = stripCodeFence(text).toStdString();
    nlohmann::json value = nlohmann::json::parse(body, nullptr, false);
    if (value.is_discarded()) {
        out.valid = false;
        out.errors << QStringLiteral("the answer is not JSON");
        return out;
    }
    for (const schema::ValidationError &e : it.value()->validate(value))
        out.errors << e.toString();
    out.valid = out.errors.isEmpty();
    out.value = std::move(value);
    return out;
}

} // namespace trellis::runtime
