// promptfoo `providers` -> models ("provider:model" ids and parameters).
#include "eval/promptfoo_context.h"
#include "prompt/field_path.h"

#include <QSet>

namespace trellis::eval::promptfoo {

namespace {

using prompt::fieldIndex;
using prompt::fieldKey;

// promptfoo provider id -> Trellis "provider:model", or an empty id and the reason.
struct MappedId {
    QString id;
    QString reason;
};

MappedId mapProviderId(const QString &id) {
    const qsizetype colon = id.indexOf(u':');
    const QString scheme = colon < 0 ? id : id.left(colon);
    QString rest = colon < 0 ? QString() : id.mid(colon + 1);
    auto withKind = [&](const QString &trellis, const QStringList &chatKinds,
                        const QStringList &otherKinds) -> MappedId {
        // "openai:chat:gpt-4o" and "openai:gpt-4o" name the same chat model.
        const QString kind = rest.section(u':', 0, 0);
        if (chatKinds.contains(kind))
            rest = rest.section(u':', 1);
        else if (otherKinds.contains(kind))
            return {{},
                    QStringLiteral("promptfoo's %1:%2 API is not supported (Trellis calls "
                                   "chat models)")
                        .arg(scheme, kind)};
        if (rest.isEmpty())
            return {{}, QStringLiteral("no model named (write %1:chat:MODEL)").arg(scheme)};
        return {trellis + u':' + rest, {}};
    };
    if (scheme == u"openai")
        return withKind(QStringLiteral("openai"),
                        {QStringLiteral("chat"), QStringLiteral("responses")},
                        {QStringLiteral("completion"), QStringLiteral("embedding"),
                         QStringLiteral("embeddings"), QStringLiteral("assistant"),
                         QStringLiteral("image"), QStringLiteral("moderation"),
                         QStringLiteral("realtime"), QStringLiteral("transcription")});
    if (scheme == u"anthropic")
        return withKind(QStringLiteral("anthropic"), {QStringLiteral("messages")},
                        {QStringLiteral("completion")});
    // promptfoo's ollama:MODEL is the /api/generate completion API; Trellis calls /api/chat
    // with the prompt as one user message, which gives the same model the same text.
    if (scheme == u"ollama")
        return withKind(QStringLiteral("ollama"),
                        {QStringLiteral("chat"), QStringLiteral("completion")},
                        {QStringLiteral("embeddings"), QStringLiteral("embedding")});
    if (scheme == u"google")
        return withKind(QStringLiteral("gemini"), {},
                        {QStringLiteral("image"), QStringLiteral("live")});
    if (scheme == u"echo")
        return {{},
                QStringLiteral("the echo provider is not supported (use dryrun:MODEL in a "
                               "Trellis experiment)")};
    if (scheme == u"http" || scheme == u"https" || scheme == u"webhook")
        return {{}, QStringLiteral("HTTP/webhook providers are not supported")};
    if (scheme == u"exec" || scheme == u"python" || scheme == u"file" || scheme == u"golang"
        || scheme == u"ruby")
        return {{}, QStringLiteral("script providers cannot run in Trellis")};
    return {{},
            QStringLiteral("unknown or unsupported provider '%1' (supported: openai:, "
                           "anthropic:, ollama:, google:)")
                .arg(scheme)};
}

// promptfoo config keys Trellis sends, under Trellis's parameter names.
QString trellisParam(const QString &key) {
    if (key == u"temperature" || key == u"top_p" || key == u"max_tokens" || key == u"seed"
        || key == u"stop" || key == u"max_completion_tokens")
        return key;
    if (key == u"num_predict" || key == u"max_output_tokens" || key == u"maxOutputTokens")
        return QStringLiteral("max_tokens"); // ollama, google
    if (key == u"topP")
        return QStringLiteral("top_p");
    if (key == u"stopSequences" || key == u"stop_sequences")
        return QStringLiteral("stop");
    return {};
}

Result<nlohmann::json> mapConfig(const nlohmann::json &config, const QString &field,
                                 const Context &ctx) {
    nlohmann::json params = nlohmann::json::object();
    if (!config.is_object())
        return ctx.error(
            field, QStringLiteral("config must be a mapping, got %1").arg(jsonTypeName(config)));
    for (auto it = config.begin(); it != config.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        const QString where = fieldKey(field, key);
        const QString param = trellisParam(key);
        if (!param.isEmpty()) {
            const bool ok = param == u"stop" ? (it.value().is_string() || it.value().is_array())
                                             : it.value().is_number();
            if (!ok)
                return ctx.error(where, QStringLiteral("%1 must be %2")
                                            .arg(key, param == u"stop"
                                                          ? QStringLiteral("a string or a list")
                                                          : QStringLiteral("a number")));
            params[param.toStdString()] = it.value();
        } else if (key.startsWith(u"apiKey")) {
            ctx.unsupported(where, QStringLiteral("keys are never read from configs; Trellis "
                                                  "takes them from the environment or the "
                                                  "keychain"));
        } else if (key == u"apiBaseUrl" || key == u"apiHost" || key == u"baseUrl"
                   || key == u"host") {
            ctx.unsupported(where, QStringLiteral("endpoints are set in Trellis's provider "
                                                  "settings or OPENAI_BASE_URL / "
                                                  "ANTHROPIC_BASE_URL / OLLAMA_HOST, not per "
                                                  "config"));
        } else {
            ctx.unsupported(where, QStringLiteral("provider option '%1' is not supported "
                                                  "(Trellis sends temperature, top_p, "
                                                  "max_tokens, seed, stop)")
                                       .arg(key));
        }
    }
    return params;
}

// One provider entry: "id", {id, label, config, ...} or {id: {label, config}}.
Status importProvider(const nlohmann::json &item, const QString &field, const Context &ctx,
                      std::vector<ModelSpec> *out) {
    nlohmann::json object;
    if (item.is_string()) {
        object = {{"id", item}};
    } else if (item.is_object() && item.size() == 1 && !item.contains("id")
               && item.begin().value().is_object()) {
        object = item.begin().value();
        object["id"] = item.begin().key();
    } else if (item.is_object()) {
        object = item;
    } else {
        return ctx.error(field, QStringLiteral("a provider is an id string or a mapping with "
                                               "id, label and config, got %1")
                                    .arg(jsonTypeName(item)));
    }
    if (!object.contains("id") || !object.at("id").is_string())
        return ctx.error(field, QStringLiteral("a provider needs a string id"));
    const QString id = QString::fromStdString(object.at("id").get<std::string>());
    const MappedId mapped = mapProviderId(id);
    if (mapped.id.isEmpty()) {
        ctx.unsupported(field, QStringLiteral("%1: %2").arg(id, mapped.reason));
        return {};
    }
    ModelSpec model;
    model.id = mapped.id;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString key = QString::fromStdString(it.key());
        const QString where = fieldKey(field, key);
        if (key == u"id") {
            continue;
        } else if (key == u"label") {
            if (!it.value().is_string())
                return ctx.error(where, QStringLiteral("label must be a string"));
            model.label = QString::fromStdString(it.value().get<std::string>());
        } else if (key == u"config") {
            auto params = mapConfig(it.value(), where, ctx);
            if (!params)
                return params.error();
            model.params = std::move(*params);
        } else if (key == u"prompts") {
            // A matrix runs every prompt on every model; a filter would change the cells.
            ctx.unsupported(where, QStringLiteral("per-provider prompt filters are not "
                                                  "supported; the provider runs every prompt"));
        } else if (key == u"transform" || key == u"delay" || key == u"env") {
            ctx.unsupported(where,
                            QStringLiteral("provider option '%1' is not supported").arg(key));
        } else {
            return ctx.error(where, QStringLiteral("unknown provider field '%1'").arg(key), true);
        }
    }
    out->push_back(std::move(model));
    return {};
}

} // namespace

QString trellisModelId(const QString &promptfooId, QString *reason) {
    const MappedId mapped = mapProviderId(promptfooId);
    if (reason != nullptr)
        *reason = mapped.reason;
    return mapped.id;
}

Result<std::vector<ModelSpec>> importProviders(const nlohmann::json &providers,
                                               const Context &ctx) {
    const QString root = QStringLiteral("providers");
    std::vector<ModelSpec> models;
    if (providers.is_string()) {
        if (Status s = importProvider(providers, root, ctx, &models); !s)
            return s.error();
        return models;
    }
    if (!providers.is_array())
        return ctx.error(root, QStringLiteral("providers must be a list or a string, got %1")
                                   .arg(jsonTypeName(providers)));
    for (size_t i = 0; i < providers.size(); ++i) {
        if (Status s =
                importProvider(providers.at(i), fieldIndex(root, qsizetype(i)), ctx, &models);
            !s)
            return s.error();
    }
    // Reports name models by their display labels, which must be unique: the same id with
    // two configs and no labels becomes "id", "id #2".
    QSet<QString> labels;
    for (ModelSpec &m : models) {
        const QString base = m.displayLabel();
        QString label = base;
        for (int n = 2; labels.contains(label); ++n)
            label = base + QStringLiteral(" #") + QString::number(n);
        if (label != base)
            m.label = label;
        labels.insert(label);
    }
    return models;
}

} // namespace trellis::eval::promptfoo
