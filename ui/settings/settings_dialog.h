#pragma once

#include "settings_file.h"

#include <QDialog>
#include <QProcessEnvironment>

class QLabel;
class QTableView;
class QTabWidget;

namespace trellis::providers {
class KeyStore;
}

namespace trellis::ui {

class CatalogModel;
class ProvidersPage;

// Settings: providers (base URLs, keys in the OS keychain, Test) and the model catalog with
// editable prices. Save writes the settings file the runtime reads and emits saved(); the
// window then rebuilds its runtime.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(SettingsFile file, providers::KeyStore *keys, QProcessEnvironment env,
                   QWidget *parent = nullptr);

    ProvidersPage *providersPage() const { return m_providers; }
    CatalogModel *catalogModel() const { return m_catalog; }
    // Applies and writes everything; false with the error shown in the dialog.
    bool save();

Q_SIGNALS:
    void saved();

private:
    QWidget *buildCatalogPage();

    SettingsFile m_file;
    QTabWidget *m_tabs = nullptr;
    ProvidersPage *m_providers = nullptr;
    CatalogModel *m_catalog = nullptr;
    QTableView *m_catalogView = nullptr;
    QLabel *m_error = nullptr;
};

} // namespace trellis::ui
