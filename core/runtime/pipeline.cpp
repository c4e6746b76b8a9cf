#include "pipeline.h"

#include "providers/network_access.h"
#include "template/template.h"

#include <QRandomGenerator>

namespace trellis::runtime {

Pipeline::Pipeline(PipelineDeps deps, PipelineConfig config, QObject *parent)
    : QObject(parent)
    , m_deps(std::move(deps))
    , m_config(std::move(config))
    , m_limiter(m_deps.clock)
    , m_budget(m_deps.db)
    , m_cache(m_config.cache ? m_deps.db : nullptr, m_config.cacheTtlSeconds)
    , m_writer(m_deps.db, m_config.recordCommitDelayMs) {
    qRegisterMetaType<trellis::runtime::RunOutcome>();
    qRegisterMetaType<trellis::runtime::RunStage>();
    if (!m_deps.random01)
        m_deps.random01 = [] {
            return QRandomGenerator::global()->generateDouble();
        };
    m_limiter.setParent(this);
    connect(&m_writer, &RunWriter::recordsLost, this, &Pipeline::recordsLost);
    m_limiter.setDefaultLimits(m_config.defaultLimits);
    m_budget.setLimits(m_config.budget);
    if (m_config.networkManagers > 1)
        providers::setNetworkAccessPoolSize(m_config.networkManagers);
    // Rules were validated by whoever built the config (runtime_settings.h); a bad rule here
    // is dropped with the rest rather than half-applied.
    auto router = Router::create(m_config.routing);
    if (router)
        m_router = std::move(router.value());
}

Pipeline::~Pipeline() {
    const QSet<RunHandle *> handles = m_handles;
    for (RunHandle *h : handles)
        h->cancel();
}

Status Pipeline::setRouting(std::vector<RoutingRule> rules) {
    auto router = Router::create(rules);
    if (!router)
        return router.error();
    m_router = std::move(router.value());
    m_config.routing = std::move(rules);
    return {};
}

RunHandle *Pipeline::start(RunRequest request, QObject *parent) {
    auto *handle = new RunHandle(this, std::move(request), parent ? parent : this);
    ++m_live;
    m_handles.insert(handle);
    QMetaObject::invokeMethod(handle, &RunHandle::prepare, Qt::QueuedConnection);
    return handle;
}

Result<std::shared_ptr<const tmpl::Template>> Pipeline::templateFor(const QString &source) {
    auto it = m_templates.constFind(source);
    if (it != m_templates.constEnd())
        return it.value();
    auto parsed = tmpl::Template::parse(source);
    if (!parsed)
        return parsed.error();
    if (m_templates.size() > 512)
        m_templates.clear(); // a bound, not an LRU: templates are cheap to parse again
    m_templates.insert(source, parsed.value());
    return parsed.value();
}

LaneLimits Pipeline::limitsFor(const QString &modelId) const {
    auto it = m_config.limits.constFind(modelId);
    if (it != m_config.limits.constEnd())
        return it.value();
    const QString provider = modelId.section(u':', 0, 0);
    it = m_config.limits.constFind(provider);
    if (it != m_config.limits.constEnd())
        return it.value();
    return m_config.defaultLimits;
}

QString Pipeline::laneFor(const QString &modelId) {
    if (!m_lanesConfigured.contains(modelId)) {
        m_limiter.setLimits(modelId, limitsFor(modelId));
        m_lanesConfigured.insert(modelId);
    }
    return modelId;
}

} // namespace trellis::runtime
