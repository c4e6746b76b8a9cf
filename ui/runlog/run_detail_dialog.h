#pragma once

#include "store/store_types.h"

#include <QDialog>

namespace trellis::ui {

// One recorded run: the request that was sent, the answer and its metrics. Read-only.
class RunDetailDialog : public QDialog {
    Q_OBJECT
public:
    explicit RunDetailDialog(const store::RunRecord &run, QWidget *parent = nullptr);
};

// The metrics of a run as an HTML table (also used by tests to check what is shown).
QString runMetricsHtml(const store::RunRecord &run);

} // namespace trellis::ui
