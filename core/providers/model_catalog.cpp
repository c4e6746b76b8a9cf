#include "model_catalog.h"

#include <QFile>

#include <algorithm>

using nlohmann::json;

namespace trellis::providers {

Result<ModelCatalog> ModelCatalog::builtIn() {
    QFile file(QStringLiteral(":/trellis/providers/model_catalog.json"));
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("built-in model catalog resource is missing"));
    return fromJson(file.readAll());
}

Result<ModelCatalog> ModelCatalog::fromJson(const QByteArray &bytes) {
    ModelCatalog c;
    if (Status s = c.merge(bytes, false); !s)
        return s.error();
    return c;
}

Status ModelCatalog::applyOverrides(const QByteArray &bytes) {
    return merge(bytes, true);
}

Status ModelCatalog::applyOverridesFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()))
            .inFile(path);
    Status s = merge(file.readAll(), true);
    if (!s)
        s.error().inFile(path);
    return s;
}

Status ModelCatalog::merge(const QByteArray &bytes, bool overriding) {
    try {
        return mergeJson(bytes, overriding);
    } catch (const json::exception &e) {
        return Error(QStringLiteral("model catalog: %1").arg(QString::fromUtf8(e.what())));
    }
}

Status ModelCatalog::mergeJson(const QByteArray &bytes, bool overriding) {
    const json j = json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    if (j.is_discarded() || !j.is_object())
        return Error(QStringLiteral("model catalog is not a JSON object"));
    if (j.contains("as_of") && j["as_of"].is_string())
        m_asOf = QString::fromStdString(j["as_of"].get<std::string>());
    if (j.contains("sources") && j["sources"].is_object()) {
        for (auto it = j["sources"].begin(); it != j["sources"].end(); ++it) {
            if (it->is_string())
                m_sources.insert(QString::fromStdString(it.key()),
                                 QString::fromStdString(it->get<std::string>()));
        }
    }
    const json models = j.value("models", json::array());
    if (!models.is_array())
        return Error(QStringLiteral("\"models\" must be an array"))
            .forField(QStringLiteral("models"));
    for (size_t i = 0; i < models.size(); ++i) {
        const json &m = models[i];
        const QString field = QStringLiteral("models[%1]").arg(i);
        if (!m.is_object() || !m.contains("id") || !m["id"].is_string())
            return Error(QStringLiteral("each model needs a string \"id\"")).forField(field);
        const QString id = QString::fromStdString(m["id"].get<std::string>());
        if (!ModelId::parse(id))
            return Error(QStringLiteral("\"%1\" is not a provider:model id").arg(id))
                .forField(field + QStringLiteral(".id"));
        ModelPrice p = overriding && m_models.contains(id) ? m_models.value(id) : ModelPrice{};
        p.id = id;
        struct Field {
            const char *key;
            double *target;
        } fields[] = {{"input", &p.inputPerMTok},
                      {"cached_input", &p.cachedInputPerMTok},
                      {"output", &p.outputPerMTok}};
        for (const Field &f : fields) {
            if (!m.contains(f.key))
                continue;
            if (!m[f.key].is_number() || m[f.key].get<double>() < 0)
                return Error(QStringLiteral("must be a non-negative number"))
                    .forField(field + u'.' + QLatin1String(f.key));
            *f.target = m[f.key].get<double>();
        }
        if (!m.contains("cached_input") && !(overriding && m_models.contains(id)))
            p.cachedInputPerMTok = p.inputPerMTok; // no cache discount known
        if (m.contains("context_window") && m["context_window"].is_number_integer())
            p.contextWindow = m["context_window"].get<qint64>();
        m_models.insert(id, p);
    }
    return {};
}

std::optional<ModelPrice> ModelCatalog::find(const QString &modelId) const {
    const auto exact = m_models.constFind(modelId);
    if (exact != m_models.constEnd())
        return *exact;
    const ModelPrice *best = nullptr;
    for (const ModelPrice &p : m_models) {
        if (modelId.size() > p.id.size() + 1 && modelId.startsWith(p.id)
            && modelId.at(p.id.size()) == u'-' && modelId.at(p.id.size() + 1).isDigit()
            && (best == nullptr || p.id.size() > best->id.size()))
            best = &p;
    }
    if (best == nullptr)
        return std::nullopt;
    return *best;
}

double ModelCatalog::cost(const ModelPrice &p, const Usage &u) {
    const qint64 cached = std::clamp<qint64>(u.cachedTokens, 0, u.inputTokens);
    return (double(u.inputTokens - cached) * p.inputPerMTok + double(cached) * p.cachedInputPerMTok
            + double(u.outputTokens) * p.outputPerMTok)
           / 1e6;
}

std::optional<double> ModelCatalog::costFor(const QString &modelId, const Usage &usage) const {
    const auto p = find(modelId);
    if (!p)
        return std::nullopt;
    return cost(*p, usage);
}

QList<ModelPrice> ModelCatalog::models() const {
    QList<ModelPrice> out = m_models.values();
    std::sort(out.begin(), out.end(),
              [](const ModelPrice &a, const ModelPrice &b) { return a.id < b.id; });
    return out;
}

} // namespace trellis::providers
