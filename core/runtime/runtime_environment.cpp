#include "runtime_environment.h"

namespace trellis::runtime {

Result<std::unique_ptr<RuntimeEnvironment>>
RuntimeEnvironment::open(const QString &settingsPath, const QProcessEnvironment &env) {
    auto out = std::make_unique<RuntimeEnvironment>();
    out->settingsPath = settingsPath.isEmpty() ? defaultSettingsPath() : settingsPath;
    auto settings = RuntimeSettings::load(out->settingsPath);
    if (!settings)
        return settings.error();
    out->settings = std::move(settings.value());
    const QString noKeychain = env.value(QStringLiteral("TRELLIS_NO_KEYCHAIN"));
    if (!noKeychain.isEmpty() && noKeychain != u"0")
        out->keys = std::make_unique<providers::MemoryKeyStore>();
    else
        out->keys = std::make_unique<providers::QtKeychainStore>();
    out->registry = std::make_unique<providers::ProviderRegistry>(out->settings.providers, env,
                                                                  out->keys.get());
    auto catalog = providers::ModelCatalog::builtIn();
    if (!catalog)
        return catalog.error();
    out->catalog = std::move(catalog.value());
    if (!out->settings.catalogOverrides.isEmpty()) {
        if (Status s = out->catalog.applyOverrides(out->settings.catalogOverrides); !s)
            return s.error().inFile(out->settingsPath);
    }
    return out;
}

PipelineDeps RuntimeEnvironment::deps(store::Database *db) const {
    PipelineDeps d;
    d.registry = registry.get();
    d.catalog = &catalog;
    d.db = db;
    return d;
}

} // namespace trellis::runtime
