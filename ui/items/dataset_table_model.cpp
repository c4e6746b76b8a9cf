#include "dataset_table_model.h"

namespace trellis::ui {

namespace {
// Long values would make rows very tall or wide; the tooltip has the full text.
constexpr int kShownLength = 200;

template <typename Json>
QString valueText(const Json &value) {
    if (value.is_null())
        return {};
    if (value.is_string())
        return QString::fromStdString(value.template get<std::string>());
    return QString::fromStdString(value.dump());
}
} // namespace

DatasetTableModel::DatasetTableModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void DatasetTableModel::setRows(QStringList columns, std::vector<eval::StoredRow> rows) {
    beginResetModel();
    m_columns = std::move(columns);
    m_rows = std::move(rows);
    m_hasTests = std::any_of(m_rows.begin(), m_rows.end(),
                             [](const eval::StoredRow &row) { return !row.test.empty(); });
    endResetModel();
}

int DatasetTableModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DatasetTableModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_columns.size()) + (m_hasTests ? 1 : 0);
}

QString DatasetTableModel::cellText(const QModelIndex &index) const {
    const eval::StoredRow &row = m_rows[size_t(index.row())];
    if (index.column() >= m_columns.size())
        return row.test.empty() ? QString() : valueText(row.test);
    const std::string key = m_columns[index.column()].toStdString();
    const auto found = row.vars.find(key);
    return found == row.vars.end() ? QString() : valueText(*found);
}

QVariant DatasetTableModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        const QString text = cellText(index);
        return text.size() > kShownLength ? QString(text.left(kShownLength) + u'…') : text;
    }
    case Qt::ToolTipRole:
        return cellText(index);
    default:
        return {};
    }
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole || section < 0)
        return {};
    if (orientation == Qt::Vertical)
        return section < int(m_rows.size()) ? QVariant(m_rows[size_t(section)].position + 1)
                                            : QVariant();
    if (section < m_columns.size())
        return m_columns[section];
    return section == m_columns.size() && m_hasTests ? QVariant(tr("test")) : QVariant();
}

} // namespace trellis::ui
