#pragma once

#include "eval/experiment_runner.h"

namespace trellis::runtime {
class Pipeline;
}

namespace trellis::eval {

// llm-rubric judge calls through the request pipeline (cache, retries, rate limits, cost
// recorded like any run). The judge text is sent verbatim: it is not a template.
class PipelineJudge : public AsyncJudge {
public:
    // `defaultModel` answers requests that name no provider.
    PipelineJudge(runtime::Pipeline &pipeline, QString defaultModel)
        : m_pipeline(pipeline)
        , m_defaultModel(std::move(defaultModel)) {}

    void ask(const JudgeRequest &request, std::function<void(Result<QString>)> done) override;

private:
    runtime::Pipeline &m_pipeline;
    QString m_defaultModel;
};

} // namespace trellis::eval
