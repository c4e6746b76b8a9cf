#pragma once

#include "provider.h"

namespace trellis::providers {

struct DryRunConfig {
    int latencyMs = 40;   // before the first chunk
    int chunkDelayMs = 8; // between chunks
    int chunkChars = 16;
};

// The `dryrun:` provider: works offline, costs nothing, and says so. Output is a pure function
// of the request (seeded by a hash of its normalized JSON); free text starts with
// "[dry run]", schema output is JSON generated from the schema, and every result carries
// dryRun = true and the header x-trellis-dry-run. Only ever used for `dryrun:` model ids.
// True for `dryrun:` model ids: simulated offline and free, so "no price known" would be wrong.
bool isDryRunModel(QStringView modelId);

class DryRunProvider final : public Provider {
public:
    explicit DryRunProvider(DryRunConfig config = {});

    QString id() const override { return QStringLiteral("dryrun"); }
    QString kind() const override { return QStringLiteral("dryrun"); }
    bool isDryRun() const override { return true; }

    ProviderCall *start(const ProviderRequest &request, QObject *parent = nullptr) override;
    ModelListCall *listModels(int timeoutMs = 15000, QObject *parent = nullptr) override;

    static QLatin1String marker() { return QLatin1String("[dry run]"); }
    // The complete answer the dry run gives to `request` (what the stream adds up to).
    static QString answerFor(const ProviderRequest &request);
    static Usage usageFor(const ProviderRequest &request, const QString &answer);

private:
    DryRunConfig m_config;
};

} // namespace trellis::providers
