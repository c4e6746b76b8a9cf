#include "settings_file.h"

#include "runtime/runtime_settings.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace trellis::ui {

using Json = nlohmann::json;

bool isBuiltInProvider(const QString &providerId) {
    return providerId == u"openai" || providerId == u"anthropic" || providerId == u"gemini"
           || providerId == u"ollama";
}

namespace {

const char *sectionFor(const QString &providerId) {
    return isBuiltInProvider(providerId) ? "providers" : "endpoints";
}

} // namespace

Result<SettingsFile> SettingsFile::load(const QString &path) {
    SettingsFile out;
    out.m_path = path;
    QFile file(path);
    if (!file.exists())
        return out;
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read the settings: %1").arg(file.errorString()))
            .inFile(path);
    const QByteArray bytes = file.readAll();
    out.m_json = Json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    if (out.m_json.is_discarded() || !out.m_json.is_object())
        return Error(QStringLiteral("the settings file is not a JSON object")).inFile(path);
    return out;
}

QString SettingsFile::baseUrl(const QString &providerId) const {
    const std::string id = providerId.toStdString();
    const Json &section = m_json.value(sectionFor(providerId), Json::object());
    if (!section.is_object() || !section.contains(id) || !section[id].is_object())
        return {};
    return QString::fromStdString(section[id].value("base_url", std::string()));
}

void SettingsFile::setBaseUrl(const QString &providerId, const QString &url) {
    const std::string id = providerId.toStdString();
    Json &section = m_json[sectionFor(providerId)];
    if (!section.is_object())
        section = Json::object();
    if (url.trimmed().isEmpty()) {
        if (section.contains(id) && section[id].is_object())
            section[id].erase("base_url");
        return;
    }
    section[id]["base_url"] = url.trimmed().toStdString();
}

void SettingsFile::removePrice(const QString &modelId) {
    if (!m_json.contains("models") || !m_json["models"].is_array())
        return;
    Json &models = m_json["models"];
    for (auto it = models.begin(); it != models.end();) {
        if (it->is_object() && it->value("id", std::string()) == modelId.toStdString())
            it = models.erase(it);
        else
            ++it;
    }
}

void SettingsFile::setPrice(const providers::ModelPrice &price) {
    removePrice(price.id);
    if (!m_json.contains("models") || !m_json["models"].is_array())
        m_json["models"] = Json::array();
    Json entry = {{"id", price.id.toStdString()},
                  {"input", price.inputPerMTok},
                  {"cached_input", price.cachedInputPerMTok},
                  {"output", price.outputPerMTok}};
    if (price.contextWindow > 0)
        entry["context_window"] = price.contextWindow;
    m_json["models"].push_back(std::move(entry));
}

Status SettingsFile::save() const {
    const QByteArray bytes = QByteArray::fromStdString(m_json.dump(2)) + '\n';
    auto check = runtime::RuntimeSettings::fromJson(bytes);
    if (!check)
        return check.error().inFile(m_path);
    if (!m_json.value("models", Json::array()).empty()) {
        auto catalog = providers::ModelCatalog::builtIn();
        if (!catalog)
            return catalog.error();
        if (Status s = catalog->applyOverrides(bytes); !s)
            return s.error().inFile(m_path);
    }
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error(QStringLiteral("cannot write the settings: %1").arg(file.errorString()))
            .inFile(m_path);
    return {};
}

} // namespace trellis::ui
