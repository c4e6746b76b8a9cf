#pragma once

#include "common/result.h"
#include "eval/ab_compare.h"
#include "eval/experiment_repository.h"
#include "eval/experiment_spec.h"
#include "eval/statistics.h"

#include <QStringList>

#include <vector>

namespace trellis::store {
class Database;
}

namespace trellis::eval {

// A graded or pending cell with the column (variant x model) it belongs to.
struct ResultCell {
    StoredCell cell;
    QString column; // columnLabel(variant, model, ...)
};

// What an experiment run produced, ready for the summary table and the report files.
struct ExperimentResults {
    ExperimentRecord experiment;
    QStringList columns;             // matrix columns in spec order (variants, then models)
    std::vector<ResultCell> cells;   // the spec's cells, graded or not, in matrix order
    std::vector<VariantStats> stats; // per column, graded cells only, human feedback included
    std::vector<PairedComparison> comparisons; // every pair of columns, B against A
    int graded = 0;
    int passed = 0;
    int pending = 0;
    double passRate = 0; // passed / graded (0 when nothing is graded)
};

// Reads the experiment's cells and feedback and computes the statistics. Only cells of the
// spec's matrix count (rows < rowCount, repeats < spec.repeats, the spec's variants and models).
Result<ExperimentResults> collectResults(store::Database &db, qint64 experimentId,
                                         const ExperimentSpec &spec, int rowCount,
                                         const CompareOptions &options = {});

// The statistics' input for one graded cell (pairKey "row#repeat": the same question in
// every column).
CellRecord cellRecordOf(const ResultCell &cell);

} // namespace trellis::eval
