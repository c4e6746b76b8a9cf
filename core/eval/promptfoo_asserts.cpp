// promptfoo assertions -> Trellis assertions; what cannot run is listed, not skipped.
#include "eval/promptfoo_context.h"
#include "prompt/field_path.h"

#include <QFileInfo>

namespace trellis::eval::promptfoo {

namespace {

using prompt::fieldIndex;
using prompt::fieldKey;

// promptfoo loads a file:// assertion value: scripts run (unsupported here), YAML/JSON parse,
// anything else is text.
Result<nlohmann::json> loadValueFile(const QString &reference, const QString &field,
                                     const Origin &origin) {
    const Context &ctx = *origin.ctx;
    auto files = ctx.resolveFiles(reference, field);
    if (!files)
        return origin.file.isEmpty() ? files.error() : origin.error(field, files.error().message);
    if (files->size() != 1)
        return origin.error(field, QStringLiteral("%1 matches %2 files; an assertion value is "
                                                  "one file")
                                       .arg(reference)
                                       .arg(files->size()));
    const QString path = files->first();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"json" || suffix == u"yaml" || suffix == u"yml")
        return ctx.readStructuredFile(path, field);
    auto bytes = ctx.readFile(path, field);
    if (!bytes)
        return bytes.error();
    return nlohmann::json(QString::fromUtf8(*bytes).trimmed().toStdString());
}

// Returns nullopt (after listing it) when the assertion cannot run.
Result<std::optional<Assertion>> importAssertion(nlohmann::json a, const QString &field,
                                                 const Origin &origin,
                                                 const GradingOptions &options) {
    const Context &ctx = *origin.ctx;
    if (!a.is_object() || !a.contains("type") || !a.at("type").is_string())
        return origin.error(field, QStringLiteral("an assertion is a mapping with a string "
                                                  "type, e.g. {type: contains, value: foo}"));
    const QString type = QString::fromStdString(a.at("type").get<std::string>());
    auto skip = [&](const QString &reason) -> Result<std::optional<Assertion>> {
        ctx.unsupported(origin.where(field), QStringLiteral("%1: %2").arg(type, reason));
        return std::optional<Assertion>();
    };
    if (type == u"assert-set")
        return skip(QStringLiteral("assertion sets are not supported"));
    if (a.contains("transform"))
        return skip(QStringLiteral("transform is JavaScript; Trellis cannot run it"));
    if (a.contains("value") && isFileReference(a.at("value"))) {
        const QString ref = QString::fromStdString(a.at("value").get<std::string>());
        if (isScriptPath(stripFileScheme(ref)))
            return skip(QStringLiteral("script files cannot run in Trellis (%1)").arg(ref));
        auto value = loadValueFile(ref, fieldKey(field, QStringLiteral("value")), origin);
        if (!value)
            return value.error();
        a["value"] = std::move(*value);
    }
    const bool rubric = type == u"llm-rubric" || type == u"not-llm-rubric";
    if (rubric && a.contains("provider")) {
        if (!a.at("provider").is_string())
            return skip(QStringLiteral("a judge provider given as a mapping is not supported; "
                                       "write its id"));
        QString reason;
        const QString judge =
            trellisModelId(QString::fromStdString(a.at("provider").get<std::string>()), &reason);
        if (judge.isEmpty())
            return skip(QStringLiteral("judge provider: %1").arg(reason));
        a["provider"] = judge.toStdString();
    } else if (rubric && !options.judge.isEmpty()) {
        a["provider"] = options.judge.toStdString();
    }
    if (rubric && !a.contains("rubricPrompt") && !options.rubricPrompt.isEmpty())
        a["rubricPrompt"] = options.rubricPrompt.toStdString();
    auto parsed = parseAssertion(a, field);
    if (!parsed) {
        // The parser refuses types it cannot run (javascript, python, similar, ...) on the
        // `type` field; everything else is a mistake in the config.
        if (parsed.error().field == fieldKey(field, QStringLiteral("type")))
            return skip(parsed.error().message.section(QStringLiteral(": '"), 0, 0));
        return origin.error(parsed.error().field, parsed.error().message);
    }
    return std::optional<Assertion>(std::move(*parsed));
}

} // namespace

Result<std::vector<Assertion>> importAssertions(const nlohmann::json &list, const QString &field,
                                                const Origin &origin,
                                                const GradingOptions &options) {
    if (!list.is_array())
        return origin.error(
            field, QStringLiteral("assert must be a list, got %1").arg(jsonTypeName(list)));
    std::vector<Assertion> out;
    for (size_t i = 0; i < list.size(); ++i) {
        auto a = importAssertion(list.at(i), fieldIndex(field, qsizetype(i)), origin, options);
        if (!a)
            return a.error();
        if (a->has_value())
            out.push_back(std::move(**a));
    }
    return out;
}

} // namespace trellis::eval::promptfoo
