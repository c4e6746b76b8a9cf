#pragma once

#include "common/result.h"
#include "prompt/prompt_spec.h"
#include "workflow_graph.h"

namespace trellis::store {
class Database;
}

namespace trellis::workflow {

struct ResolvedPrompt {
    prompt::PromptSpec spec;
    qint64 versionId = 0; // 0 when not a stored version
};

// Supplies stored prompts to prompt nodes: name plus reference (version number, label, hash
// prefix; empty = newest), as store::PromptRepository::resolve understands them.
class PromptResolver {
public:
    virtual ~PromptResolver() = default;
    virtual Result<ResolvedPrompt> resolvePrompt(const QString &name, const QString &ref) = 0;
};

// PromptResolver over the store; used on the store's thread.
class StorePromptResolver : public PromptResolver {
public:
    StorePromptResolver(store::Database &db, qint64 projectId)
        : m_db(db)
        , m_projectId(projectId) {}
    Result<ResolvedPrompt> resolvePrompt(const QString &name, const QString &ref) override;

private:
    store::Database &m_db;
    qint64 m_projectId;
};

struct ResolvedWorkflow {
    WorkflowGraph graph;
    qint64 versionId = 0;
};

// Supplies other workflows to subworkflow and map nodes by name and version (number or label);
// the store implements it over its workflow repositories.
class WorkflowResolver {
public:
    virtual ~WorkflowResolver() = default;
    virtual Result<ResolvedWorkflow> resolveWorkflow(const QString &name, const QString &ref) = 0;
};

} // namespace trellis::workflow
