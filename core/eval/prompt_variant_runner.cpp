#include "eval/prompt_variant_runner.h"

#include "prompt/prompt_json.h"
#include "runtime/pipeline.h"
#include "store/prompt_repository.h"
#include "store/store_types.h"

namespace trellis::eval {

using nlohmann::json;

PromptVariantRunner::PromptVariantRunner(runtime::Pipeline &pipeline, store::Database *db,
                                         qint64 projectId)
    : m_pipeline(pipeline)
    , m_db(db)
    , m_projectId(projectId) {}

PromptVariantRunner::~PromptVariantRunner() {
    for (const QPointer<runtime::RunHandle> &run : std::as_const(m_running))
        if (run)
            run->disconnect();
}

bool PromptVariantRunner::handles(VariantKind kind) const {
    return kind == VariantKind::StoredPrompt || kind == VariantKind::InlinePrompt;
}

Result<QString> PromptVariantRunner::prepare(const VariantSpec &variant) {
    Prepared prepared;
    if (variant.kind == VariantKind::StoredPrompt) {
        if (!m_db)
            return Error(QStringLiteral("variant '%1': stored prompts need a project store")
                             .arg(variant.label));
        auto version =
            store::PromptRepository(*m_db, m_projectId).resolve(variant.name, variant.ref);
        if (!version) {
            Error e = version.error();
            e.message = QStringLiteral("variant '%1': %2").arg(variant.label, e.message);
            return e;
        }
        prepared.spec = version->spec;
        prepared.versionId = version->id;
    } else {
        prepared.spec.name = variant.label;
        prepared.spec.messages = variant.messages;
    }
    const QString identity = prompt::contentHash(prepared.spec);
    m_prepared.insert(variant.label, std::move(prepared));
    return identity;
}

quint64 PromptVariantRunner::start(const CellCall &call, std::function<void(CellCallResult)> done) {
    const Prepared &prepared = m_prepared[call.variant->label];
    runtime::RunRequest request;
    request.spec = prepared.spec;
    request.promptVersionId = prepared.versionId;
    request.variables = call.vars;
    request.model = call.model->id;
    if (!request.spec.params.is_object())
        request.spec.params = json::object();
    request.spec.params.update(call.model->params); // the model's parameters win
    request.bypassCache = call.bypassCache;
    request.experimentCellId = call.cellId;
    request.variant = call.runLabel.isEmpty() ? call.variant->label : call.runLabel;

    const quint64 id = m_nextId++;
    runtime::RunHandle *run = m_pipeline.start(std::move(request));
    m_running.insert(id, run);
    auto onEnd = [this, id, run, done = std::move(done)](const runtime::RunOutcome &outcome) {
        m_running.remove(id);
        CellCallResult result;
        result.output = cellOutputFrom(outcome);
        result.runId = outcome.runIds.empty() ? 0 : outcome.runIds.back();
        run->deleteLater();
        done(std::move(result));
    };
    QObject::connect(run, &runtime::RunHandle::finished, run, onEnd);
    QObject::connect(run, &runtime::RunHandle::failed, run, onEnd);
    return id;
}

void PromptVariantRunner::cancel(quint64 id) {
    if (auto it = m_running.find(id); it != m_running.end() && *it)
        (*it)->cancel();
}

CellOutput cellOutputFrom(const runtime::RunOutcome &outcome) {
    CellOutput out;
    out.text = outcome.text;
    if (outcome.validation.checked && !outcome.validation.value.is_null())
        out.json = outcome.validation.value;
    out.latencyMs = outcome.latencyMs;
    out.ttftMs = outcome.ttftMs;
    out.costUsd = outcome.costUsd;
    out.inputTokens = outcome.usage.inputTokens;
    out.outputTokens = outcome.usage.outputTokens;
    out.cached = outcome.cacheHit;
    if (!outcome.ok)
        out.error = outcome.errorMessage.isEmpty() ? runtime::runErrorKindName(outcome.errorKind)
                                                   : outcome.errorMessage;
    return out;
}

CellOutput cellOutputFrom(const store::RunRecord &run) {
    CellOutput out;
    out.text = run.responseText;
    out.latencyMs = run.latencyMs;
    out.ttftMs = run.ttftMs;
    out.costUsd = run.costUsd;
    out.inputTokens = run.inputTokens;
    out.outputTokens = run.outputTokens;
    out.cached = run.cacheHit;
    if (run.status != u"ok")
        out.error = run.error.isEmpty() ? run.status : run.error;
    return out;
}

} // namespace trellis::eval
