#pragma once

#include "providers/model_catalog.h"

#include <QAbstractTableModel>
#include <QSet>

namespace trellis::ui {

// The model catalog with editable prices (USD per million tokens). Edited rows are marked and
// listed by edited() so the settings dialog can write them as overrides.
class CatalogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Context, Input, CachedInput, Output, ColumnCount };

    explicit CatalogModel(QObject *parent = nullptr);

    void setModels(QList<providers::ModelPrice> models, const QSet<QString> &overridden);
    QList<providers::ModelPrice> edited() const;
    const providers::ModelPrice &priceAt(int row) const { return m_models.at(row); }
    // Adds (or selects) a model that the built-in catalog does not know; returns its row.
    int addModel(const QString &id);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<providers::ModelPrice> m_models;
    QSet<QString> m_overridden; // from the settings file
    QSet<QString> m_edited;     // in this session
};

} // namespace trellis::ui
