// Fuzzes the settings file (settings.json): provider settings, the "runtime" pipeline section
// with its routing conditions, and the model catalog overrides ("models") merged over the
// built-in catalog. Every error must say something; overrides that merge must leave a catalog
// whose ids are provider:model ids with non-negative prices.
#include "providers/model_catalog.h"
#include "runtime/runtime_settings.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace trellis;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Result<runtime::RuntimeSettings> settings = runtime::RuntimeSettings::fromJson(bytes);
    if (!settings.ok() && settings.error().message.isEmpty()) {
        std::fprintf(stderr, "settings error without a message\n");
        std::abort();
    }
    static const Result<providers::ModelCatalog> builtIn = providers::ModelCatalog::builtIn();
    if (!builtIn.ok())
        std::abort();
    providers::ModelCatalog catalog = *builtIn;
    const Status merged = catalog.applyOverrides(bytes);
    if (!merged.ok()) {
        if (merged.error().message.isEmpty())
            std::abort();
        return 0;
    }
    for (const providers::ModelPrice &price : catalog.models()) {
        if (!price.id.contains(u':') || price.inputPerMTok < 0 || price.outputPerMTok < 0
            || price.cachedInputPerMTok < 0)
            std::abort();
        if (!catalog.find(price.id))
            std::abort();
    }
    return 0;
}
