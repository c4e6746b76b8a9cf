#pragma once

#include "common/result.h"
#include "eval/experiment_matrix.h"
#include "eval/experiment_repository.h"
#include "eval/experiment_spec.h"
#include "eval/judge.h"
#include "eval/variant_runner.h"

#include <QObject>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace trellis::store {
class Database;
}

namespace trellis::eval {

// Sends llm-rubric judge requests; the runtime implements it over the pipeline
// (PipelineJudge), tests with a fake. `done` is called once, later, from the event loop.
class AsyncJudge {
public:
    virtual ~AsyncJudge() = default;
    virtual void ask(const JudgeRequest &request, std::function<void(Result<QString>)> done) = 0;
};

struct RunOptions {
    int concurrency = 0;        // 0: the spec's, else 4
    std::optional<int> repeats; // overrides the spec's
    bool noCache = false;       // on top of the spec's `cache: false`
    bool filterFailing = false; // rerun only the cells that failed last time
};

struct ExperimentProgress {
    int total = 0;      // cells this run has to finish (pending at the start)
    int done = 0;       // of those, graded
    int passed = 0;     // of those
    int errors = 0;     // of those: the call failed
    int regraded = 0;   // of those: graded from a run recorded before a crash, not called again
    int skipped = 0;    // cells already graded by an earlier run
    double costUsd = 0; // spent by this run's calls so far (known prices)
};

// Runs an experiment: expands the matrix, persists the experiment and its cells, runs the
// pending cells through the VariantRunners with bounded concurrency, grades each cell and
// stores the outcome. Resumable: cells graded earlier are skipped, and a cell whose final run
// was recorded but not graded (the process died in between) is graded from the stored run.
// Lives on the thread that owns `db`; everything happens on its event loop.
class ExperimentRunner : public QObject {
    Q_OBJECT
public:
    ExperimentRunner(store::Database &db, qint64 projectId, std::vector<VariantRunner *> runners,
                     AsyncJudge *judge, QObject *parent = nullptr);
    ~ExperimentRunner() override;

    // Loads the rows, prepares the variants, finds or creates the experiment and its cells.
    // Bad input (a missing prompt, a bad dataset row, a variant kind nobody runs) is an error.
    Status prepare(ExperimentSpec spec, const RunOptions &options);
    // Runs the pending cells; finished() follows (also when nothing is pending).
    void start();
    // Stops starting cells and cancels those in flight; finished(true) follows once they end.
    void cancel();

    qint64 experimentId() const { return m_experiment.id; }
    const ExperimentSpec &spec() const { return m_spec; } // with the options applied
    int rowCount() const { return int(m_rows.size()); }
    const ExperimentProgress &progress() const { return m_progress; }
    // A store write failed during the run (the run stops).
    const std::optional<Error> &storeError() const { return m_storeError; }

Q_SIGNALS:
    void progressChanged(const trellis::eval::ExperimentProgress &progress);
    void finished(bool cancelled);

private:
    struct Pending {
        qint64 cellId = 0;
        size_t variant = 0;
        size_t model = 0;
        size_t row = 0;
        qint64 storedRunId = 0; // recorded before a crash: grade it, do not call
    };
    struct InFlight;

    VariantRunner *runnerFor(VariantKind kind) const;
    void pump();
    void startCell(const Pending &cell);
    void grade(std::shared_ptr<InFlight> flight, CellCallResult result);
    void complete(const InFlight &flight);
    void flush();
    void maybeFinish();

    store::Database &m_db;
    qint64 m_projectId;
    std::vector<VariantRunner *> m_runners;
    AsyncJudge *m_judge;
    ExperimentSpec m_spec;
    RunOptions m_options;
    int m_concurrency = 4;
    bool m_bypassCache = false;
    std::vector<MatrixRow> m_rows;
    ExperimentRecord m_experiment;
    std::deque<Pending> m_queue;
    std::vector<std::shared_ptr<InFlight>> m_inFlight;
    std::vector<CellUpdate> m_unsaved;
    ExperimentProgress m_progress;
    std::optional<Error> m_storeError;
    bool m_started = false;
    bool m_cancelled = false;
    bool m_finished = false;
    bool m_flushScheduled = false;
};

} // namespace trellis::eval
