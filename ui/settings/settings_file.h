#pragma once

#include "common/result.h"
#include "providers/model_catalog.h"

#include <nlohmann/json.hpp>

namespace trellis::ui {

// The settings file the runtime reads (runtime_settings.h), edited in place: the settings
// dialog changes provider base URLs and model price overrides and keeps everything else the
// user wrote. Never holds an API key.
class SettingsFile {
public:
    // A missing file reads as {}; a file that is not a JSON object is an error naming it.
    static Result<SettingsFile> load(const QString &path);

    const QString &path() const { return m_path; }
    const nlohmann::json &json() const { return m_json; }

    QString baseUrl(const QString &providerId) const;
    // Built-in providers go under "providers", named OpenAI-compatible endpoints under
    // "endpoints". An empty URL removes the setting (the default applies again).
    void setBaseUrl(const QString &providerId, const QString &url);
    // Replaces or adds the model's entry in "models" (read by ModelCatalog::applyOverrides).
    void setPrice(const providers::ModelPrice &price);
    void removePrice(const QString &modelId);

    // Checks the result with the runtime's own reader, then writes atomically (QSaveFile): a
    // crash mid-write leaves the old file.
    Status save() const;

private:
    QString m_path;
    nlohmann::json m_json = nlohmann::json::object();
};

bool isBuiltInProvider(const QString &providerId);

} // namespace trellis::ui
