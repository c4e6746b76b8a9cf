#include "dataset_view.h"

#include "dataset_table_model.h"
#include "item_header.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace trellis::ui {

DatasetView::DatasetView(const eval::DatasetInfo &info, QStringList columns,
                         std::vector<eval::StoredRow> rows, QWidget *parent)
    : QWidget(parent)
    , m_model(new DatasetTableModel(this)) {
    const qint64 shown = qint64(rows.size());
    QStringList facts{
        info.description,
        tr("%n rows, %1 columns", nullptr, int(info.rowCount)).arg(columns.size()),
        tr("Snapshot %1, imported %2")
            .arg(info.hash.left(12), info.updatedAt.toLocalTime().toString(Qt::ISODate)),
        shown < info.rowCount ? tr("Showing the first %1 rows.").arg(shown) : QString()};
    m_model->setRows(std::move(columns), std::move(rows));

    auto *table = new QTableView(this);
    table->setObjectName(QStringLiteral("datasetTable"));
    table->setModel(m_model);
    table->setWordWrap(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setMaximumSectionSize(400);
    table->resizeColumnsToContents();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(itemHeader(info.name, facts, this));
    layout->addWidget(table, 1);
}

} // namespace trellis::ui
