// Map and subworkflow nodes: child executors on the same event loop, linked to the parent's
// run. A map runs one child per list element, at most maxParallel at a time.
#include "executor.h"
#include "node_config.h"
#include "node_util.h"
#include "resolvers.h"
#include "workflow_json.h"

#include <QPointer>

namespace trellis::workflow {

using json = nlohmann::json;

namespace {

// The child's outputs as one value: the single output's value, else the object of them all.
json collapse(const json &outputs) {
    return outputs.size() == 1 ? outputs.begin().value() : outputs;
}

class ChildRunner : public NodeRunner {
public:
    using NodeRunner::NodeRunner;

    void cancel() override {
        m_cancelled = true;
        for (const auto &c : m_children)
            if (auto *live = c.data())
                live->cancel();
    }

protected:
    Result<ResolvedWorkflow> graphFor() const {
        const json &config = m_env.node->config;
        if (config.contains("graph")) {
            auto g = fromJson(config["graph"]);
            if (!g)
                return g.error();
            return ResolvedWorkflow{std::move(*g), 0};
        }
        if (!m_env.deps.workflows)
            return Error(QStringLiteral("no workflow store to resolve '%1' with")
                             .arg(configString(config, "workflow")));
        return m_env.deps.workflows->resolveWorkflow(configString(config, "workflow"),
                                                     configString(config, "version"));
    }

    // Starts a child run; `done` gets its result from the event loop.
    Status runChild(const WorkflowGraph &graph, json inputs, const QString &prefix,
                    std::function<void(const WorkflowResult &)> done) {
        if (prefix.count(u'/') > 16) // a workflow that calls itself
            return Error(QStringLiteral("workflows nested more than 16 deep at '%1'").arg(prefix));
        ExecutorDeps deps = m_env.deps;
        deps.recorder = nullptr;
        auto *child = new Executor(deps, this);
        m_children << child;
        connect(child, &Executor::finished, this,
                [this, child, done = std::move(done)](const WorkflowResult &r) {
                    child->deleteLater();
                    m_env.sink->account(r.usage);
                    if (!m_cancelled)
                        done(r);
                });
        RunOptions options;
        options.inputs = std::move(inputs);
        options.linkRunId = m_env.workflowRunId;
        options.nodePrefix = prefix;
        Status s = child->start(graph, std::move(options));
        if (!s)
            child->deleteLater();
        return s;
    }

    // The inputs of `graph` that `values` can feed (by port name).
    static json inputsFor(const WorkflowGraph &graph, const json &values) {
        json out = json::object();
        for (const Node &n : graph.nodes)
            if (n.type == NodeType::Input)
                for (const Port &p : n.outputs)
                    if (values.contains(p.name.toStdString()))
                        out[p.name.toStdString()] = values[p.name.toStdString()];
        return out;
    }

    QList<QPointer<Executor>> m_children;
    bool m_cancelled = false;
};

class MapRunner : public ChildRunner {
public:
    using ChildRunner::ChildRunner;

    void start() override {
        auto resolved = graphFor();
        if (!resolved) {
            m_env.sink->fail(NodeFailure{resolved.error().message, {}, QStringLiteral("config")});
            return;
        }
        m_graph = std::move(resolved->graph);
        const json items = m_env.inputs.value("items", json());
        if (!items.is_array()) {
            m_env.sink->fail(NodeFailure{QStringLiteral("'items' must be a list"),
                                         QStringLiteral("items"), QStringLiteral("type")});
            return;
        }
        m_items = items;
        m_results = json::array();
        for (std::size_t i = 0; i < items.size(); ++i)
            m_results.push_back(json());
        m_limit = configInt(m_env.node->config, "maxParallel", 4);
        if (m_items.empty()) {
            m_env.sink->finish(json{{firstOutput(*m_env.node), json::array()}});
            return;
        }
        next();
    }

private:
    void next() {
        while (!m_failed && m_running < m_limit && m_next < m_items.size()) {
            const std::size_t index = m_next++;
            json values = m_env.inputs;
            values.erase("items");
            values[configString(m_env.node->config, "itemInput", QStringLiteral("item"))
                       .toStdString()] = m_items[index];
            values["index"] = index;
            const QString prefix = m_env.runNodeId + QStringLiteral("[%1]/").arg(index);
            ++m_running;
            Status s = runChild(m_graph, inputsFor(m_graph, values), prefix,
                                [this, index](const WorkflowResult &r) {
                                    --m_running;
                                    element(index, r);
                                });
            if (!s) {
                --m_running;
                fail(index, s.error().message);
                return;
            }
        }
    }

    void element(std::size_t index, const WorkflowResult &r) {
        if (m_failed)
            return;
        if (!r.ok) {
            fail(index, r.error);
            return;
        }
        m_results[index] = collapse(r.outputs);
        if (++m_done == m_items.size()) {
            m_env.sink->finish(json{{firstOutput(*m_env.node), m_results}});
            return;
        }
        next();
    }

    void fail(std::size_t index, const QString &message) {
        m_failed = true;
        cancel();
        m_env.sink->fail(NodeFailure{QStringLiteral("element %1: %2").arg(index).arg(message),
                                     QStringLiteral("items"), QStringLiteral("element")});
    }

    WorkflowGraph m_graph;
    json m_items;
    json m_results;
    int m_limit = 4;
    int m_running = 0;
    std::size_t m_next = 0;
    std::size_t m_done = 0;
    bool m_failed = false;
};

class SubworkflowRunner : public ChildRunner {
public:
    using ChildRunner::ChildRunner;

    void start() override {
        auto resolved = graphFor();
        if (!resolved) {
            m_env.sink->fail(NodeFailure{resolved.error().message, {}, QStringLiteral("workflow")});
            return;
        }
        const WorkflowGraph graph = std::move(resolved->graph);
        Status s = runChild(
            graph, inputsFor(graph, m_env.inputs), m_env.runNodeId + u'/',
            [this](const WorkflowResult &r) {
                if (!r.ok) {
                    m_env.sink->fail(NodeFailure{r.error, {}, QStringLiteral("subworkflow")});
                    return;
                }
                json out = json::object();
                for (const Port &p : m_env.node->outputs)
                    if (r.outputs.contains(p.name.toStdString()))
                        out[p.name.toStdString()] = r.outputs[p.name.toStdString()];
                m_env.sink->finish(out);
            });
        if (!s)
            m_env.sink->fail(NodeFailure{s.error().message, {}, QStringLiteral("subworkflow")});
    }
};

} // namespace

NodeRunner *createMapRunner(NodeEnv env) {
    return new MapRunner(std::move(env));
}

NodeRunner *createSubworkflowRunner(NodeEnv env) {
    return new SubworkflowRunner(std::move(env));
}

} // namespace trellis::workflow
