#include "workflow_fixture.h"

#include <QEventLoop>
#include <QTimer>

namespace trellis::test {

using json = nlohmann::json;
using namespace workflow;

json wfNode(const char *id, const char *type, json config, json inputs, json outputs) {
    json n = {{"id", id}, {"type", type}, {"config", std::move(config)}};
    if (!inputs.is_null())
        n["inputs"] = std::move(inputs);
    if (!outputs.is_null())
        n["outputs"] = std::move(outputs);
    return n;
}

json wfEdge(const char *id, const char *from, const char *to) {
    return json{{"id", id}, {"from", from}, {"to", to}};
}

json wfDoc(json nodes, json edges) {
    return json{{"schemaVersion", 1},
                {"name", "test"},
                {"nodes", std::move(nodes)},
                {"edges", std::move(edges)}};
}

json textPorts(std::initializer_list<const char *> names) {
    json out = json::array();
    for (const char *n : names)
        out.push_back(json{{"name", n}, {"type", "text"}});
    return out;
}

json inlinePrompt(const char *userTemplate, const char *model) {
    return json{{"messages", json::array({json{{"role", "user"}, {"content", userTemplate}}})},
                {"model", model}};
}

json chainWorkflow() {
    return wfDoc(
        json::array(
            {wfNode("in", "input", {{"defaults", {{"text", "hello"}}}}, nullptr,
                    textPorts({"text"})),
             wfNode("p", "prompt", inlinePrompt("say {{ text }}"), textPorts({"text"})),
             wfNode("up", "transform", {{"op", "template"}, {"template", "[{{ in | upper }}]"}}),
             wfNode("out", "output", json::object(), textPorts({"result"}))}),
        json::array({wfEdge("e1", "in.text", "p.text"), wfEdge("e2", "p.out", "up.in"),
                     wfEdge("e3", "up.out", "out.result")}));
}

Result<qint64> LinkedRecorder::beginRun(const WorkflowRunStart &start) {
    const QString setup = QStringLiteral(
        "INSERT OR IGNORE INTO projects (id, name, created_at) VALUES (1, 'p', 0);"
        "INSERT OR IGNORE INTO workflows (id, project_id, name, created_at) VALUES (1, 1, 'w', 0);"
        "INSERT OR IGNORE INTO workflow_versions (id, workflow_id, number, graph, content_hash, "
        "created_at) VALUES (1, 1, 1, '{}', '', 0);"
        "INSERT INTO workflow_runs (workflow_version_id, started_at) VALUES (1, 0);");
    if (Status s = m_db->exec(setup); !s)
        return s.error();
    setNextRunId(m_db->lastInsertRowId());
    return MemoryRunRecorder::beginRun(start);
}

ExecutorDeps WorkflowFixture::deps() {
    ExecutorDeps d;
    d.pipeline = pipeline.get();
    d.recorder = &recorder;
    d.prompts = prompts;
    d.workflows = workflows;
    return d;
}

WorkflowResult WorkflowFixture::run(const json &document, RunOptions options, int timeoutMs) {
    events.clear();
    WorkflowResult failed;
    auto graph = fromJson(document);
    if (!graph) {
        failed.error = graph.error().toString();
        return failed;
    }
    Executor executor(deps());
    QObject::connect(&executor, &Executor::nodeEvent, &executor, [&](const NodeEvent &e) {
        events << e;
        if (onEvent)
            onEvent(&executor, e);
    });
    if (Status s = executor.start(*graph, std::move(options)); !s) {
        failed.error = s.error().toString();
        return failed;
    }
    QEventLoop loop;
    QObject::connect(&executor, &Executor::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    if (!executor.isDone())
        loop.exec();
    if (!executor.isDone()) {
        failed.error = QStringLiteral("timeout");
        return failed;
    }
    return executor.result();
}

QStringList WorkflowFixture::eventLog(const QString &nodeId) const {
    QStringList out;
    for (const NodeEvent &e : events)
        if (e.nodeId == nodeId
            && (out.isEmpty() || e.kind != NodeEventKind::Partial
                || out.last() != QStringLiteral("partial")))
            out << nodeEventKindName(e.kind);
    return out;
}

QStringList WorkflowFixture::chatUserMessages() const {
    QStringList out;
    for (const auto &r : server.requests()) {
        if (!r.isChat)
            continue;
        const json body = r.json();
        QString last;
        for (const json &m : body.value("messages", json::array()))
            if (m.value("role", "") == "user")
                last = QString::fromStdString(m.value("content", ""));
        out << last;
    }
    return out;
}

} // namespace trellis::test
