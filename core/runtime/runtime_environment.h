#pragma once

#include "providers/key_store.h"
#include "providers/model_catalog.h"
#include "providers/provider_registry.h"
#include "runtime_settings.h"

#include <QProcessEnvironment>

#include <memory>

namespace trellis::runtime {

// Everything an executable needs before it can build a Pipeline: the settings file, the key
// store, the provider registry and the model catalog (built-in prices plus the file's
// overrides). The GUI and the CLI set up the same way.
struct RuntimeEnvironment {
    QString settingsPath;
    RuntimeSettings settings;
    std::unique_ptr<providers::KeyStore> keys;
    std::unique_ptr<providers::ProviderRegistry> registry;
    providers::ModelCatalog catalog;

    // `settingsPath` empty: defaultSettingsPath(). Keys come from the environment first, then
    // the OS keychain; TRELLIS_NO_KEYCHAIN=1 in `env` leaves the keychain alone (CI, tests).
    static Result<std::unique_ptr<RuntimeEnvironment>> open(const QString &settingsPath,
                                                            const QProcessEnvironment &env);

    PipelineDeps deps(store::Database *db) const;
};

} // namespace trellis::runtime
