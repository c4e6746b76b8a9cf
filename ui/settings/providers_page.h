#pragma once

#include "providers/key_store.h"
#include "providers/provider_registry.h"

#include <QHash>
#include <QPointer>
#include <QProcessEnvironment>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace trellis::providers {
class ModelListCall;
}

namespace trellis::ui {

class SettingsFile;

// Settings → Providers: base URL and API key per provider, where the key comes from, and a
// Test button that lists the endpoint's models (or shows the exact error) with the values as
// typed, before anything is saved.
class ProvidersPage : public QWidget {
    Q_OBJECT
public:
    ProvidersPage(SettingsFile *file, providers::KeyStore *keys, QProcessEnvironment env,
                  QWidget *parent = nullptr);
    ~ProvidersPage() override;

    void selectProvider(const QString &id);
    QString currentProvider() const;
    // Writes the typed base URLs into the settings file (not saved yet) and the typed keys
    // into the key store.
    Status apply();
    // Lists the models of the current provider with the typed settings.
    void test();

Q_SIGNALS:
    void testEnded(bool ok);

private:
    void showProvider(const QString &id);
    void storeEdits();
    QString keySourceText(const QString &id) const;

    SettingsFile *m_file;
    providers::KeyStore *m_keys;
    QProcessEnvironment m_env;
    QHash<QString, QString> m_urls; // typed, by provider id
    QHash<QString, QString> m_typedKeys;
    QString m_shown;
    std::unique_ptr<providers::KeyStore> m_testKeys;
    std::unique_ptr<providers::ProviderRegistry> m_testRegistry;
    QPointer<providers::ModelListCall> m_call;

    QListWidget *m_list = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_key = nullptr;
    QLabel *m_keySource = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_status = nullptr;
    QListWidget *m_models = nullptr;
};

} // namespace trellis::ui
