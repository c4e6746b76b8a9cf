#include "run_recorder.h"

namespace trellis::workflow {

QString nodeStatusName(NodeStatus status) {
    switch (status) {
    case NodeStatus::Waiting:
        return QStringLiteral("waiting");
    case NodeStatus::Queued:
        return QStringLiteral("queued");
    case NodeStatus::Running:
        return QStringLiteral("running");
    case NodeStatus::Finished:
        return QStringLiteral("ok");
    case NodeStatus::Failed:
        return QStringLiteral("error");
    case NodeStatus::Skipped:
        return QStringLiteral("skipped");
    case NodeStatus::Cached:
        return QStringLiteral("cached");
    case NodeStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

QString nodeEventKindName(NodeEventKind kind) {
    switch (kind) {
    case NodeEventKind::Queued:
        return QStringLiteral("queued");
    case NodeEventKind::Running:
        return QStringLiteral("running");
    case NodeEventKind::Partial:
        return QStringLiteral("partial");
    case NodeEventKind::Finished:
        return QStringLiteral("finished");
    case NodeEventKind::Failed:
        return QStringLiteral("failed");
    case NodeEventKind::Skipped:
        return QStringLiteral("skipped");
    case NodeEventKind::Cached:
        return QStringLiteral("cached");
    }
    return {};
}

void NodeUsage::add(const NodeUsage &other) {
    const bool priced =
        (calls == 0 || costUsd.has_value()) && (other.calls == 0 || other.costUsd.has_value());
    inputTokens += other.inputTokens;
    outputTokens += other.outputTokens;
    costUsd = priced ? std::optional<double>(costUsd.value_or(0) + other.costUsd.value_or(0))
                     : std::nullopt;
    calls += other.calls;
    llmRunIds.insert(llmRunIds.end(), other.llmRunIds.begin(), other.llmRunIds.end());
}

Result<qint64> MemoryRunRecorder::beginRun(const WorkflowRunStart &start) {
    const qint64 id = m_nextId++;
    m_runs[id].start = start;
    return id;
}

Status MemoryRunRecorder::recordNode(qint64 runId, const NodeResult &node) {
    auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return Error(QStringLiteral("no workflow run %1").arg(runId));
    it->second.nodes.push_back(node);
    return {};
}

Status MemoryRunRecorder::finishRun(qint64 runId, const WorkflowResult &result) {
    auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return Error(QStringLiteral("no workflow run %1").arg(runId));
    it->second.result = result;
    return {};
}

Result<std::map<QString, ReusableOutput>> MemoryRunRecorder::loadNodeOutputs(qint64 runId) {
    auto it = m_runs.find(runId);
    if (it == m_runs.end())
        return Error(QStringLiteral("no workflow run %1").arg(runId));
    std::map<QString, ReusableOutput> out;
    for (const NodeResult &n : it->second.nodes)
        if (n.status == NodeStatus::Finished || n.status == NodeStatus::Cached)
            out[n.nodeId] = ReusableOutput{n.contentHash, n.outputs};
    return out;
}

} // namespace trellis::workflow
