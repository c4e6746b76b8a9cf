#include "settings_dialog.h"

#include "catalog_model.h"
#include "providers_page.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {

QSet<QString> overriddenIds(const nlohmann::json &settings) {
    QSet<QString> out;
    const auto models = settings.value("models", nlohmann::json::array());
    if (models.is_array())
        for (const auto &m : models)
            if (m.is_object() && m.contains("id") && m["id"].is_string())
                out.insert(QString::fromStdString(m["id"].get<std::string>()));
    return out;
}

} // namespace

SettingsDialog::SettingsDialog(SettingsFile file, providers::KeyStore *keys,
                               QProcessEnvironment env, QWidget *parent)
    : QDialog(parent)
    , m_file(std::move(file)) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Settings"));
    m_providers = new ProvidersPage(&m_file, keys, std::move(env), this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_providers, tr("Providers"));
    m_tabs->addTab(buildCatalogPage(), tr("Models && Prices"));

    auto *where = new QLabel(tr("Settings file: %1 — API keys are never written there.")
                                 .arg(m_file.path().toHtmlEscaped()),
                             this);
    where->setWordWrap(true);
    where->setEnabled(false); // the palette's disabled text: a quiet note, no fixed colour
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setWordWrap(true);
    m_error->hide();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (save())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(where);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(760, 520);
}

QWidget *SettingsDialog::buildCatalogPage() {
    auto *page = new QWidget(this);
    m_catalog = new CatalogModel(page);
    auto catalog = providers::ModelCatalog::builtIn();
    if (catalog) {
        const QByteArray overrides = QByteArray::fromStdString(m_file.json().dump());
        if (m_file.json().contains("models"))
            (void)catalog->applyOverrides(overrides); // invalid overrides: built-in prices show
        m_catalog->setModels(catalog->models(), overriddenIds(m_file.json()));
    }
    auto *proxy = new QSortFilterProxyModel(page);
    proxy->setSourceModel(m_catalog);
    proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy->setFilterKeyColumn(CatalogModel::Id);
    auto *filter = new QLineEdit(page);
    filter->setPlaceholderText(tr("Filter models"));
    filter->setClearButtonEnabled(true);
    connect(filter, &QLineEdit::textChanged, proxy, &QSortFilterProxyModel::setFilterFixedString);
    auto *add = new QPushButton(tr("Add Model…"), page);
    connect(add, &QPushButton::clicked, this, [this, proxy] {
        const QString id =
            QInputDialog::getText(this, tr("Add Model"), tr("Model id (provider:model):"))
                .trimmed();
        if (!id.contains(u':'))
            return;
        const int row = m_catalog->addModel(id);
        m_catalogView->setCurrentIndex(
            proxy->mapFromSource(m_catalog->index(row, CatalogModel::Input)));
    });

    m_catalogView = new QTableView(page);
    m_catalogView->setObjectName(QStringLiteral("catalogTable"));
    m_catalogView->setModel(proxy);
    m_catalogView->verticalHeader()->hide();
    m_catalogView->setAlternatingRowColors(true);
    m_catalogView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_catalogView->horizontalHeader()->setSectionResizeMode(CatalogModel::Id, QHeaderView::Stretch);
    auto *note = new QLabel(tr("Prices in USD per million tokens. Bold rows are set in your "
                               "settings file; double-click a price to change it."),
                            page);
    note->setWordWrap(true);

    auto *top = new QHBoxLayout;
    top->addWidget(filter, 1);
    top->addWidget(add);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(top);
    layout->addWidget(m_catalogView, 1);
    layout->addWidget(note);
    return page;
}

bool SettingsDialog::save() {
    Status status = m_providers->apply();
    if (status) {
        for (const providers::ModelPrice &price : m_catalog->edited())
            m_file.setPrice(price);
        status = m_file.save();
    }
    if (!status) {
        m_error->setText(tr("Not saved: %1").arg(status.error().toString()));
        m_error->show();
        return false;
    }
    m_error->hide();
    Q_EMIT saved();
    return true;
}

} // namespace trellis::ui
