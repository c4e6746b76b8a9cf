#pragma once

#include "common/result.h"
#include "provider_types.h"

#include <QHash>

#include <optional>

namespace trellis::providers {

struct ModelPrice {
    QString id;               // "openai:gpt-4o-mini"
    qint64 contextWindow = 0; // tokens; 0 when unknown
    double inputPerMTok = 0;  // USD per 1M input tokens
    double cachedInputPerMTok = 0;
    double outputPerMTok = 0;
};

// Context windows and prices of the common models (core/providers/model_catalog.json, compiled
// in as a Qt resource) with user overrides merged over them.
class ModelCatalog {
public:
    static Result<ModelCatalog> builtIn();
    static Result<ModelCatalog> fromJson(const QByteArray &json);

    // {"models": [{"id": ..., "input": ..., ...}]}: entries replace or add by id; fields left out
    // keep the built-in value.
    Status applyOverrides(const QByteArray &json);
    Status applyOverridesFile(const QString &path);

    // Exact id, else the longest known id that the model extends with a dated/version suffix
    // ("anthropic:claude-haiku-4-5-20251001" → "anthropic:claude-haiku-4-5").
    std::optional<ModelPrice> find(const QString &modelId) const;
    // USD; cached tokens at the cached rate, the rest of the input at the input rate.
    static double cost(const ModelPrice &price, const Usage &usage);
    std::optional<double> costFor(const QString &modelId, const Usage &usage) const;

    QList<ModelPrice> models() const;
    QString asOf() const { return m_asOf; }
    QHash<QString, QString> sources() const { return m_sources; }

private:
    Status merge(const QByteArray &json, bool overriding);
    Status mergeJson(const QByteArray &json, bool overriding);

    QHash<QString, ModelPrice> m_models;
    QString m_asOf;
    QHash<QString, QString> m_sources;
};

} // namespace trellis::providers
