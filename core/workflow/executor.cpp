#include "executor.h"

#include "runtime/run_types.h"
#include "workflow_json.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QMetaObject>

namespace trellis::workflow {

using json = nlohmann::json;

// Forwards one node's reports to the executor, tagged with the node id.
class Executor::Sink : public NodeSink {
public:
    Sink(Executor *executor, QString nodeId)
        : m_executor(executor)
        , m_nodeId(std::move(nodeId)) {}
    void finish(const json &outputs) override { m_executor->onFinish(m_nodeId, outputs); }
    void fail(const NodeFailure &failure) override { m_executor->onFail(m_nodeId, failure); }
    void partial(const QString &delta) override { m_executor->onPartial(m_nodeId, delta); }
    void account(const NodeUsage &usage) override { m_executor->onUsage(m_nodeId, usage); }
    void repairUpstream(const QString &port, const QString &repairMessage, int attempt,
                        RepairDone done) override {
        m_executor->onRepair(m_nodeId, port, repairMessage, attempt, std::move(done));
    }

private:
    Executor *m_executor;
    QString m_nodeId;
};

NodeUsage usageOf(const runtime::RunOutcome &outcome) {
    NodeUsage u;
    u.inputTokens = outcome.usage.inputTokens;
    u.outputTokens = outcome.usage.outputTokens;
    u.costUsd = outcome.costUsd;
    u.calls = 1;
    u.llmRunIds = outcome.runIds;
    return u;
}

Executor::Executor(ExecutorDeps deps, QObject *parent)
    : QObject(parent)
    , m_deps(deps) {
    qRegisterMetaType<NodeEvent>();
    qRegisterMetaType<WorkflowResult>();
}

Executor::~Executor() {
    for (auto &[id, state] : m_states)
        if (auto *live = state.runner.data())
            live->cancel();
    for (const auto &r : m_repairs)
        if (auto *live = r.data())
            live->cancel();
}

QString Executor::nodeHash(const Node &node, const json &inputs) {
    const std::string text = json{
        {"type", nodeTypeName(node.type).toStdString()},
        {"config", node.config},
        {"inputs", inputs}}.dump();
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArrayView(text.data(), qsizetype(text.size())),
                                 QCryptographicHash::Sha256)
            .toHex());
}

NodeStatus Executor::nodeStatus(const QString &nodeId) const {
    auto it = m_states.find(nodeId);
    return it == m_states.end() ? NodeStatus::Waiting : it->second.status;
}

Status Executor::start(const WorkflowGraph &graph, RunOptions options) {
    if (m_started)
        return Error(QStringLiteral("an executor runs one workflow once"));
    if (Status s = checkGraph(graph); !s)
        return s;
    m_graph = graph;
    m_options = std::move(options);
    auto order = topologicalOrder(m_graph);
    if (!order)
        return order.error();
    m_order = *order;
    if (!m_options.inputs.is_object())
        return Error(QStringLiteral("workflow inputs must be an object"));
    for (auto it = m_options.inputs.begin(); it != m_options.inputs.end(); ++it) {
        bool known = false;
        for (const Node &n : m_graph.nodes)
            known =
                known || (n.type == NodeType::Input && n.output(QString::fromStdString(it.key())));
        if (!known)
            return Error(QStringLiteral("the workflow has no input '%1'")
                             .arg(QString::fromStdString(it.key())))
                .forField(QStringLiteral("inputs"));
    }
    if (!m_options.fromNode.isEmpty()) {
        if (!m_graph.node(m_options.fromNode))
            return Error(QStringLiteral("no node '%1' to start from").arg(m_options.fromNode));
        if (m_options.reuseRunId <= 0 || !m_deps.recorder)
            return Error(QStringLiteral("re-running from a node needs an earlier run to reuse"));
        m_forced = m_graph.descendants(m_options.fromNode);
        m_forced << m_options.fromNode;
    }
    if (m_options.reuseRunId > 0) {
        if (!m_deps.recorder)
            return Error(
                QStringLiteral("reusing run %1 needs a run recorder").arg(m_options.reuseRunId));
        auto reusable = m_deps.recorder->loadNodeOutputs(m_options.reuseRunId);
        if (!reusable)
            return reusable.error();
        m_reusable = std::move(*reusable);
    }
    for (const Node &n : m_graph.nodes)
        m_states[n.id].node = m_graph.node(n.id);
    m_result.startedAt = QDateTime::currentDateTimeUtc();
    if (m_deps.recorder && m_options.linkRunId == 0) {
        WorkflowRunStart s;
        s.workflowVersionId = m_options.workflowVersionId;
        s.experimentCellId = m_options.experimentCellId;
        s.workflowName = m_graph.name;
        s.contentHash = contentHash(m_graph);
        s.inputs = m_options.inputs;
        s.startedAt = m_result.startedAt;
        s.reuseRunId = m_options.reuseRunId;
        s.fromNode = m_options.fromNode;
        auto id = m_deps.recorder->beginRun(s);
        if (!id)
            return id.error();
        m_runId = *id;
    }
    m_result.runId = m_runId;
    m_started = true;
    m_clock.start();
    scheduleSoon();
    return {};
}

void Executor::cancel() {
    if (!m_started || m_done || m_failed)
        return;
    m_failed = true;
    m_result.cancelled = true;
    m_result.error = QStringLiteral("cancelled");
    for (const auto &r : m_repairs)
        if (auto *live = r.data())
            live->cancel();
    for (const QString &id : m_order) {
        NodeState &s = m_states[id];
        if (s.status == NodeStatus::Running || s.status == NodeStatus::Queued) {
            if (auto *live = s.runner.data())
                live->cancel();
            endNode(s, NodeStatus::Cancelled, NodeFailure{QStringLiteral("cancelled")});
        }
    }
    scheduleSoon();
}

void Executor::scheduleSoon() {
    if (m_scheduled)
        return;
    m_scheduled = true;
    QMetaObject::invokeMethod(this, &Executor::schedule, Qt::QueuedConnection);
}

std::optional<json> Executor::gatherInputs(const Node &node, bool *skipped) const {
    json inputs = json::object();
    *skipped = false;
    for (const Port &port : node.inputs) {
        bool any = false;
        bool delivered = false;
        for (const Edge &e : m_graph.edges) {
            if (e.to.node != node.id || e.to.port != port.name)
                continue;
            any = true;
            const NodeState &from = m_states.at(e.from.node);
            const bool ended = from.status == NodeStatus::Finished
                               || from.status == NodeStatus::Cached
                               || from.status == NodeStatus::Skipped;
            if (!ended)
                return std::nullopt;
            const std::string key = e.from.port.toStdString();
            if (!delivered && from.status != NodeStatus::Skipped && from.outputs.contains(key)) {
                inputs[port.name.toStdString()] = from.outputs[key];
                delivered = true;
            }
        }
        if (any && !delivered)
            *skipped = true;
    }
    return inputs;
}

void Executor::schedule() {
    m_scheduled = false;
    if (m_done)
        return;
    bool busy = false;
    for (const QString &id : m_order) {
        NodeState &s = m_states[id];
        if (s.status == NodeStatus::Running || s.status == NodeStatus::Queued) {
            busy = true;
            continue;
        }
        if (s.status != NodeStatus::Waiting || m_failed)
            continue;
        bool skipped = false;
        auto inputs = gatherInputs(*s.node, &skipped);
        if (!inputs)
            continue;
        s.inputs = std::move(*inputs);
        if (s.node->type == NodeType::Input) // its values come from the caller: hash them too
            for (const Port &p : s.node->outputs)
                if (m_options.inputs.contains(p.name.toStdString()))
                    s.inputs[p.name.toStdString()] = m_options.inputs[p.name.toStdString()];
        if (skipped && s.node->type != NodeType::Output) {
            endNode(s, NodeStatus::Skipped, std::nullopt);
            continue;
        }
        s.hash = nodeHash(*s.node, s.inputs);
        auto reuse = m_reusable.find(id);
        if (reuse != m_reusable.end() && reuse->second.contentHash == s.hash
            && !m_forced.contains(id)) {
            s.outputs = reuse->second.outputs;
            endNode(s, NodeStatus::Cached, std::nullopt);
            continue;
        }
        startNode(s);
        busy = busy || s.status == NodeStatus::Running;
    }
    if (!busy && !m_scheduled)
        finishRun();
}

NodeEnv Executor::envFor(const NodeState &state, std::unique_ptr<NodeSink> sink) {
    NodeEnv env;
    env.node = state.node;
    env.inputs = state.inputs;
    env.deps = m_deps;
    env.workflowRunId = m_options.linkRunId > 0 ? m_options.linkRunId : m_runId;
    env.runNodeId = runNodeId(state.node->id);
    env.fresh = m_forced.contains(state.node->id);
    m_sinks.push_back(sink ? std::move(sink) : std::make_unique<Sink>(this, state.node->id));
    env.sink = m_sinks.back().get();
    return env;
}

void Executor::startNode(NodeState &state) {
    state.status = NodeStatus::Queued;
    emitEvent(state, NodeEventKind::Queued);
    state.startedMs = m_clock.elapsed();
    state.startedAt = QDateTime::currentDateTimeUtc();
    state.status = NodeStatus::Running;
    emitEvent(state, NodeEventKind::Running);
    switch (state.node->type) {
    case NodeType::Input:
        runInput(state);
        return;
    case NodeType::Output:
        state.outputs = state.inputs;
        endNode(state, NodeStatus::Finished, std::nullopt);
        return;
    default:
        break;
    }
    NodeRunner *runner = createNodeRunner(envFor(state), this);
    state.runner = runner;
    runner->start(); // may end the node right away
}

void Executor::runInput(NodeState &state) {
    const json defaults = state.node->config.value("defaults", json::object());
    json out = json::object();
    for (const Port &p : state.node->outputs) {
        const std::string key = p.name.toStdString();
        const json value = m_options.inputs.contains(key) ? m_options.inputs[key]
                           : defaults.contains(key)       ? defaults[key]
                                                          : json();
        if (value.is_null()) {
            onFail(state.node->id,
                   NodeFailure{QStringLiteral("no value for input '%1' and no default").arg(p.name),
                               p.name, QStringLiteral("required")});
            return;
        }
        if (!valueFitsPortType(value, p.type)) {
            onFail(state.node->id,
                   NodeFailure{
                       QStringLiteral("input '%1' must be %2").arg(p.name, portTypeName(p.type)),
                       p.name, QStringLiteral("type")});
            return;
        }
        out[key] = value;
    }
    state.outputs = std::move(out);
    endNode(state, NodeStatus::Finished, std::nullopt);
}

double Executor::elapsedMs(const NodeState &state) const {
    return state.startedMs > 0 || state.status != NodeStatus::Waiting
               ? double(m_clock.elapsed() - state.startedMs)
               : 0.0;
}

void Executor::emitEvent(const NodeState &state, NodeEventKind kind, const QString &delta,
                         const NodeFailure &failure) {
    NodeEvent e;
    e.nodeId = runNodeId(state.node->id);
    e.kind = kind;
    e.attempt = state.attempt;
    e.delta = delta;
    if (kind == NodeEventKind::Finished || kind == NodeEventKind::Cached)
        e.outputs = state.outputs;
    e.failure = failure;
    e.elapsedMs = state.startedAt.isValid() ? elapsedMs(state) : 0;
    e.usage = state.usage;
    Q_EMIT nodeEvent(e);
}

void Executor::record(const NodeState &state, NodeStatus status,
                      const std::optional<NodeFailure> &failure) {
    NodeResult r;
    r.nodeId = runNodeId(state.node->id);
    r.nodeType = nodeTypeName(state.node->type);
    r.status = status;
    r.inputs = state.inputs;
    r.outputs = status == NodeStatus::Finished || status == NodeStatus::Cached ? state.outputs
                                                                               : json::object();
    r.failure = failure;
    r.attempt = state.attempt;
    r.finishedAt = QDateTime::currentDateTimeUtc();
    r.startedAt = state.startedAt.isValid() ? state.startedAt : r.finishedAt;
    r.durationMs = state.startedAt.isValid() ? elapsedMs(state) : 0;
    r.usage = state.usage;
    r.contentHash = state.hash;
    r.reused = status == NodeStatus::Cached;
    m_result.usage.add(state.usage);
    m_result.nodes.push_back(r);
    if (m_deps.recorder && m_runId > 0)
        if (Status s = m_deps.recorder->recordNode(m_runId, r); !s && !m_failed) {
            m_failed = true;
            m_result.error =
                QStringLiteral("recording node '%1': %2").arg(r.nodeId, s.error().message);
        }
}

void Executor::endNode(NodeState &state, NodeStatus status,
                       const std::optional<NodeFailure> &failure) {
    state.status = status;
    if (state.runner) {
        state.runner->deleteLater();
        state.runner = nullptr;
    }
    switch (status) {
    case NodeStatus::Finished:
        emitEvent(state, NodeEventKind::Finished);
        break;
    case NodeStatus::Cached:
        emitEvent(state, NodeEventKind::Cached);
        break;
    case NodeStatus::Skipped:
        emitEvent(state, NodeEventKind::Skipped);
        break;
    case NodeStatus::Failed:
    case NodeStatus::Cancelled:
        emitEvent(state, NodeEventKind::Failed, {}, failure.value_or(NodeFailure{}));
        break;
    default:
        break;
    }
    record(state, status, failure);
    scheduleSoon();
}

void Executor::onFinish(const QString &nodeId, const json &outputs) {
    NodeState &s = m_states[nodeId];
    if (s.status != NodeStatus::Running)
        return;
    s.outputs = outputs.is_object() ? outputs : json::object();
    endNode(s, NodeStatus::Finished, std::nullopt);
}

void Executor::onFail(const QString &nodeId, const NodeFailure &failure) {
    NodeState &s = m_states[nodeId];
    if (s.status != NodeStatus::Running)
        return;
    endNode(s, NodeStatus::Failed, failure);
    failRun(nodeId, failure);
}

void Executor::onPartial(const QString &nodeId, const QString &delta) {
    const NodeState &s = m_states[nodeId];
    if (s.status == NodeStatus::Running)
        emitEvent(s, NodeEventKind::Partial, delta);
}

void Executor::onUsage(const QString &nodeId, const NodeUsage &usage) {
    m_states[nodeId].usage.add(usage);
}

void Executor::failRun(const QString &nodeId, const NodeFailure &failure) {
    if (m_failed)
        return;
    m_failed = true;
    m_result.failedNode = runNodeId(nodeId);
    QStringList where;
    if (!failure.input.isEmpty())
        where << QStringLiteral("input '%1'").arg(failure.input);
    where << QStringLiteral("attempt %1").arg(failure.attempt);
    if (!failure.rule.isEmpty())
        where << QStringLiteral("rule '%1'").arg(failure.rule);
    m_result.error = QStringLiteral("node '%1' failed (%2): %3")
                         .arg(runNodeId(nodeId), where.join(QStringLiteral(", ")), failure.message);
    for (auto &[id, s] : m_states)
        if ((s.status == NodeStatus::Running || s.status == NodeStatus::Queued) && id != nodeId) {
            if (auto *live = s.runner.data())
                live->cancel();
            endNode(s, NodeStatus::Cancelled,
                    NodeFailure{QStringLiteral("cancelled: %1 failed").arg(nodeId)});
        }
}

void Executor::finishRun() {
    if (m_done)
        return;
    m_done = true;
    m_result.ok = !m_failed;
    m_result.finishedAt = QDateTime::currentDateTimeUtc();
    for (const QString &id : m_order) {
        const NodeState &s = m_states[id];
        if (s.node->type == NodeType::Output && s.status == NodeStatus::Finished)
            for (auto it = s.outputs.begin(); it != s.outputs.end(); ++it)
                m_result.outputs[it.key()] = it.value();
    }
    if (m_deps.recorder && m_runId > 0)
        if (Status s = m_deps.recorder->finishRun(m_runId, m_result); !s && m_result.ok) {
            m_result.ok = false;
            m_result.error = QStringLiteral("recording the run: %1").arg(s.error().message);
        }
    Q_EMIT finished(m_result);
}

} // namespace trellis::workflow
