#pragma once

#include "common/result.h"
#include "store/store_types.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>

#include <vector>

namespace trellis::store {
class Database;
}

namespace trellis::ui {

// Recent runs of the store, newest first, for the run log dock. A store may hold hundreds of
// thousands of runs: the model holds the newest page and reads the next one when a view
// scrolls to the end (canFetchMore/fetchMore). Nothing is read before the first refresh(): the
// window calls it after its first paint and again when a run ends.
class RunLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Status, Prompt, Model, Tokens, Cost, Latency, Time, ColumnCount };
    enum Role { RunIdRole = Qt::UserRole + 1 };
    static constexpr int kDefaultPageSize = 200;

    explicit RunLogModel(store::Database &db, QObject *parent = nullptr);

    // Reads the newest page again (runs recorded meanwhile show; older pages are dropped).
    trellis::Status refresh();
    // False until the first refresh() succeeded: views show a loading state meanwhile.
    bool isLoaded() const { return m_loaded; }
    int pageSize() const { return m_pageSize; }
    void setPageSize(int rows);
    // Prompt ids → names for the Prompt column (runs store the id only).
    void setPromptNames(QHash<qint64, QString> names);
    // The run's figures: the payload (request, params, variables, response) is not read for
    // a list; RunRepository::find() has the whole record.
    const store::RunRecord *runAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    // A page could not be read (fetchMore() has no other way to say so).
    void readFailed(const QString &message);

private:
    Result<std::vector<store::RunRecord>> readPage(bool after) const;

    QVariant display(const store::RunRecord &run, int column) const;
    QIcon statusIcon(const QString &status) const;

    store::Database &m_db;
    std::vector<store::RunRecord> m_runs;
    QHash<qint64, QString> m_promptNames;
    int m_pageSize = kDefaultPageSize;
    bool m_loaded = false;
    bool m_atEnd = false;              // the last page read was short: no older runs
    bool m_busy = false;               // inside a reset or an insertion of ours
    mutable QHash<int, QIcon> m_icons; // by QStyle::StandardPixmap
};

} // namespace trellis::ui
