#pragma once

#include "common/result.h"

#include <QHash>
#include <QString>

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::store {
class Database;
}

namespace trellis::eval {

// An experiment row (table `experiments`).
struct ExperimentRecord {
    qint64 id = 0;
    QString name;
    QString fingerprint; // identity of what was run: see ExperimentRunner
    QString status;      // draft, running, paused, done, failed, cancelled
    QString datasetHash;
};

// One point of the matrix as written before it runs.
struct NewCell {
    QString variant; // variant label
    QString model;   // model display label
    int rowPosition = 0;
    int repeat = 0;
    nlohmann::json rowData = nlohmann::json::object(); // {"vars": ..., "test": ...}
};

// Cell status: "pending" until graded; then "done" (passed) or "failed" (failed or errored).
struct StoredCell {
    qint64 id = 0;
    QString variant;
    QString model;
    int rowPosition = 0;
    int repeat = 0;
    nlohmann::json rowData = nlohmann::json::object();
    QString status;
    nlohmann::json result = nlohmann::json::object();

    bool graded() const { return status == u"done" || status == u"failed"; }
};

struct CellUpdate {
    qint64 cellId = 0;
    QString status;
    nlohmann::json result;
};

// Experiments and their cells in the store (tables `experiments`, `experiment_cells`; runs
// point at their cell through runs.experiment_cell_id).
class ExperimentRepository {
public:
    ExperimentRepository(store::Database &db, qint64 projectId)
        : m_db(db)
        , m_projectId(projectId) {}

    // The newest experiment with this name and fingerprint (so running the same experiment
    // again resumes it), else a new one. `config` is stored for inspection.
    Result<ExperimentRecord> findOrCreate(const QString &name, const QString &fingerprint,
                                          const nlohmann::json &config, const QString &datasetHash);
    Status setStatus(qint64 experimentId, const QString &status);
    // The newest experiment with this name, if any (any fingerprint).
    Result<std::optional<ExperimentRecord>> latest(const QString &name);
    // All experiments of the project, by name, newest first within a name.
    Result<std::vector<ExperimentRecord>> list();

    // Inserts the cells that do not exist yet, in one transaction; existing ones (same variant,
    // model, row, repeat) are left as they are.
    Status addCells(qint64 experimentId, const std::vector<NewCell> &cells);
    // In matrix order (row, repeat, variant, model as inserted: by id).
    Result<std::vector<StoredCell>> cells(qint64 experimentId);
    // All updates in one transaction.
    Status saveResults(const std::vector<CellUpdate> &updates);
    // Marks cells pending again (a rerun of failed cells). Their old runs stay in the store,
    // linked to the cell, but no longer count for it: the cell remembers the newest run id at
    // reset time (result.rerunAfter).
    Status resetCells(const std::vector<qint64> &cellIds);

    // For each pending cell of the experiment that has a final run row (runs.experiment_cell_id,
    // params._run.final; not cancelled) newer than its reset, the newest such run's id. A cell
    // found here has been paid for: it is graded from the stored run, never called again.
    Result<QHash<qint64, qint64>> finalRuns(qint64 experimentId);

private:
    store::Database &m_db;
    qint64 m_projectId;
};

} // namespace trellis::eval
