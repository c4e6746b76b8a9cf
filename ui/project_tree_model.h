#pragma once

#include "eval/dataset_repository.h"
#include "eval/experiment_repository.h"
#include "store/store_types.h"
#include "store/workflow_store_types.h"

#include <QAbstractItemModel>

#include <array>
#include <vector>

namespace trellis::ui {

// The project tree: one top-level row per kind of item (prompts, workflows, datasets,
// experiments) with the items below, each with its name (column 0) and a short detail
// (column 1: head version, row count, status). An empty kind holds one hint row that says how
// to add items. A thin adapter over store summaries: it owns no state but the last snapshot.
class ProjectTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role {
        KindRole = Qt::UserRole + 1,
        NameRole,
        HeadVersionRole,
        LabelsRole,
        IdRole,     // store id of the item (experiments share names across runs)
        FilterRole, // what filter-as-you-type matches: name and detail; empty for hints
    };
    enum class Kind { Category, Prompt, Workflow, Dataset, Experiment, Hint };
    enum Category { Prompts, Workflows, Datasets, Experiments, CategoryCount };
    enum Column { NameColumn, DetailColumn, ColumnCount };

    explicit ProjectTreeModel(QObject *parent = nullptr);

    void setPrompts(const std::vector<store::PromptSummary> &prompts);
    void setWorkflows(const std::vector<store::WorkflowSummary> &workflows);
    void setDatasets(const std::vector<eval::DatasetInfo> &datasets);
    void setExperiments(const std::vector<eval::ExperimentRecord> &experiments);

    QModelIndex indexOfPrompt(const QString &name) const;
    QModelIndex indexOf(Kind kind, const QString &name) const;
    static Kind kindOf(int category);
    // What an empty category says, one line per hint row.
    static QString emptyHint(int category);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Item {
        QString name;
        QString detail;
        QString toolTip;
        int headNumber = 0;
        QStringList labels;
        qint64 id = 0;
    };
    void setItems(Category category, std::vector<Item> items);
    QVariant categoryData(int category, int column, int role) const;
    QVariant itemData(int category, const Item &item, int column, int role) const;
    QVariant hintData(int category, int line, int column, int role) const;
    static QString categoryTitle(int category);

    std::array<std::vector<Item>, CategoryCount> m_items;
};

} // namespace trellis::ui
