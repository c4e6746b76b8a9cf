// promptfooconfig.yaml -> ExperimentSpec. The parts live in promptfoo_prompts.cpp,
// promptfoo_providers.cpp, promptfoo_tests.cpp and promptfoo_asserts.cpp.
#include "eval/promptfoo_config.h"

#include "eval/promptfoo_context.h"
#include "prompt/field_path.h"

#include <QFile>
#include <QFileInfo>

namespace trellis::eval {

namespace {

using promptfoo::Context;

// evaluateOptions that map onto the experiment; the rest are listed.
Status importEvaluateOptions(const nlohmann::json &options, ExperimentSpec *spec,
                             const Context &ctx) {
    const QString root = QStringLiteral("evaluateOptions");
    if (!options.is_object())
        return ctx.error(root, QStringLiteral("evaluateOptions must be a mapping"));
    for (auto it = options.begin(); it != options.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        const QString where = prompt::fieldKey(root, key);
        const nlohmann::json &v = it.value();
        if (key == u"maxConcurrency" || key == u"repeat") {
            // The experiment file's bounds (docs/experiments.md).
            const int64_t max = key == u"repeat" ? 10000 : 1024;
            if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > max)
                return ctx.error(
                    where,
                    QStringLiteral("%1 must be a whole number from 1 to %2").arg(key).arg(max));
            (key == u"repeat" ? spec->repeats : spec->concurrency) = int(v.get<int64_t>());
        } else if (key == u"cache") {
            if (!v.is_boolean())
                return ctx.error(where, QStringLiteral("cache must be true or false"));
            spec->cache = v.get<bool>();
        } else if (key != u"showProgressBar") {
            ctx.unsupported(where, QStringLiteral("evaluate option '%1' is not supported; "
                                                  "ignored")
                                       .arg(key));
        }
    }
    return {};
}

// Fills out->spec; ctx lists unsupported items into out->unsupported.
Status importDocument(const nlohmann::json &doc, const Context &ctx, PromptfooImport *outPtr) {
    PromptfooImport &out = *outPtr;
    if (!doc.is_object())
        return ctx.error(QString(), QStringLiteral("a promptfoo config is a mapping with prompts, "
                                                   "providers and tests, got %1")
                                        .arg(promptfoo::jsonTypeName(doc)));
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        if (key == u"description") {
            if (!it.value().is_string())
                return ctx.error(key, QStringLiteral("description must be a string"));
            out.spec.description = QString::fromStdString(it.value().get<std::string>());
        } else if (key == u"evaluateOptions") {
            if (Status s = importEvaluateOptions(it.value(), &out.spec, ctx); !s)
                return s;
        } else if (key == u"scenarios" || key == u"extensions" || key == u"nunjucksFilters"
                   || key == u"derivedMetrics" || key == u"redteam" || key == u"env"
                   || key == u"targets") {
            ctx.unsupported(key, QStringLiteral("'%1' is not supported; ignored").arg(key));
        } else if (key != u"prompts" && key != u"providers" && key != u"tests"
                   && key != u"defaultTest" && key != u"outputPath" && key != u"sharing"
                   && key != u"tags" && key != u"metadata" && key != u"writeLatestResults"
                   && key != u"commandLineOptions" && key != u"$schema") {
            return ctx.error(key, QStringLiteral("unknown promptfoo config key '%1'").arg(key),
                             true);
        }
    }
    if (!doc.contains("prompts"))
        return ctx.error(QString(), QStringLiteral("the config has no prompts"));
    if (!doc.contains("providers"))
        return ctx.error(QString(), QStringLiteral("the config has no providers"));
    auto variants = promptfoo::importPrompts(doc.at("prompts"), ctx);
    if (!variants)
        return variants.error();
    out.spec.variants = std::move(*variants);
    auto models = promptfoo::importProviders(doc.at("providers"), ctx);
    if (!models)
        return models.error();
    out.spec.models = std::move(*models);
    return promptfoo::importTests(doc, &out.spec, ctx);
}

} // namespace

Result<PromptfooImport> importPromptfooText(const QByteArray &input,
                                            const QString &fileNameForErrors) {
    prompt::SourceMap map;
    auto doc = promptfoo::parseStructuredText(
        input, fileNameForErrors.endsWith(u".json", Qt::CaseInsensitive), &map);
    if (!doc) {
        Error e = doc.error();
        return e.inFile(fileNameForErrors);
    }
    const QDir base =
        fileNameForErrors.isEmpty() ? QDir::current() : QFileInfo(fileNameForErrors).absoluteDir();
    PromptfooImport out;
    Context ctx(fileNameForErrors, base, &map, &out.unsupported);
    // Experiments resume by name, so two configs called promptfooconfig.yaml in different
    // directories must not share one.
    const QFileInfo info(fileNameForErrors);
    out.spec.name = QStringLiteral("promptfoo:%1/%2").arg(base.dirName(), info.completeBaseName());
    if (Status s = importDocument(*doc, ctx, &out); !s)
        return s.error();
    return out;
}

Result<PromptfooImport> importPromptfooConfig(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()))
            .inFile(path);
    return importPromptfooText(file.readAll(), path);
}

bool isPromptfooDocument(const nlohmann::json &doc) {
    return doc.is_object() && (doc.contains("providers") || doc.contains("prompts"))
           && !doc.contains("variants") && !doc.contains("models");
}

} // namespace trellis::eval
