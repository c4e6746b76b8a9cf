#pragma once

#include "common/result.h"
#include "pipeline.h"
#include "providers/provider_registry.h"

namespace trellis::runtime {

// The settings file the CLI and GUI share: $TRELLIS_SETTINGS if set, else
// <XDG config home>/trellis/settings.json (~/.config/trellis/settings.json). It holds the
// provider settings of provider_registry.h ("providers", "endpoints", "dryrun"), catalog
// overrides ("models", as ModelCatalog::applyOverrides reads them) and a "runtime" section
// for the pipeline (see docs/runtime.md). A missing file means defaults everywhere.
QString defaultSettingsPath();

struct RuntimeSettings {
    providers::ProviderSettings providers;
    PipelineConfig pipeline;
    QByteArray catalogOverrides; // the file itself when it has "models", else empty

    static Result<RuntimeSettings> load(const QString &path);
    static Result<RuntimeSettings> fromJson(const QByteArray &json);
};

// Reads the "runtime" object; errors name the field ("runtime.retry.max_attempts").
Result<PipelineConfig> pipelineConfigFromJson(const nlohmann::json &runtime);

} // namespace trellis::runtime
