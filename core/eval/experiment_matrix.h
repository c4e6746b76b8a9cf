#pragma once

#include "common/result.h"
#include "eval/experiment_repository.h"
#include "eval/experiment_spec.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace trellis::store {
class Database;
}

namespace trellis::eval {

// One row of the matrix, ready to run: defaultTest merged in.
struct MatrixRow {
    QString description;
    nlohmann::json vars = nlohmann::json::object(); // defaultTest.vars overlaid by the row's
    TestSpec test; // defaultTest's assertions, then the row's; the row's threshold, else default
};

struct LoadedRows {
    std::vector<MatrixRow> rows; // the dataset's rows, then the inline tests
    QString datasetHash;         // of the dataset source (empty without one)
};

// Reads the rows of an experiment: the dataset (a stored one through `db`, or a file) and the
// inline tests. Errors name the file and line of a bad row.
Result<LoadedRows> loadRows(const ExperimentSpec &spec, store::Database *db, qint64 projectId);

// The label statistics and reports use for a (variant, model) column of the matrix: the
// variant's label when there is one model, the model's when there is one variant, else
// "variant | model". Also recorded as runs.variant, so feedback groups the same way.
QString columnLabel(const QString &variant, const QString &model, int variantCount, int modelCount);

// The cells of the matrix, in order: for each row, each repeat, each variant, each model.
std::vector<NewCell> expandMatrix(const ExperimentSpec &spec, const std::vector<MatrixRow> &rows,
                                  int repeats);

// SHA-256 over what decides the cells' results: the spec without its run options (repeats,
// concurrency, cache, passThreshold, description), the variants' identities (what each
// VariantRunner::prepare returned) and the dataset hash. Same fingerprint = resumable.
QString experimentFingerprint(const ExperimentSpec &spec, const QStringList &variantIdentities,
                              const QString &datasetHash);

} // namespace trellis::eval
