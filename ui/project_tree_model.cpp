#include "project_tree_model.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace trellis::ui {

namespace {
// Internal ids: 0 marks a category row; children carry their category + 1.
constexpr quintptr kCategoryId = 0;

// The head version, and a star when a label (production, staging...) points somewhere: the
// labels themselves are in the tooltip, names need the width.
QString versionDetail(int head, const QStringList &labels) {
    const QString version = QStringLiteral("@%1").arg(head);
    return labels.isEmpty() ? version : version + QStringLiteral(" ★");
}

QString labelsLine(const QStringList &labels) {
    return labels.isEmpty() ? QString() : QStringLiteral("\nlabels: ") + labels.join(u", ");
}

QVariant dimmed() {
    return QGuiApplication::palette().color(QPalette::PlaceholderText);
}
} // namespace

ProjectTreeModel::ProjectTreeModel(QObject *parent)
    : QAbstractItemModel(parent) {}

void ProjectTreeModel::setItems(Category category, std::vector<Item> items) {
    beginResetModel();
    m_items[size_t(category)] = std::move(items);
    endResetModel();
}

void ProjectTreeModel::setPrompts(const std::vector<store::PromptSummary> &prompts) {
    std::vector<Item> items;
    for (const store::PromptSummary &p : prompts)
        items.push_back({p.name, versionDetail(p.headNumber, p.labels),
                         tr("%1\n%2 versions, head @%3")
                                 .arg(p.description)
                                 .arg(p.versionCount)
                                 .arg(p.headNumber)
                             + labelsLine(p.labels),
                         p.headNumber, p.labels, p.id});
    setItems(Prompts, std::move(items));
}

void ProjectTreeModel::setWorkflows(const std::vector<store::WorkflowSummary> &workflows) {
    std::vector<Item> items;
    for (const store::WorkflowSummary &w : workflows)
        items.push_back(
            {w.name, versionDetail(w.headNumber, w.labels),
             tr("Head @%1, %2\nupdated %3")
                 .arg(w.headNumber)
                 .arg(w.headHash.left(12), w.updatedAt.toLocalTime().toString(Qt::ISODate)),
             w.headNumber, w.labels, w.id});
    setItems(Workflows, std::move(items));
}

void ProjectTreeModel::setDatasets(const std::vector<eval::DatasetInfo> &datasets) {
    std::vector<Item> items;
    for (const eval::DatasetInfo &d : datasets)
        items.push_back({d.name,
                         tr("%n rows", nullptr, int(d.rowCount)),
                         tr("%1\nsnapshot %2, imported %3")
                             .arg(d.description, d.hash.left(12),
                                  d.updatedAt.toLocalTime().toString(Qt::ISODate))
                             .trimmed(),
                         0,
                         {},
                         d.id});
    setItems(Datasets, std::move(items));
}

void ProjectTreeModel::setExperiments(const std::vector<eval::ExperimentRecord> &experiments) {
    std::vector<Item> items;
    for (const eval::ExperimentRecord &e : experiments)
        items.push_back(
            {e.name,
             e.status,
             tr("Experiment #%1, %2\ndataset %3").arg(e.id).arg(e.status, e.datasetHash.left(12)),
             0,
             {},
             e.id});
    setItems(Experiments, std::move(items));
}

ProjectTreeModel::Kind ProjectTreeModel::kindOf(int category) {
    switch (category) {
    case Prompts:
        return Kind::Prompt;
    case Workflows:
        return Kind::Workflow;
    case Datasets:
        return Kind::Dataset;
    default:
        return Kind::Experiment;
    }
}

QModelIndex ProjectTreeModel::indexOf(Kind kind, const QString &name) const {
    for (int category = 0; category < CategoryCount; ++category) {
        if (kindOf(category) != kind)
            continue;
        const std::vector<Item> &items = m_items[size_t(category)];
        for (size_t i = 0; i < items.size(); ++i)
            if (items[i].name == name)
                return createIndex(int(i), 0, quintptr(category + 1));
    }
    return {};
}

QModelIndex ProjectTreeModel::indexOfPrompt(const QString &name) const {
    return indexOf(Kind::Prompt, name);
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
    // An empty category keeps its hint, one row per line.
    const int count = int(m_items[size_t(parent.row())].size());
    return count > 0 ? count : int(emptyHint(parent.row()).count(u'\n')) + 1;
}

int ProjectTreeModel::columnCount(const QModelIndex &) const {
    return ColumnCount;
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

QString ProjectTreeModel::emptyHint(int category) {
    switch (category) {
    case Prompts:
        return tr("No prompts yet — import one with\ntrellis-cli prompt import FILE");
    case Workflows:
        return tr("No workflows yet — import one with\ntrellis-cli workflow import FILE");
    case Datasets:
        return tr("No datasets yet — import one with\ntrellis-cli dataset import");
    default:
        return tr("No experiments yet — run one with\ntrellis-cli eval CONFIG");
    }
}

Qt::ItemFlags ProjectTreeModel::flags(const QModelIndex &index) const {
    // Views and QAbstractItemModelTester ask for the root's flags too: no warning for it.
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.data(KindRole).toInt() == int(Kind::Hint))
        return Qt::ItemIsEnabled | Qt::ItemNeverHasChildren;
    return QAbstractItemModel::flags(index);
}

QVariant ProjectTreeModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() == kCategoryId)
        return categoryData(index.row(), index.column(), role);
    const int category = int(index.internalId() - 1);
    const std::vector<Item> &items = m_items[size_t(category)];
    if (items.empty())
        return hintData(category, index.row(), index.column(), role);
    return itemData(category, items[size_t(index.row())], index.column(), role);
}

QVariant ProjectTreeModel::categoryData(int category, int column, int role) const {
    const int count = int(m_items[size_t(category)].size());
    switch (role) {
    case Qt::DisplayRole:
        return column == NameColumn ? categoryTitle(category) : QString::number(count);
    case Qt::ForegroundRole:
        return column == DetailColumn ? dimmed() : QVariant();
    case KindRole:
        return int(Kind::Category);
    case FilterRole:
        return QString(); // a category shows when one of its items matches
    default:
        return {};
    }
}

QVariant ProjectTreeModel::hintData(int category, int line, int column, int role) const {
    switch (role) {
    case Qt::DisplayRole:
        return column == NameColumn ? emptyHint(category).section(u'\n', line, line) : QString();
    case Qt::ToolTipRole:
        return QString(emptyHint(category)).replace(u'\n', u' ');
    case Qt::ForegroundRole:
        return dimmed();
    case Qt::FontRole: {
        QFont font;
        font.setItalic(true);
        return font;
    }
    case KindRole:
        return int(Kind::Hint);
    case FilterRole:
        return QString();
    default:
        return {};
    }
}

QVariant ProjectTreeModel::itemData(int category, const Item &item, int column, int role) const {
    switch (role) {
    case Qt::DisplayRole:
        return column == NameColumn ? item.name : item.detail;
    case Qt::ToolTipRole:
        return item.toolTip;
    case Qt::ForegroundRole:
        return column == DetailColumn ? dimmed() : QVariant();
    case KindRole:
        return int(kindOf(category));
    case NameRole:
        return item.name;
    case HeadVersionRole:
        return item.headNumber;
    case LabelsRole:
        return item.labels;
    case IdRole:
        return item.id;
    case FilterRole:
        return QString(item.name + u' ' + item.detail);
    default:
        return {};
    }
}

} // namespace trellis::ui
