#pragma once

#include "eval/experiment_repository.h"

#include <QWidget>

namespace trellis::ui {

// A read-only tab for one experiment: its status, how many cells passed, failed or are still
// pending, and the same counts per column (variant × model) with the pass rate. The full
// statistics (intervals, paired comparisons) are in the report that `trellis-cli eval` writes.
class ExperimentView : public QWidget {
    Q_OBJECT
public:
    ExperimentView(const eval::ExperimentRecord &experiment,
                   const std::vector<eval::StoredCell> &cells, QWidget *parent = nullptr);
};

} // namespace trellis::ui
