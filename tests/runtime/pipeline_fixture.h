#pragma once

#include "fake_llm_server.h"
#include "providers/key_store.h"
#include "providers/model_catalog.h"
#include "providers/provider_registry.h"
#include "runtime/pipeline.h"
#include "store/database.h"
#include "store/store_types.h"

#include <QTemporaryDir>

#include <memory>

namespace trellis::test {

// A pipeline wired to the fake LLM server: "openai:*" and "anthropic:*" reach it, the store is
// a temporary file, keys are fake secrets (so tests can grep for them), prices come from the
// catalog with "openai:priced" added at $1000 / $2000 per 1M tokens.
class PipelineFixture {
public:
    static constexpr const char *kOpenAiKey = "sk-testSECRET0penai0123456789abcdef";
    static constexpr const char *kAnthropicKey = "sk-ant-testSECRETanthropic0123456789";

    explicit PipelineFixture(runtime::PipelineConfig config = fastConfig());

    static runtime::PipelineConfig fastConfig(); // short backoffs, no jitter surprises

    runtime::RunRequest request(const QString &userText, const QString &model = {}) const;
    // Runs to the end (or QFAIL-worthy timeout: returns an outcome with errorMessage "timeout").
    runtime::RunOutcome run(runtime::RunRequest request, int timeoutMs = 20000);
    static bool waitDone(runtime::RunHandle *handle, int timeoutMs = 20000);

    std::vector<store::RunRecord> runs(int limit = 10000);
    std::vector<store::RunRecord> finalRuns(int limit = 10000);
    QByteArray databaseBytes() const; // the file and its WAL, for grepping

    testing::FakeLlmServer server;
    QTemporaryDir dir;
    providers::MemoryKeyStore keys;
    std::unique_ptr<providers::ProviderRegistry> registry;
    providers::ModelCatalog catalog;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<runtime::Pipeline> pipeline;
};

} // namespace trellis::test
