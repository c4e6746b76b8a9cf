#include "project_tree_model.h"

namespace trellis::ui {

namespace {
// Internal ids: 0 marks a category row; children carry their category + 1.
constexpr quintptr kCategoryId = 0;
} // namespace

ProjectTreeModel::ProjectTreeModel(QObject *parent)
    : QAbstractItemModel(parent) {}

void ProjectTreeModel::setPrompts(std::vector<store::PromptSummary> prompts) {
    beginResetModel();
    m_prompts = std::move(prompts);
    endResetModel();
}

QModelIndex ProjectTreeModel::indexOfPrompt(const QString &name) const {
    for (size_t i = 0; i < m_prompts.size(); ++i)
        if (m_prompts[i].name == name)
            return createIndex(int(i), 0, quintptr(Prompts + 1));
    return {};
}

QModelIndex ProjectTreeModel::index(int row, int column, const QModelIndex &parent) const {
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kCategoryId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex ProjectTreeModel::parent(const QModelIndex &child) const {
    if (!child.isValid() || child.internalId() == kCategoryId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kCategoryId);
}

int ProjectTreeModel::rowCount(const QModelIndex &parent) const {
    if (!parent.isValid())
        return CategoryCount;
    if (parent.column() != 0 || parent.internalId() != kCategoryId)
        return 0;
    return parent.row() == Prompts ? int(m_prompts.size()) : 0;
}

int ProjectTreeModel::columnCount(const QModelIndex &) const {
    return 1;
}

QString ProjectTreeModel::categoryTitle(int category) {
    switch (category) {
    case Prompts:
        return tr("Prompts");
    case Workflows:
        return tr("Workflows");
    case Datasets:
        return tr("Datasets");
    case Experiments:
        return tr("Experiments");
    default:
        return {};
    }
}

QVariant ProjectTreeModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == kCategoryId) {
        switch (role) {
        case Qt::DisplayRole:
            return categoryTitle(index.row());
        case KindRole:
            return int(Kind::Category);
        case Qt::ToolTipRole:
            return index.row() == Prompts ? QVariant()
                                          : QVariant(tr("Nothing here yet in this version."));
        default:
            return {};
        }
    }
    const store::PromptSummary &prompt = m_prompts[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return prompt.name;
    case Qt::ToolTipRole:
        return tr("%1\n%2 versions, head @%3")
            .arg(prompt.description)
            .arg(prompt.versionCount)
            .arg(prompt.headNumber);
    case KindRole:
        return int(Kind::Prompt);
    case NameRole:
        return prompt.name;
    case HeadVersionRole:
        return prompt.headNumber;
    case LabelsRole:
        return prompt.labels;
    default:
        return {};
    }
}

} // namespace trellis::ui
