// The ends of a run: success, failure, cancellation, coalesced twins, and the store rows.
#include "pipeline.h"
#include "providers/provider.h"
#include "providers/redaction.h"

#include <QTimer>

namespace trellis::runtime {

using json = nlohmann::json;
using providers::ProviderError;
using providers::ProviderResult;

void RunHandle::cancel() {
    if (stopped())
        return;
    m_cancelRequested = true;
    const RunStage at = m_stage;
    switch (at) {
    case RunStage::Calling:
        if (m_call != nullptr) {
            m_call->cancel(); // emits failed(Cancelled) at once → onCallFailed → fail()
            if (stopped())
                return;
        }
        break;
    case RunStage::Queued:
        if (m_ticket != 0)
            m_pipeline->m_limiter.cancel(m_ticket);
        m_ticket = 0;
        break;
    case RunStage::Backoff:
        if (m_backoff != nullptr)
            m_backoff->stop();
        break;
    case RunStage::Coalesced:
        if (RunHandle *leader = m_leader.data())
            leader->m_followers.removeAll(QPointer<RunHandle>(this));
        m_leader = nullptr;
        break;
    default:
        break;
    }
    fail(RunErrorKind::Cancelled, QStringLiteral("cancelled"), at);
}

void RunHandle::succeed(const ProviderResult &result, bool fromCache) {
    Pipeline *p = m_pipeline;
    setStage(RunStage::Validating);
    m_outcome.ok = true;
    m_outcome.text = result.text;
    m_outcome.finishReason = result.finishReason;
    m_outcome.usage = result.usage;
    m_outcome.dryRun = result.dryRun;
    m_outcome.cacheHit = fromCache;
    m_outcome.ttftMs = result.ttftMs >= 0 && !fromCache
                           ? std::optional<double>(double(result.ttftMs))
                           : std::nullopt;
    if (fromCache)
        m_outcome.costUsd = m_spentUsd; // earlier failed attempts only; the hit is free
    else if (m_costKnown)
        m_outcome.costUsd = m_spentUsd;
    if (m_request.validateOutput && !m_request.spec.outputSchema.is_null())
        m_outcome.validation = p->m_validator.validate(result.text, m_request.spec.outputSchema);
    m_outcome.latencyMs = double(p->m_deps.clock->nowMs() - m_runStartedMs);
    record(QStringLiteral("ok"), {}, &result, true);
    finish();
}

void RunHandle::fail(RunErrorKind kind, const QString &message, RunStage at,
                     std::optional<ProviderError> providerError) {
    if (stopped())
        return;
    m_outcome.ok = false;
    m_outcome.stage = at;
    m_outcome.errorKind = kind;
    m_outcome.errorMessage = providers::Redactor::text(message);
    m_outcome.providerError = std::move(providerError);
    m_outcome.latencyMs = double(m_pipeline->m_deps.clock->nowMs() - m_runStartedMs);
    const QString partial =
        m_outcome.providerError ? m_outcome.providerError->partialText : QString();
    const QString status =
        kind == RunErrorKind::Cancelled ? QStringLiteral("cancelled") : QStringLiteral("error");
    record(status, m_outcome.errorMessage, nullptr, true, partial);
    finish();
}

void RunHandle::finish() {
    Pipeline *p = m_pipeline;
    if (m_ticket != 0)
        p->m_limiter.cancel(m_ticket);
    m_ticket = 0;
    if (m_reservation != 0)
        p->m_budget.settle(m_reservation, 0.0);
    m_reservation = 0;
    setStage(RunStage::Done);
    --p->m_live;
    if (!m_leaderKey.isEmpty() && p->m_leaders.value(m_leaderKey) == this)
        p->m_leaders.remove(m_leaderKey);
    m_leaderKey.clear();
    releaseFollowers();
    emitEnd(); // last: a receiver may delete this handle
}

void RunHandle::emitEnd() {
    if (m_ended)
        return;
    m_ended = true;
    if (m_outcome.ok)
        Q_EMIT finished(m_outcome);
    else
        Q_EMIT failed(m_outcome);
}

void RunHandle::releaseFollowers() {
    const QList<QPointer<RunHandle>> followers = std::exchange(m_followers, {});
    for (const QPointer<RunHandle> &f : followers) {
        RunHandle *h = f.data();
        if (h != nullptr && !h->stopped())
            h->leaderEnded(m_outcome);
    }
}

void RunHandle::leaderEnded(const RunOutcome &leader) {
    m_leader = nullptr;
    if (leader.errorKind == RunErrorKind::Cancelled || leader.errorKind == RunErrorKind::Store) {
        // The twin gave up; this run still wants its answer: try again from the cache step.
        QTimer::singleShot(0, this, &RunHandle::restartAfterLeader);
        return;
    }
    m_outcome.coalesced = true;
    m_outcome.model = leader.model;
    if (!leader.ok)
        return fail(leader.errorKind, leader.errorMessage, RunStage::Coalesced,
                    leader.providerError);
    ProviderResult shared;
    shared.text = leader.text;
    shared.finishReason = leader.finishReason;
    shared.usage = leader.usage;
    shared.dryRun = leader.dryRun;
    succeed(shared, true);
}

void RunHandle::restartAfterLeader() {
    if (stopped())
        return;
    if (!lookupOrCoalesce())
        acquire();
}

bool RunHandle::record(const QString &status, const QString &error, const ProviderResult *result,
                       bool final, const QString &partialText) {
    Pipeline *p = m_pipeline;
    if (!p->m_writer.enabled())
        return false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    store::RunRecord r;
    r.promptVersionId = m_request.promptVersionId;
    r.experimentCellId = m_request.experimentCellId;
    r.variant = m_request.variant;
    r.workflowRunId = m_request.workflowRunId;
    r.workflowNodeId = m_request.workflowNodeId;
    r.provider = m_modelId.section(u':', 0, 0);
    r.model = m_modelId.section(u':', 1);
    r.params = m_request.spec.params.is_object() ? m_request.spec.params : json::object();
    json meta = {{"id", m_runId.toStdString()},
                 {"attempt", m_outcome.attempts},
                 {"final", final},
                 {"coalesced", m_outcome.coalesced}};
    if (final && m_outcome.validation.checked)
        meta["validation"] = {{"valid", m_outcome.validation.valid},
                              {"errors", m_outcome.validation.errors.join(u'\n').toStdString()}};
    if (!m_outcome.injectionFlags.empty()) {
        json flags = json::array();
        for (const InjectionFlag &f : m_outcome.injectionFlags)
            flags.push_back(
                {{"variable", f.variable.toStdString()}, {"rule", f.rule.toStdString()}});
        meta["injection_flags"] = flags;
    }
    if (m_outcome.dryRun)
        meta["dry_run"] = true;
    r.params["_run"] = std::move(meta);
    r.variables = m_request.variables.is_object() ? m_request.variables : json::object();
    if (m_normalized.is_object() && m_normalizedJson != nullptr)
        r.requestJson = m_normalizedJson; // the same text, not a copy of the document
    else
        r.request = m_normalized.is_object() ? m_normalized : json::object();
    r.attempts = m_outcome.attempts;
    r.route = m_outcome.route;
    r.status = status;
    r.error = providers::Redactor::text(error);
    const bool calledNow = result != nullptr && !m_outcome.cacheHit;
    if (result != nullptr) {
        r.responseText = result->text;
        r.finishReason = result->finishReason;
        r.inputTokens = result->usage.inputTokens;
        r.outputTokens = result->usage.outputTokens;
        r.cachedTokens = result->usage.cachedTokens;
        r.cacheHit = m_outcome.cacheHit;
        if (calledNow) {
            r.costUsd = p->m_deps.catalog ? p->m_deps.catalog->costFor(m_modelId, result->usage)
                                          : std::nullopt;
            if (!r.costUsd && result->dryRun)
                r.costUsd = 0.0;
            if (result->ttftMs >= 0)
                r.ttftMs = double(result->ttftMs);
        } else {
            r.costUsd = 0.0;
        }
    } else {
        r.responseText = partialText;
    }
    const bool attemptRow =
        m_attemptStartedAt.isValid() && m_stage != RunStage::Coalesced && !m_outcome.cacheHit;
    r.startedAt = attemptRow ? m_attemptStartedAt : now;
    r.latencyMs =
        attemptRow ? double(p->m_deps.clock->nowMs() - m_attemptStartedMs) : m_outcome.latencyMs;
    r.finishedAt = now;
    m_attemptStartedAt = QDateTime(); // the next row belongs to the next attempt
    Result<qint64> id = p->m_writer.addRun(r);
    if (id) {
        m_outcome.runIds.push_back(id.value());
    } else if (final && m_outcome.ok) {
        m_outcome.ok = false;
        m_outcome.errorKind = RunErrorKind::Store;
        m_outcome.errorMessage =
            QStringLiteral("the run could not be recorded: ") + id.error().message;
    }
    return true;
}

} // namespace trellis::runtime
