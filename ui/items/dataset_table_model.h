#pragma once

#include "eval/dataset_repository.h"

#include <QAbstractTableModel>

namespace trellis::ui {

// The rows of a stored dataset as a table: one column per variable (first-seen order), then a
// "test" column with the row's assertions and other test fields when any row has them.
// Strings show as they are, other values as compact JSON.
class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit DatasetTableModel(QObject *parent = nullptr);

    void setRows(QStringList columns, std::vector<eval::StoredRow> rows);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString cellText(const QModelIndex &index) const;

    QStringList m_columns;
    std::vector<eval::StoredRow> m_rows;
    bool m_hasTests = false;
};

} // namespace trellis::ui
