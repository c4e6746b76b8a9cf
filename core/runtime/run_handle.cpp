#include "pipeline.h"
#include "providers/provider.h"
#include "providers/provider_registry.h"
#include "providers/redaction.h"
#include "sanitizer.h"
#include "template/template.h"
#include "template/value.h"

#include <QTimer>
#include <QUuid>

namespace trellis::runtime {

using json = nlohmann::json;
using providers::ErrorKind;
using providers::ProviderError;
using providers::ProviderResult;

namespace {

providers::Role toRole(prompt::Role role) {
    switch (role) {
    case prompt::Role::System:
        return providers::Role::System;
    case prompt::Role::Assistant:
        return providers::Role::Assistant;
    case prompt::Role::User:
        break;
    }
    return providers::Role::User;
}

} // namespace

RunHandle::RunHandle(Pipeline *pipeline, RunRequest request, QObject *parent)
    : QObject(parent)
    , m_pipeline(pipeline)
    , m_pipelineAlive(pipeline)
    , m_request(std::move(request))
    , m_runId(QUuid::createUuid().toString(QUuid::WithoutBraces)) {
    m_runStartedMs = pipeline->m_deps.clock->nowMs();
}

RunHandle::~RunHandle() {
    if (m_pipelineAlive.isNull())
        return;
    cancel();
    m_pipeline->m_handles.remove(this);
}

void RunHandle::setStage(RunStage stage) {
    if (m_stage == stage)
        return;
    m_stage = stage;
    Q_EMIT stageChanged(stage);
}

void RunHandle::prepare() {
    if (stopped())
        return;
    if (m_cancelRequested)
        return fail(RunErrorKind::Cancelled, QStringLiteral("cancelled"), RunStage::Pending);
    setStage(RunStage::Preparing);
    Pipeline &p = *m_pipeline;
    const prompt::PromptSpec &spec = m_request.spec;

    // Variables: given values, then declared defaults; required ones must be there.
    json vars = m_request.variables.is_object() ? m_request.variables : json::object();
    for (const prompt::Variable &v : spec.variables) {
        const std::string name = v.name.toStdString();
        if (vars.contains(name))
            continue;
        if (!v.defaultValue.is_null())
            vars[name] = v.defaultValue;
        else if (v.required)
            return fail(RunErrorKind::BadInput,
                        QStringLiteral("variable \"%1\" is required").arg(v.name),
                        RunStage::Preparing);
    }
    m_request.variables = vars;

    const SanitizePolicy policy =
        m_request.sanitize ? *m_request.sanitize
                           : p.m_config.promptSanitize.value(spec.name, p.m_config.sanitize);
    SanitizedVariables clean = sanitizeVariables(vars, policy);
    m_outcome.injectionFlags = clean.flags;
    if (policy.blockOnFlag && !clean.flags.empty()) {
        const InjectionFlag &f = clean.flags.front();
        return fail(RunErrorKind::BadInput,
                    QStringLiteral("variable \"%1\" looks like prompt injection (%2: \"%3\")")
                        .arg(f.variable, f.rule, f.excerpt),
                    RunStage::Preparing);
    }
    if (Status s = renderMessages(clean.variables); !s)
        return fail(RunErrorKind::BadInput, s.error().toString(), RunStage::Preparing);

    // Route: an explicit model wins; then the first matching rule; then the prompt's model.
    QString model = m_request.model;
    if (model.isEmpty()) {
        RouteInput in{m_request.taskTag, spec.tags, m_inputTokens, &m_request.variables};
        if (auto choice = p.m_router.choose(in)) {
            model = choice->model;
            m_outcome.route = choice->rule;
        }
    }
    if (model.isEmpty())
        model = spec.model;
    if (model.isEmpty())
        return fail(RunErrorKind::BadInput,
                    QStringLiteral("no model: pass one (--model provider:model) or set the "
                                   "prompt's model"),
                    RunStage::Preparing);
    m_chain = QStringList{model};
    const QStringList fallbacks = m_request.fallbackModels.isEmpty()
                                      ? p.m_config.fallbacks.value(model)
                                      : m_request.fallbackModels;
    for (const QString &f : fallbacks)
        if (!m_chain.contains(f))
            m_chain << f;
    Q_EMIT started(model, m_outcome.route);
    beginModel(0);
}

Status RunHandle::renderMessages(const json &variables) {
    Pipeline &p = *m_pipeline;
    tmpl::RenderOptions options;
    options.strictUndefined = p.m_config.strictVariables;
    const tmpl::Value context = tmpl::Value::fromJson(variables);
    m_messages.clear();
    m_inputTokens = 0;
    const auto &messages = m_request.spec.messages;
    if (messages.empty())
        return Error(QStringLiteral("the prompt has no messages"));
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const QString field = QStringLiteral("messages[%1]").arg(i);
        auto tpl = p.templateFor(messages[i].content);
        if (!tpl)
            return tpl.error().forField(field);
        auto text = (*tpl)->renderUtf8(context, options);
        if (!text)
            return text.error().forField(field);
        providers::ChatMessage m{toRole(messages[i].role), QString::fromStdString(*text)};
        m_inputTokens += estimateTokens(m.content);
        m_messages.push_back(std::move(m));
    }
    return {};
}

void RunHandle::beginModel(int index) {
    Pipeline &p = *m_pipeline;
    m_modelIndex = index;
    m_modelId = m_chain.at(index);
    m_attemptsOnModel = 0;
    m_outcome.model = m_modelId;
    setStage(RunStage::Preparing);

    auto resolved =
        p.m_deps.registry
            ? p.m_deps.registry->resolve(m_modelId)
            : Result<providers::ResolvedModel>(Error(QStringLiteral("no provider registry")));
    if (!resolved) {
        ProviderError e;
        e.kind = ErrorKind::BadRequest;
        e.message = resolved.error().message;
        if (index + 1 < m_chain.size()) {
            (void)record(QStringLiteral("error"), e.message, nullptr, false);
            return beginModel(index + 1);
        }
        return fail(RunErrorKind::BadInput, resolved.error().message, RunStage::Preparing, e);
    }
    m_provider = resolved->provider;
    providers::ProviderRequest req;
    req.model = resolved->model;
    req.messages = m_messages;
    if (const QString problem = req.applyParams(m_request.spec.params); !problem.isEmpty())
        return fail(RunErrorKind::BadInput, QStringLiteral("params: ") + problem,
                    RunStage::Preparing);
    req.outputSchema = m_request.spec.outputSchema;
    req.stream = m_request.stream.value_or(p.m_config.stream);
    req.timeouts = m_request.timeouts.value_or(p.m_config.timeouts);
    m_providerRequest = std::move(req);
    m_normalized = m_providerRequest.normalized();
    m_normalizedJson = std::make_shared<const std::string>(ResponseCache::serialize(m_normalized));
    m_outcome.request = m_normalized;
    m_lane = p.laneFor(m_modelId);

    // Budget: an estimate from the catalog before the call; unknown prices count as free.
    m_estimateUsd = 0;
    if (p.m_deps.catalog != nullptr) {
        providers::Usage guess;
        guess.inputTokens = m_inputTokens;
        guess.outputTokens =
            m_providerRequest.maxTokens.value_or(int(p.m_config.budget.assumedOutputTokens));
        m_estimateUsd = p.m_deps.catalog->costFor(m_modelId, guess).value_or(0.0);
    }
    if (Status s = p.m_budget.check(m_estimateUsd, m_spentUsd, m_request.maxRunCostUsd); !s)
        return fail(RunErrorKind::Budget, s.error().message, RunStage::Preparing);

    if (lookupOrCoalesce())
        return;
    acquire();
}

// True when the run was answered from the cache or now waits for an identical request.
bool RunHandle::lookupOrCoalesce() {
    Pipeline &p = *m_pipeline;
    m_cacheKey.clear();
    if (m_request.bypassCache && !p.m_cache.enabled())
        return false;
    setStage(RunStage::Cache);
    m_cacheKey = ResponseCache::keyForSerialized(m_provider->id(), *m_normalizedJson);
    if (m_request.bypassCache)
        return false; // the answer is still stored for later runs
    if (p.m_cache.enabled()) {
        auto hit = p.m_cache.lookup(m_cacheKey);
        if (hit && hit->has_value()) {
            if (p.m_writer.enabled())
                p.m_writer.addCacheHit(m_cacheKey);
            succeed(**hit, true);
            return true;
        }
    }
    if (m_modelIndex > 0)
        return false; // only the first model's request is shared (the leader owns its key)
    RunHandle *leader = p.m_leaders.value(m_cacheKey).data();
    if (leader != nullptr && leader != this && !leader->stopped()) {
        follow(leader);
        return true;
    }
    p.m_leaders.insert(m_cacheKey, this);
    m_leaderKey = m_cacheKey;
    return false;
}

void RunHandle::follow(RunHandle *leader) {
    m_leader = leader;
    leader->m_followers.append(this);
    setStage(RunStage::Coalesced);
}

void RunHandle::acquire() {
    setStage(RunStage::Queued);
    const double tokens = double(m_inputTokens
                                 + m_providerRequest.maxTokens.value_or(
                                     int(m_pipeline->m_config.budget.assumedOutputTokens)));
    m_ticket = m_pipeline->m_limiter.acquire(m_lane, tokens, m_request.priority,
                                             [this] { callProvider(); });
}

void RunHandle::callProvider() {
    Pipeline &p = *m_pipeline;
    setStage(RunStage::Calling);
    ++m_attemptsOnModel;
    ++m_outcome.attempts;
    m_attemptStartedMs = p.m_deps.clock->nowMs();
    m_attemptStartedAt = QDateTime::currentDateTimeUtc();
    m_reservation = p.m_budget.reserve(m_estimateUsd);
    Q_EMIT attempt(m_outcome.attempts, m_modelId);
    m_call = m_provider->start(m_providerRequest, this);
    connect(m_call, &providers::ProviderCall::delta, this, &RunHandle::delta);
    connect(m_call, &providers::ProviderCall::finished, this, &RunHandle::onCallFinished);
    connect(m_call, &providers::ProviderCall::failed, this, &RunHandle::onCallFailed);
}

void RunHandle::onCallFinished(const ProviderResult &result) {
    Pipeline &p = *m_pipeline;
    // The run may end within this call and a receiver may delete the handle: the call, still
    // emitting, must not go with it.
    m_call->setParent(nullptr);
    m_call->deleteLater();
    m_call = nullptr;
    p.m_limiter.release(m_ticket, double(result.usage.inputTokens + result.usage.outputTokens));
    m_ticket = 0;
    p.m_limiter.reportHeaders(m_lane, result.headers);
    p.m_limiter.reportSuccess(m_lane);
    const std::optional<double> cost =
        p.m_deps.catalog ? p.m_deps.catalog->costFor(m_modelId, result.usage) : std::nullopt;
    p.m_budget.settle(m_reservation, cost.value_or(0.0));
    m_reservation = 0;
    if (cost)
        m_spentUsd += *cost;
    else
        m_costKnown = m_costKnown && result.dryRun;
    if (!m_cacheKey.isEmpty() && p.m_cache.enabled())
        p.m_writer.addCache(p.m_cache.entryFor(m_cacheKey, m_normalizedJson, result));
    succeed(result, false);
}

void RunHandle::onCallFailed(const ProviderError &error) {
    Pipeline &p = *m_pipeline;
    if (m_call != nullptr) {
        m_call->setParent(nullptr); // as in onCallFinished()
        m_call->deleteLater();
        m_call = nullptr;
    }
    p.m_limiter.release(m_ticket);
    m_ticket = 0;
    p.m_budget.settle(m_reservation, 0.0);
    m_reservation = 0;
    if (error.kind == ErrorKind::RateLimited || error.httpStatus == 429)
        p.m_limiter.reportRateLimited(
            m_lane, error.retryAfterMs < 0
                        ? -1
                        : std::min<qint64>(error.retryAfterMs, p.m_config.retry.maxRetryAfterMs));
    if (!error.rateLimit.isEmpty())
        p.m_limiter.reportRateLimitInfo(m_lane, error.rateLimit);
    if (error.kind == ErrorKind::Cancelled || m_cancelRequested)
        return fail(RunErrorKind::Cancelled, QStringLiteral("cancelled"), RunStage::Calling, error);

    const RetryPolicy &policy = p.m_config.retry;
    if (policy.shouldRetry(error, m_attemptsOnModel)) {
        (void)record(QStringLiteral("error"), error.toString(), nullptr, false, error.partialText);
        setStage(RunStage::Backoff);
        const int wait = policy.delayMs(error, m_attemptsOnModel, p.m_deps.random01);
        if (m_backoff == nullptr) {
            m_backoff = new QTimer(this);
            m_backoff->setSingleShot(true);
            m_backoff->setTimerType(Qt::PreciseTimer);
            connect(m_backoff, &QTimer::timeout, this, &RunHandle::acquire);
        }
        m_backoff->start(wait);
        return;
    }
    nextModelOrFail(error);
}

void RunHandle::nextModelOrFail(const ProviderError &error) {
    if (m_modelIndex + 1 < m_chain.size()) {
        (void)record(QStringLiteral("error"), error.toString(), nullptr, false, error.partialText);
        // Twins waiting on the first model's key get the fallback's answer.
        return beginModel(m_modelIndex + 1);
    }
    fail(RunErrorKind::Provider, error.toString(), RunStage::Calling, error);
}

} // namespace trellis::runtime
