// Memory nodes: the last N turns verbatim, plus a rolling summary of older turns made by a
// (cheaper) model once the conversation exceeds its token budget.
#include "node_config.h"
#include "node_util.h"
#include "runtime/pipeline.h"

#include <QPointer>

namespace trellis::workflow {

using json = nlohmann::json;

namespace {

const char *kSummaryPrompt =
    "Summarize this conversation so far in a few sentences, keeping names, facts, decisions "
    "and open questions.\n{% if summary %}Earlier summary: {{ summary }}\n{% endif %}"
    "{% for t in turns %}{{ t.role }}: {{ t.content }}\n{% endfor %}";

qint64 estimateTokens(const json &turns) {
    qint64 chars = 0;
    for (const json &t : turns)
        chars += valueText(t.value("content", json(""))).size();
    return (chars + 3) / 4;
}

json asTurn(const json &message) {
    if (message.is_object() && message.contains("content"))
        return json{{"role", message.value("role", "user")}, {"content", message["content"]}};
    return json{{"role", "user"}, {"content", valueText(message).toStdString()}};
}

class MemoryRunner : public NodeRunner {
public:
    using NodeRunner::NodeRunner;

    void start() override {
        const json &config = m_env.node->config;
        json turns = json::array();
        const json history = m_env.inputs.value("history", json::array());
        if (!history.is_array()) {
            m_env.sink->fail(NodeFailure{QStringLiteral("'history' must be a list of turns"),
                                         QStringLiteral("history"), QStringLiteral("type")});
            return;
        }
        for (const json &t : history)
            turns.push_back(asTurn(t));
        if (m_env.inputs.contains("message") && !m_env.inputs["message"].is_null())
            turns.push_back(asTurn(m_env.inputs["message"]));
        const std::size_t keep = std::size_t(configInt(config, "keepTurns", 4));
        const qint64 budget = configInt(config, "tokenBudget", 1000);
        m_summary = m_env.inputs.value("summary", json(""));
        if (estimateTokens(turns) <= budget || turns.size() <= keep) {
            emitMessages(turns);
            return;
        }
        const auto split = turns.begin() + std::ptrdiff_t(turns.size() - keep);
        m_recent = json(std::vector<json>(split, turns.end()));
        summarize(json(std::vector<json>(turns.begin(), split)));
    }

    void cancel() override {
        m_cancelled = true;
        if (auto *live = m_handle.data())
            live->cancel();
    }

private:
    void summarize(const json &older) {
        const json &config = m_env.node->config;
        const QString model = configString(config, "summaryModel");
        if (model.isEmpty() || !m_env.deps.pipeline) {
            m_env.sink->fail(
                NodeFailure{QStringLiteral("over the token budget and no 'summaryModel' "
                                           "(or pipeline) to summarize with"),
                            QStringLiteral("history"), QStringLiteral("tokenBudget")});
            return;
        }
        runtime::RunRequest r;
        r.spec.name = m_env.node->id + QStringLiteral("-summary");
        r.spec.messages = {{prompt::Role::User,
                            configString(config, "summaryPrompt", QLatin1String(kSummaryPrompt))}};
        r.model = model;
        r.variables = json{{"summary", m_summary}, {"turns", older}};
        r.workflowRunId = m_env.workflowRunId;
        r.workflowNodeId = m_env.runNodeId;
        m_handle = m_env.deps.pipeline->start(std::move(r), this);
        auto ended = [this](const runtime::RunOutcome &o) {
            if (m_cancelled)
                return;
            m_env.sink->account(usageOf(o));
            if (!o.ok) {
                m_env.sink->fail(
                    NodeFailure{o.errorMessage, QStringLiteral("history"), QStringLiteral("llm")});
                return;
            }
            m_summary = o.text.toStdString();
            json messages = json::array();
            messages.push_back(
                json{{"role", "system"},
                     {"content", "Summary of the earlier conversation: " + o.text.toStdString()}});
            for (const json &t : m_recent)
                messages.push_back(t);
            emitMessages(messages);
        };
        connect(m_handle, &runtime::RunHandle::finished, this, ended);
        connect(m_handle, &runtime::RunHandle::failed, this, ended);
    }

    void emitMessages(const json &messages) {
        m_env.sink->finish(json{{"messages", messages}, {"summary", m_summary}});
    }

    QPointer<runtime::RunHandle> m_handle;
    json m_summary;
    json m_recent;
    bool m_cancelled = false;
};

} // namespace

NodeRunner *createMemoryRunner(NodeEnv env) {
    return new MemoryRunner(std::move(env));
}

} // namespace trellis::workflow
