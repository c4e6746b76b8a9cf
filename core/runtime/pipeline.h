#pragma once

#include "budget.h"
#include "output_validation.h"
#include "providers/model_catalog.h"
#include "rate_limiter.h"
#include "response_cache.h"
#include "retry_policy.h"
#include "router.h"
#include "run_types.h"
#include "run_writer.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <memory>

namespace trellis::providers {
class ProviderRegistry;
class ProviderCall;
class Provider;
} // namespace trellis::providers

namespace trellis::store {
class Database;
}

namespace trellis::tmpl {
class Template;
}

namespace trellis::runtime {

struct PipelineConfig {
    bool stream = true;
    providers::Timeouts timeouts;
    RetryPolicy retry;
    BudgetLimits budget;
    std::vector<RoutingRule> routing;
    QHash<QString, QStringList> fallbacks; // model id → models to try after it, in order
    LaneLimits defaultLimits;
    QHash<QString, LaneLimits> limits; // by "provider:model", else by "provider"
    bool cache = true;
    int cacheTtlSeconds = 0; // 0: never expires
    SanitizePolicy sanitize;
    QHash<QString, SanitizePolicy> promptSanitize; // by prompt name
    bool strictVariables = true; // an undefined variable is an error, not an empty string
    // Network managers per thread (network_access.h): more than one lifts Qt 6.4's limit of
    // six HTTP/1.1 connections per host.
    int networkManagers = 1;
    // Group commit of the recorded runs (run_writer.h): a finished run's rows are on the
    // pipeline's connection at once and committed for other connections within this delay.
    int recordCommitDelayMs = RunWriter::kDefaultCommitDelayMs;
};

// What the pipeline works with; none of it is owned. `db` belongs to the thread that runs the
// pipeline (the store is written there); null runs without recording or caching.
struct PipelineDeps {
    providers::ProviderRegistry *registry = nullptr;
    const providers::ModelCatalog *catalog = nullptr;
    store::Database *db = nullptr;
    const Clock *clock = SteadyClock::instance();
    std::function<double()> random01; // jitter source; default QRandomGenerator::global()
};

class RunHandle;

// The request pipeline of DESIGN.md: sanitize → render → route → budget → cache (with
// coalescing) → rate limiter → provider call → retries → fallbacks → validation → record.
// Everything runs on the event loop of the thread that owns the Pipeline; no threads are
// started. Each start() returns a RunHandle that reports progress and the outcome.
class Pipeline : public QObject {
    Q_OBJECT
public:
    Pipeline(PipelineDeps deps, PipelineConfig config, QObject *parent = nullptr);
    ~Pipeline() override;

    // Nothing happens before control returns to the event loop, so connecting to the handle
    // right after start() never misses a signal. The handle is a child of `parent` (else of
    // the pipeline) and may be deleted after it has ended.
    RunHandle *start(RunRequest request, QObject *parent = nullptr);

    const PipelineConfig &config() const { return m_config; }
    Status setRouting(std::vector<RoutingRule> rules);
    RateLimiter &rateLimiter() { return m_limiter; }
    BudgetGuard &budget() { return m_budget; }
    int runsInFlight() const { return m_live; }
    // Commits the recorded runs now (they are committed within config().recordCommitDelayMs
    // anyway, and when the pipeline is destroyed): for handing the store to another process.
    Status commitRecords() { return m_writer.commit(); }

Q_SIGNALS:
    // Runs whose `finished`/`failed` said they were recorded were lost when their group
    // commit failed (run_writer.h).
    void recordsLost(int rows, const QString &message);

private:
    friend class RunHandle;
    Result<std::shared_ptr<const tmpl::Template>> templateFor(const QString &source);
    LaneLimits limitsFor(const QString &modelId) const;
    QString laneFor(const QString &modelId);

    PipelineDeps m_deps;
    PipelineConfig m_config;
    Router m_router;
    RateLimiter m_limiter;
    BudgetGuard m_budget;
    ResponseCache m_cache;
    RunWriter m_writer;
    OutputValidator m_validator;
    QHash<QString, std::shared_ptr<const tmpl::Template>> m_templates;
    QHash<QString, QPointer<RunHandle>> m_leaders; // cache key → run making the call
    QSet<QString> m_lanesConfigured;
    QSet<RunHandle *> m_handles;
    int m_live = 0;
};

// One run in flight. Exactly one of finished() / failed() is emitted, from the event loop.
class RunHandle : public QObject {
    Q_OBJECT
public:
    ~RunHandle() override;

    // Stops the run wherever it is (queued, waiting for a coalesced twin, calling, backing
    // off); emits failed() with errorKind Cancelled. No-op once the run has ended.
    void cancel();
    RunStage stage() const { return m_stage; }
    // True once finished() or failed() has been emitted (the run's rows are in the store, on
    // the pipeline's connection; see PipelineConfig::recordCommitDelayMs).
    bool isDone() const { return m_ended; }
    const RunOutcome &outcome() const { return m_outcome; }
    QString runId() const { return m_runId; } // groups the attempt rows in the store

Q_SIGNALS:
    void started(const QString &model, const QString &route);
    void stageChanged(trellis::runtime::RunStage stage);
    void attempt(int number, const QString &model); // a provider call is starting
    void delta(const QString &text);                // streamed text of the current attempt
    void finished(const trellis::runtime::RunOutcome &outcome);
    void failed(const trellis::runtime::RunOutcome &outcome);

private:
    friend class Pipeline;
    RunHandle(Pipeline *pipeline, RunRequest request, QObject *parent);

    void setStage(RunStage stage);
    bool stopped() const { return m_stage == RunStage::Done; }
    void prepare();
    Status renderMessages(const nlohmann::json &variables);
    void beginModel(int index);
    bool lookupOrCoalesce();
    void acquire();
    void callProvider();
    void onCallFinished(const providers::ProviderResult &result);
    void onCallFailed(const providers::ProviderError &error);
    void nextModelOrFail(const providers::ProviderError &error);
    void succeed(const providers::ProviderResult &result, bool fromCache);
    void fail(RunErrorKind kind, const QString &message, RunStage at,
              std::optional<providers::ProviderError> providerError = std::nullopt);
    void follow(RunHandle *leader);
    void leaderEnded(const RunOutcome &leaderOutcome);
    void releaseFollowers();
    // Writes the row (its id joins outcome.runIds); false when there is no store. A final row
    // that cannot be written makes the run a Store failure.
    bool record(const QString &status, const QString &error,
                const providers::ProviderResult *result, bool final,
                const QString &partialText = {});
    void emitEnd();
    void restartAfterLeader();
    void finish();

    Pipeline *m_pipeline;               // outlives the run: ~Pipeline cancels the runs still going
    QPointer<Pipeline> m_pipelineAlive; // for ~RunHandle only
    RunRequest m_request;
    QString m_runId;
    RunStage m_stage = RunStage::Pending;
    RunOutcome m_outcome;
    bool m_cancelRequested = false;
    bool m_ended = false; // finished()/failed() emitted

    std::vector<providers::ChatMessage> m_messages;
    qint64 m_inputTokens = 0;
    QStringList m_chain;
    int m_modelIndex = -1;
    QString m_modelId;
    QString m_lane;
    providers::Provider *m_provider = nullptr;
    providers::ProviderRequest m_providerRequest;
    nlohmann::json m_normalized;
    std::shared_ptr<const std::string> m_normalizedJson; // its compact text, made once
    QString m_cacheKey;
    double m_estimateUsd = 0;
    double m_spentUsd = 0;
    bool m_costKnown = true;
    int m_attemptsOnModel = 0;
    qint64 m_attemptStartedMs = 0;
    QDateTime m_attemptStartedAt;
    qint64 m_runStartedMs = 0;

    RateLimiter::Ticket m_ticket = 0;
    qint64 m_reservation = 0;
    providers::ProviderCall *m_call = nullptr;
    class QTimer *m_backoff = nullptr;
    QPointer<RunHandle> m_leader;
    QList<QPointer<RunHandle>> m_followers;
    QString m_leaderKey; // set while this run makes the call for identical requests
};

} // namespace trellis::runtime
