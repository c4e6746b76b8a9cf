#pragma once

#include "pipeline_fixture.h"
#include "workflow/executor.h"
#include "workflow/workflow_json.h"

#include <QList>

namespace trellis::test {

// Builds workflow documents in tests without escaped-JSON soup.
nlohmann::json wfNode(const char *id, const char *type,
                      nlohmann::json config = nlohmann::json::object(),
                      nlohmann::json inputs = nullptr, nlohmann::json outputs = nullptr);
nlohmann::json wfEdge(const char *id, const char *from, const char *to);
nlohmann::json wfDoc(nlohmann::json nodes, nlohmann::json edges);
// A text port list: {"a", "b"} -> [{"name": "a", "type": "text"}, ...]
nlohmann::json textPorts(std::initializer_list<const char *> names);
// An inline prompt config with one user message.
nlohmann::json inlinePrompt(const char *userTemplate, const char *model = "openai:gpt-4o-mini");
// The smallest workflow with every kind of step:
// in.text -> p (prompt "say {{ text }}") -> up (template "[{{ in | upper }}]") -> out.result
nlohmann::json chainWorkflow();

// An in-memory recorder whose run ids are real workflow_runs rows, so that the pipeline's run
// rows can reference them (foreign keys are on).
class LinkedRecorder : public workflow::MemoryRunRecorder {
public:
    explicit LinkedRecorder(store::Database *db)
        : m_db(db) {}
    Result<qint64> beginRun(const workflow::WorkflowRunStart &start) override;

private:
    store::Database *m_db;
};

// The pipeline fixture plus an executor's surroundings: an in-memory run recorder and the
// events of the last run.
class WorkflowFixture : public PipelineFixture {
public:
    using PipelineFixture::PipelineFixture;

    // Runs to the end; a start error comes back as a failed result with that message.
    workflow::WorkflowResult run(const nlohmann::json &document, workflow::RunOptions options = {},
                                 int timeoutMs = 20000);
    workflow::ExecutorDeps deps();
    QStringList eventLog(const QString &nodeId) const; // kind names, in order
    QStringList chatUserMessages() const;              // the last user message of each request

    LinkedRecorder recorder{db.get()};
    workflow::PromptResolver *prompts = nullptr;
    workflow::WorkflowResolver *workflows = nullptr;
    QList<workflow::NodeEvent> events;
    std::function<void(workflow::Executor *, const workflow::NodeEvent &)> onEvent;
};

} // namespace trellis::test
