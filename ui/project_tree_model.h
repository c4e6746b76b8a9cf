#pragma once

#include "store/store_types.h"

#include <QAbstractItemModel>

#include <vector>

namespace trellis::ui {

// The project tree: one top-level row per kind of item (prompts, workflows, datasets,
// experiments) with the items below. A thin adapter over store summaries: it owns no state
// but the last snapshot it was given.
class ProjectTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { KindRole = Qt::UserRole + 1, NameRole, HeadVersionRole, LabelsRole };
    enum class Kind { Category, Prompt };
    enum Category { Prompts, Workflows, Datasets, Experiments, CategoryCount };

    explicit ProjectTreeModel(QObject *parent = nullptr);

    void setPrompts(std::vector<store::PromptSummary> prompts);
    QModelIndex indexOfPrompt(const QString &name) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    static QString categoryTitle(int category);
    std::vector<store::PromptSummary> m_prompts;
};

} // namespace trellis::ui
