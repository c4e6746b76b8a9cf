#include "schema/json_schema.h"

#include "schema/schema_compiler.h"
#include "schema/schema_evaluator.h"

namespace trellis::schema {

namespace {

void appendError(QString &out, const ValidationError &error, int indent) {
    out += QString(indent * 2, QLatin1Char(' ')) + QStringLiteral("- ") + error.toString()
           + QLatin1Char('\n');
    for (const ValidationError &cause : error.causes)
        appendError(out, cause, indent + 1);
}

} // namespace

QString ValidationError::toString() const {
    const QString where = instanceLocation.isEmpty() ? QStringLiteral("(root)") : instanceLocation;
    return where + QStringLiteral(": ") + message;
}

QString formatErrors(const std::vector<ValidationError> &errors, int maxErrors) {
    QString out;
    const int count = static_cast<int>(errors.size());
    for (int i = 0; i < count && i < maxErrors; ++i)
        appendError(out, errors[static_cast<std::size_t>(i)], 0);
    if (count > maxErrors)
        out += QStringLiteral("- ... and %1 more errors\n").arg(count - maxErrors);
    return out;
}

CompiledSchema::CompiledSchema(std::unique_ptr<SchemaData> data)
    : m_data(std::move(data)) {}

CompiledSchema::~CompiledSchema() = default;

std::vector<ValidationError> CompiledSchema::validate(const nlohmann::json &instance) const {
    std::vector<ValidationError> errors;
    Evaluator evaluator(instance, &errors);
    evaluator.run(*m_data->root, instance);
    return errors;
}

bool CompiledSchema::isValid(const nlohmann::json &instance) const {
    Evaluator evaluator(instance, nullptr);
    return evaluator.run(*m_data->root, instance);
}

const QStringList &CompiledSchema::ignoredKeywords() const {
    return m_data->ignoredKeywords;
}

Result<std::shared_ptr<const CompiledSchema>> compile(const nlohmann::json &schema,
                                                      const CompileOptions &options) {
    try {
        SchemaCompiler compiler(options);
        return compiler.run(schema);
    } catch (const std::exception &e) {
        // nlohmann throws on misuse only; keep even that inside the module boundary.
        return Error(QStringLiteral("cannot compile schema: %1").arg(QString::fromUtf8(e.what())));
    }
}

} // namespace trellis::schema
