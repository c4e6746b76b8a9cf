// Prompt nodes: one LLM call through the runtime pipeline.
#include "node_config.h"
#include "node_util.h"
#include "resolvers.h"
#include "runtime/pipeline.h"

#include <QPointer>

namespace trellis::workflow {

using json = nlohmann::json;

namespace {

class PromptRunner : public NodeRunner {
public:
    using NodeRunner::NodeRunner;

    void start() override {
        auto request = buildRequest();
        if (!request) {
            m_env.sink->fail(NodeFailure{request.error().message, {}, QStringLiteral("config")});
            return;
        }
        if (!m_env.deps.pipeline) {
            m_env.sink->fail(NodeFailure{
                QStringLiteral("no pipeline to call models with"), {}, QStringLiteral("config")});
            return;
        }
        m_handle = m_env.deps.pipeline->start(std::move(*request), this);
        connect(m_handle, &runtime::RunHandle::delta, this,
                [this](const QString &d) { m_env.sink->partial(d); });
        connect(m_handle, &runtime::RunHandle::finished, this,
                [this](const runtime::RunOutcome &o) { ended(o); });
        connect(m_handle, &runtime::RunHandle::failed, this,
                [this](const runtime::RunOutcome &o) { ended(o); });
    }

    void cancel() override {
        m_cancelled = true;
        if (auto *live = m_handle.data())
            live->cancel();
    }

private:
    Result<runtime::RunRequest> buildRequest() {
        const json &config = m_env.node->config;
        runtime::RunRequest r;
        const QString name = configString(config, "prompt");
        if (!name.isEmpty()) {
            if (!m_env.deps.prompts)
                return Error(QStringLiteral("no prompt store to resolve '%1' with").arg(name));
            auto resolved = m_env.deps.prompts->resolvePrompt(name, configString(config, "ref"));
            if (!resolved)
                return resolved.error();
            r.spec = resolved->spec;
            r.promptVersionId = resolved->versionId;
        } else {
            r.spec.name = m_env.node->id;
            for (const json &m : config["messages"]) {
                prompt::Role role = prompt::Role::User;
                (void)prompt::parseRole(QString::fromStdString(m["role"].get<std::string>()),
                                        &role);
                r.spec.messages.push_back(
                    {role, QString::fromStdString(m["content"].get<std::string>())});
            }
        }
        if (config.contains("params") && config["params"].is_object())
            for (auto it = config["params"].begin(); it != config["params"].end(); ++it)
                r.spec.params[it.key()] = it.value();
        if (config.contains("schema"))
            r.spec.outputSchema = config["schema"];
        const QString model = configString(config, "model");
        if (!model.isEmpty())
            r.spec.model = model;
        r.variables = json::object();
        for (auto it = m_env.inputs.begin(); it != m_env.inputs.end(); ++it)
            if (it.key() != "model" && it.key() != "taskClass")
                r.variables[it.key()] = it.value();
        if (m_env.inputs.contains("model") && m_env.inputs["model"].is_string())
            r.model = QString::fromStdString(m_env.inputs["model"].get<std::string>());
        r.taskTag = configString(config, "taskClass");
        if (m_env.inputs.contains("taskClass") && m_env.inputs["taskClass"].is_string())
            r.taskTag = QString::fromStdString(m_env.inputs["taskClass"].get<std::string>());
        if (!m_env.repairMessage.isEmpty()) {
            // As variables, so that braces in the answer are never read as template syntax.
            r.spec.messages.push_back(
                {prompt::Role::Assistant, QStringLiteral("{{ trellis_previous_answer }}")});
            r.spec.messages.push_back({prompt::Role::User, QStringLiteral("{{ trellis_repair }}")});
            r.variables["trellis_previous_answer"] = m_env.previousAnswer.toStdString();
            r.variables["trellis_repair"] = m_env.repairMessage.toStdString();
            r.bypassCache = true; // the same request again would give the same answer
        }
        r.bypassCache = r.bypassCache || m_env.fresh || m_env.deps.bypassCache;
        r.variant = m_env.deps.variant;
        r.workflowRunId = m_env.workflowRunId;
        r.workflowNodeId = m_env.runNodeId;
        return r;
    }

    void ended(const runtime::RunOutcome &o) {
        if (m_cancelled)
            return;
        m_env.sink->account(usageOf(o));
        if (!o.ok) {
            m_env.sink->fail(NodeFailure{o.errorMessage,
                                         {},
                                         o.errorKind == runtime::RunErrorKind::Provider
                                             ? QStringLiteral("llm")
                                             : runtime::runErrorKindName(o.errorKind)});
            return;
        }
        if (configString(m_env.node->config, "output", QStringLiteral("text"))
            == QStringLiteral("json")) {
            auto value = parseJsonText(o.text);
            if (!value) {
                m_env.sink->fail(NodeFailure{
                    QStringLiteral("the answer is not JSON: %1").arg(value.error().message),
                    {},
                    QStringLiteral("json")});
                return;
            }
            m_env.sink->finish(json{{firstOutput(*m_env.node), *value}});
            return;
        }
        m_env.sink->finish(json{{firstOutput(*m_env.node), o.text.toStdString()}});
    }

    QPointer<runtime::RunHandle> m_handle;
    bool m_cancelled = false;
};

} // namespace

NodeRunner *createPromptRunner(NodeEnv env) {
    return new PromptRunner(std::move(env));
}

} // namespace trellis::workflow
