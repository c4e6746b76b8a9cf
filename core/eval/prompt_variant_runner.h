#pragma once

#include "eval/variant_runner.h"
#include "prompt/prompt_spec.h"

#include <QHash>
#include <QPointer>

namespace trellis::runtime {
class Pipeline;
class RunHandle;
} // namespace trellis::runtime

namespace trellis::store {
class Database;
}

namespace trellis::eval {

// Runs prompt variants (stored NAME[@REF] or inline messages) through the request pipeline:
// one RunRequest per cell with the model's parameters laid over the prompt's.
class PromptVariantRunner : public VariantRunner {
public:
    // `db` resolves stored prompts of `projectId`; may be null when only inline prompts run.
    PromptVariantRunner(runtime::Pipeline &pipeline, store::Database *db, qint64 projectId);
    ~PromptVariantRunner() override;

    bool handles(VariantKind kind) const override;
    Result<QString> prepare(const VariantSpec &variant) override;
    quint64 start(const CellCall &call, std::function<void(CellCallResult)> done) override;
    void cancel(quint64 id) override;

private:
    struct Prepared {
        prompt::PromptSpec spec;
        qint64 versionId = 0;
    };

    runtime::Pipeline &m_pipeline;
    store::Database *m_db;
    qint64 m_projectId;
    QHash<QString, Prepared> m_prepared; // by variant label
    QHash<quint64, QPointer<runtime::RunHandle>> m_running;
    quint64 m_nextId = 1;
};

} // namespace trellis::eval

namespace trellis::runtime {
struct RunOutcome;
}
namespace trellis::store {
struct RunRecord;
}

namespace trellis::eval {

// What assertions grade, from a pipeline outcome or from a run row read back after a crash.
CellOutput cellOutputFrom(const runtime::RunOutcome &outcome);
CellOutput cellOutputFrom(const store::RunRecord &run);

} // namespace trellis::eval
