#include "catalog_model.h"

#include <QFont>
#include <QLocale>

#include <algorithm>

namespace trellis::ui {

namespace {

// The price a column shows; only called for the three price columns.
double &priceField(providers::ModelPrice &p, int column) {
    switch (column) {
    case CatalogModel::Input:
        return p.inputPerMTok;
    case CatalogModel::CachedInput:
        return p.cachedInputPerMTok;
    default:
        return p.outputPerMTok;
    }
}

} // namespace

CatalogModel::CatalogModel(QObject *parent)
    : QAbstractTableModel(parent) {}

void CatalogModel::setModels(QList<providers::ModelPrice> models, const QSet<QString> &overridden) {
    beginResetModel();
    m_models = std::move(models);
    std::sort(m_models.begin(), m_models.end(),
              [](const auto &a, const auto &b) { return a.id < b.id; });
    m_overridden = overridden;
    m_edited.clear();
    endResetModel();
}

QList<providers::ModelPrice> CatalogModel::edited() const {
    QList<providers::ModelPrice> out;
    for (const providers::ModelPrice &p : m_models)
        if (m_edited.contains(p.id))
            out << p;
    return out;
}

int CatalogModel::addModel(const QString &id) {
    for (int row = 0; row < m_models.size(); ++row)
        if (m_models[row].id == id)
            return row;
    const int row = int(m_models.size());
    beginInsertRows({}, row, row);
    providers::ModelPrice price;
    price.id = id;
    m_models << price;
    m_edited.insert(id);
    endInsertRows();
    return row;
}

int CatalogModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_models.size());
}

int CatalogModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CatalogModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    providers::ModelPrice p = m_models.at(index.row());
    const bool changed = m_edited.contains(p.id) || m_overridden.contains(p.id);
    if (role == Qt::FontRole && changed) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::ToolTipRole && index.column() == Id)
        return changed ? tr("Price set in your settings file") : tr("Built-in price");
    if (role == Qt::TextAlignmentRole && index.column() != Id)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    if (index.column() == Id)
        return p.id;
    if (index.column() == Context) {
        if (role == Qt::EditRole)
            return p.contextWindow;
        return p.contextWindow > 0 ? QLocale().toString(p.contextWindow) : QStringLiteral("—");
    }
    const double value = priceField(p, index.column());
    return role == Qt::EditRole ? QVariant(value) : QVariant(QLocale().toString(value, 'f', 3));
}

bool CatalogModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable))
        return false;
    bool ok = false;
    double number = value.toDouble(&ok);
    if (!ok) // typed with the user's locale ("2,50")
        number = QLocale().toDouble(value.toString(), &ok);
    if (!ok || number < 0)
        return false;
    providers::ModelPrice &p = m_models[index.row()];
    if (index.column() == Context)
        p.contextWindow = qint64(number);
    else
        priceField(p, index.column()) = number;
    m_edited.insert(p.id);
    Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    return true;
}

Qt::ItemFlags CatalogModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() != Id)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant CatalogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("Model");
    case Context:
        return tr("Context");
    case Input:
        return tr("Input $/M");
    case CachedInput:
        return tr("Cached $/M");
    case Output:
        return tr("Output $/M");
    default:
        return {};
    }
}

} // namespace trellis::ui
