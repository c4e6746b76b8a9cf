// trellis-cli models: configured providers and the model catalog with prices.
#include "cli_io.h"
#include "commands.h"
#include "runtime/runtime_environment.h"

#include <algorithm>

namespace trellis::cli {

int runModelsCommand(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("List configured providers and catalog models with "
                                           "prices (USD per 1M tokens)."));
    cl.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    cl.addOption(
        {QStringLiteral("settings"), QStringLiteral("Settings file."), QStringLiteral("FILE")});
    if (auto exit = cl.parse(0, 0))
        return *exit;
    auto env = runtime::RuntimeEnvironment::open(cl.value(QStringLiteral("settings")),
                                                 QProcessEnvironment::systemEnvironment());
    if (!env)
        return reportError(env.error());
    const auto providers = (*env)->registry->providers();
    // The dry run is always available; list it once whether or not the registry names it.
    const bool registryHasDryRun =
        std::any_of(providers.begin(), providers.end(),
                    [](const auto &p) { return p.kind == QLatin1String("dryrun"); });
    auto models = (*env)->catalog.models();
    std::sort(models.begin(), models.end(),
              [](const auto &a, const auto &b) { return a.id < b.id; });

    if (cl.isSet(QStringLiteral("json"))) {
        nlohmann::json doc = {{"settings", (*env)->settingsPath.toStdString()},
                              {"prices_as_of", (*env)->catalog.asOf().toStdString()},
                              {"providers", nlohmann::json::array()},
                              {"models", nlohmann::json::array()}};
        for (const auto &p : providers)
            doc["providers"].push_back({{"id", p.id.toStdString()},
                                        {"kind", p.kind.toStdString()},
                                        {"base_url", p.baseUrl.toStdString()},
                                        {"enabled", p.enabled},
                                        {"key", p.keySource.toStdString()}});
        if (!registryHasDryRun)
            doc["providers"].push_back({{"id", "dryrun"},
                                        {"kind", "dryrun"},
                                        {"base_url", ""},
                                        {"enabled", true},
                                        {"key", "none"}});
        for (const auto &m : models)
            doc["models"].push_back({{"id", m.id.toStdString()},
                                     {"context_window", m.contextWindow},
                                     {"input", m.inputPerMTok},
                                     {"cached_input", m.cachedInputPerMTok},
                                     {"output", m.outputPerMTok}});
        writeJson(doc);
        return ExitOk;
    }
    QString out = QStringLiteral("Providers (settings: %1)\n").arg((*env)->settingsPath);
    for (const auto &p : providers) {
        if (p.kind == QLatin1String("dryrun"))
            continue; // described below
        out += QStringLiteral("  %1 %2 %3 key=%4%5\n")
                   .arg(p.id, -10)
                   .arg(p.kind, -9)
                   .arg(p.baseUrl.isEmpty() ? QStringLiteral("(default)") : p.baseUrl, -40)
                   .arg(p.keySource, p.enabled ? QString() : QStringLiteral(" (disabled)"));
    }
    out += QStringLiteral("  %1 %2 offline, deterministic, marked as dry run\n")
               .arg(QStringLiteral("dryrun"), -10)
               .arg(QStringLiteral("dryrun"), -9);
    out += QStringLiteral("\nModels (USD per 1M tokens, prices as of %1)\n")
               .arg((*env)->catalog.asOf());
    out += QStringLiteral("  %1 %2 %3 %4 %5\n")
               .arg(QStringLiteral("id"), -44)
               .arg(QStringLiteral("context"), 9)
               .arg(QStringLiteral("input"), 9)
               .arg(QStringLiteral("cached"), 9)
               .arg(QStringLiteral("output"), 9);
    for (const auto &m : models)
        out += QStringLiteral("  %1 %2 %3 %4 %5\n")
                   .arg(m.id, -44)
                   .arg(m.contextWindow, 9)
                   .arg(m.inputPerMTok, 9, 'f', 3)
                   .arg(m.cachedInputPerMTok, 9, 'f', 3)
                   .arg(m.outputPerMTok, 9, 'f', 3);
    writeOut(out);
    return ExitOk;
}

} // namespace trellis::cli
