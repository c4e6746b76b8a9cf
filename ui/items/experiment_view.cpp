#include "experiment_view.h"

#include "item_header.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

namespace trellis::ui {

namespace {

struct Counts {
    int cells = 0;
    int passed = 0;
    int failed = 0;
    int pending = 0;

    void add(const eval::StoredCell &cell) {
        ++cells;
        if (cell.status == u"done")
            ++passed;
        else if (cell.status == u"failed")
            ++failed;
        else
            ++pending;
    }
    QString passRate() const {
        const int graded = passed + failed;
        return graded == 0 ? QStringLiteral("–")
                           : QStringLiteral("%1 %").arg(100.0 * passed / graded, 0, 'f', 1);
    }
};

QString columnName(const eval::StoredCell &cell) {
    return cell.model.isEmpty() ? cell.variant : cell.variant + QStringLiteral(" × ") + cell.model;
}

} // namespace

ExperimentView::ExperimentView(const eval::ExperimentRecord &experiment,
                               const std::vector<eval::StoredCell> &cells, QWidget *parent)
    : QWidget(parent) {
    Counts total;
    std::vector<std::pair<QString, Counts>> columns; // in first-seen (matrix) order
    std::map<QString, size_t> columnIndex;
    for (const eval::StoredCell &cell : cells) {
        total.add(cell);
        const QString name = columnName(cell);
        auto [it, inserted] = columnIndex.try_emplace(name, columns.size());
        if (inserted)
            columns.emplace_back(name, Counts{});
        columns[it->second].second.add(cell);
    }

    QStringList facts{tr("Status: %1 (experiment #%2)").arg(experiment.status).arg(experiment.id),
                      experiment.fingerprint.isEmpty()
                          ? QString()
                          : tr("Fingerprint %1").arg(experiment.fingerprint.left(12)),
                      experiment.datasetHash.isEmpty()
                          ? QString()
                          : tr("Dataset snapshot %1").arg(experiment.datasetHash.left(12))};

    auto *counts = new QLabel(this);
    counts->setObjectName(QStringLiteral("experimentCounts"));
    counts->setText(total.cells == 0 ? tr("No cells yet: the experiment has not started.")
                                     : tr("%n cells: %1 passed, %2 failed, %3 pending; pass "
                                          "rate %4 of graded cells",
                                          nullptr, total.cells)
                                           .arg(total.passed)
                                           .arg(total.failed)
                                           .arg(total.pending)
                                           .arg(total.passRate()));

    auto *table = new QTreeWidget(this);
    table->setObjectName(QStringLiteral("experimentColumns"));
    table->setRootIsDecorated(false);
    table->setHeaderLabels({tr("Variant × model"), tr("Cells"), tr("Passed"), tr("Failed"),
                            tr("Pending"), tr("Pass rate")});
    table->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    for (const auto &[name, c] : columns)
        new QTreeWidgetItem(table,
                            {name, QString::number(c.cells), QString::number(c.passed),
                             QString::number(c.failed), QString::number(c.pending), c.passRate()});

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(itemHeader(experiment.name, facts, this));
    layout->addWidget(counts);
    layout->addWidget(table, 1);
}

} // namespace trellis::ui
