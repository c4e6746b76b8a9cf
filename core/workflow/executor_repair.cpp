// Repair retries: a validate node with onFailure "retry" has the prompt node that feeds it
// answer again, with its previous answer and the errors quoted. Each attempt is recorded as
// another execution of the prompt node.
#include "executor.h"

namespace trellis::workflow {

using json = nlohmann::json;

class Executor::RepairSink : public NodeSink {
public:
    RepairSink(Executor *executor, QString promptId, QString port, RepairDone done)
        : m_executor(executor)
        , m_promptId(std::move(promptId))
        , m_port(std::move(port))
        , m_done(std::move(done)) {}

    void finish(const json &outputs) override {
        if (m_ended || m_executor->m_failed)
            return;
        m_ended = true;
        NodeState &p = m_executor->m_states[m_promptId];
        p.outputs = outputs;
        m_executor->emitEvent(p, NodeEventKind::Finished);
        m_executor->record(p, NodeStatus::Finished, std::nullopt);
        const std::string key = m_port.toStdString();
        m_done(outputs.contains(key) ? outputs[key] : json(), std::nullopt);
    }
    void fail(const NodeFailure &failure) override {
        if (m_ended || m_executor->m_failed)
            return;
        m_ended = true;
        NodeState &p = m_executor->m_states[m_promptId];
        NodeFailure f = failure;
        f.attempt = p.attempt;
        m_executor->emitEvent(p, NodeEventKind::Failed, {}, f);
        m_executor->record(p, NodeStatus::Failed, f);
        m_done(json(), f);
    }
    void partial(const QString &delta) override {
        if (!m_ended)
            m_executor->emitEvent(m_executor->m_states[m_promptId], NodeEventKind::Partial, delta);
    }
    void account(const NodeUsage &usage) override {
        m_executor->m_states[m_promptId].usage.add(usage);
    }
    void repairUpstream(const QString &, const QString &, int, RepairDone done) override {
        done(json(), NodeFailure{QStringLiteral("a prompt node cannot ask for repairs")});
    }

private:
    Executor *m_executor;
    QString m_promptId;
    QString m_port;
    RepairDone m_done;
    bool m_ended = false;
};

namespace {

QString answerText(const json &value) {
    return value.is_string() ? QString::fromStdString(value.get<std::string>())
                             : QString::fromStdString(value.dump());
}

} // namespace

void Executor::onRepair(const QString &nodeId, const QString &port, const QString &repairMessage,
                        int attempt, RepairDone done) {
    const Edge *edge = nullptr;
    for (const Edge *e : m_graph.edgesInto(nodeId)) {
        const Node *up = m_graph.node(e->from.node);
        if (!edge && e->to.port == port && up && up->type == NodeType::Prompt)
            edge = e;
    }
    if (!edge || m_failed) {
        done(json(), NodeFailure{QStringLiteral("no prompt node feeds input '%1'").arg(port), port,
                                 QStringLiteral("config"), attempt});
        return;
    }
    NodeState &p = m_states[edge->from.node];
    const QString previous = answerText(p.outputs.value(edge->from.port.toStdString(), json()));
    NodeEnv env =
        envFor(p, std::make_unique<RepairSink>(this, p.node->id, edge->from.port, std::move(done)));
    env.fresh = true; // the same request again would get the cached answer
    env.previousAnswer = previous;
    env.repairMessage = repairMessage;
    p.attempt = attempt;
    p.usage = NodeUsage{};
    p.startedMs = m_clock.elapsed();
    p.startedAt = QDateTime::currentDateTimeUtc();
    emitEvent(p, NodeEventKind::Running);
    NodeRunner *runner = createNodeRunner(std::move(env), this);
    m_repairs << runner;
    runner->start();
}

} // namespace trellis::workflow
