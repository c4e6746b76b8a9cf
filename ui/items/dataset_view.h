#pragma once

#include "eval/dataset_repository.h"

#include <QWidget>

namespace trellis::ui {

class DatasetTableModel;

// A read-only tab for a stored dataset: what it is (rows, snapshot hash, import time) and its
// rows in a table. `totalRows` may exceed rows.size() when the caller loaded only the first
// rows of a large dataset; the header says so.
class DatasetView : public QWidget {
    Q_OBJECT
public:
    DatasetView(const eval::DatasetInfo &info, QStringList columns,
                std::vector<eval::StoredRow> rows, QWidget *parent = nullptr);
    DatasetTableModel *tableModel() const { return m_model; }

private:
    DatasetTableModel *m_model = nullptr;
};

} // namespace trellis::ui
