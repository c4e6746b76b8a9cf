#pragma once

#include "common/result.h"
#include "store/store_types.h"

#include <QAbstractTableModel>
#include <QHash>

#include <vector>

namespace trellis::store {
class Database;
}

namespace trellis::ui {

// Recent runs of the store, newest first, for the run log dock. Reads on refresh() only: the
// window refreshes when a run ends.
class RunLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Status, Prompt, Model, Tokens, Cost, Latency, Time, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1 };

    explicit RunLogModel(store::Database &db, QObject *parent = nullptr);

    trellis::Status refresh(int limit = 200);
    // Prompt ids → names for the Prompt column (runs store the id only).
    void setPromptNames(QHash<qint64, QString> names);
    const store::RunRecord *runAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const store::RunRecord &run, int column) const;

    store::Database &m_db;
    std::vector<store::RunRecord> m_runs;
    QHash<qint64, QString> m_promptNames;
};

} // namespace trellis::ui
