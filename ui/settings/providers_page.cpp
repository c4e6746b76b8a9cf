#include "providers_page.h"

#include "providers/provider.h"
#include "runtime/runtime_settings.h"
#include "settings_file.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {

// Keys typed in the dialog take precedence over the stored ones, so Test checks what the
// user is about to save without writing it anywhere yet.
class OverlayKeyStore final : public providers::KeyStore {
public:
    OverlayKeyStore(providers::KeyStore *base, QHash<QString, QString> typed)
        : m_base(base)
        , m_typed(std::move(typed)) {}
    Result<QString> readKey(const QString &id) override {
        if (m_typed.contains(id))
            return m_typed.value(id);
        return m_base ? m_base->readKey(id) : Result<QString>(QString());
    }
    Status writeKey(const QString &, const QString &) override {
        return Error(QStringLiteral("read-only key store"));
    }
    Status deleteKey(const QString &) override {
        return Error(QStringLiteral("read-only key store"));
    }

private:
    providers::KeyStore *m_base;
    QHash<QString, QString> m_typed;
};

QString defaultUrlHint(const QString &id) {
    if (id == u"openai")
        return QStringLiteral("https://api.openai.com/v1");
    if (id == u"anthropic")
        return QStringLiteral("https://api.anthropic.com");
    if (id == u"gemini")
        return QStringLiteral("https://generativelanguage.googleapis.com");
    if (id == u"ollama")
        return QStringLiteral("http://127.0.0.1:11434 (or $OLLAMA_HOST)");
    return {};
}

} // namespace

ProvidersPage::ProvidersPage(SettingsFile *file, providers::KeyStore *keys, QProcessEnvironment env,
                             QWidget *parent)
    : QWidget(parent)
    , m_file(file)
    , m_keys(keys)
    , m_env(std::move(env)) {
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("providerList"));
    m_list->setMaximumWidth(170);
    QStringList ids = {QStringLiteral("openai"), QStringLiteral("anthropic"),
                       QStringLiteral("gemini"), QStringLiteral("ollama")};
    const auto endpoints = m_file->json().value("endpoints", nlohmann::json::object());
    if (endpoints.is_object())
        for (auto it = endpoints.begin(); it != endpoints.end(); ++it)
            ids << QString::fromStdString(it.key());
    m_list->addItems(ids);

    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("baseUrl"));
    m_url->setClearButtonEnabled(true);
    m_key = new QLineEdit(this);
    m_key->setObjectName(QStringLiteral("apiKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("unchanged"));
    m_keySource = new QLabel(this);
    m_keySource->setObjectName(QStringLiteral("keySource"));
    m_keySource->setWordWrap(true);
    m_test = new QPushButton(tr("Test"), this);
    m_test->setObjectName(QStringLiteral("testButton"));
    m_test->setToolTip(tr("List the models of this endpoint with the settings as typed"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("testStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_models = new QListWidget(this);
    m_models->setObjectName(QStringLiteral("testModels"));

    auto *form = new QFormLayout;
    form->addRow(tr("Base URL:"), m_url);
    form->addRow(tr("API key:"), m_key);
    form->addRow(QString(), m_keySource);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_status, 1);
    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addLayout(testRow);
    right->addWidget(m_models, 1);
    right->addStretch(); // keeps the form at the top while the model list is hidden
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_list);
    layout->addLayout(right, 1);

    connect(m_list, &QListWidget::currentTextChanged, this, &ProvidersPage::showProvider);
    connect(m_test, &QPushButton::clicked, this, &ProvidersPage::test);
    m_list->setCurrentRow(0);
}

ProvidersPage::~ProvidersPage() {
    if (m_call)
        m_call->cancel();
}

void ProvidersPage::selectProvider(const QString &id) {
    const auto items = m_list->findItems(id, Qt::MatchExactly);
    if (!items.isEmpty())
        m_list->setCurrentItem(items.first());
}

QString ProvidersPage::currentProvider() const {
    return m_shown;
}

void ProvidersPage::storeEdits() {
    if (m_shown.isEmpty())
        return;
    m_urls.insert(m_shown, m_url->text().trimmed());
    if (!m_key->text().isEmpty())
        m_typedKeys.insert(m_shown, m_key->text());
}

QString ProvidersPage::keySourceText(const QString &id) const {
    if (m_typedKeys.contains(id))
        return tr("Key typed here: saved to the system keychain when you press Save.");
    QString envName = id == u"openai"      ? QStringLiteral("OPENAI_API_KEY")
                      : id == u"anthropic" ? QStringLiteral("ANTHROPIC_API_KEY")
                      : id == u"gemini"    ? QStringLiteral("GEMINI_API_KEY")
                                           : QString();
    const auto endpoints = m_file->json().value("endpoints", nlohmann::json::object());
    if (endpoints.is_object() && endpoints.contains(id.toStdString()))
        envName = QString::fromStdString(
            endpoints[id.toStdString()].value("api_key_env", envName.toStdString()));
    if (!envName.isEmpty() && !m_env.value(envName).isEmpty())
        return tr("Key from the environment variable %1 (it wins over the keychain).").arg(envName);
    auto stored = m_keys ? m_keys->readKey(id) : Result<QString>(QString());
    if (!stored)
        return tr("The system keychain is not available: %1").arg(stored.error().message);
    if (!stored->isEmpty())
        return tr("Key stored in the system keychain.");
    return envName.isEmpty() ? tr("No key (none needed for local servers).")
                             : tr("No key: type one, or set %1.").arg(envName);
}

void ProvidersPage::showProvider(const QString &id) {
    storeEdits();
    m_shown = id;
    m_url->setText(m_urls.contains(id) ? m_urls.value(id) : m_file->baseUrl(id));
    m_url->setPlaceholderText(defaultUrlHint(id).isEmpty() ? tr("required")
                                                           : tr("default: ") + defaultUrlHint(id));
    m_key->setText(m_typedKeys.value(id));
    m_key->setEnabled(id != u"ollama");
    m_keySource->setText(keySourceText(id));
    m_status->setText(tr("Test checks the connection and lists the models."));
    m_models->clear();
    m_models->hide();
}

Status ProvidersPage::apply() {
    storeEdits();
    for (auto it = m_urls.cbegin(); it != m_urls.cend(); ++it)
        m_file->setBaseUrl(it.key(), it.value());
    for (auto it = m_typedKeys.cbegin(); it != m_typedKeys.cend(); ++it) {
        if (!m_keys)
            return Error(QStringLiteral("no key store to save the key of %1").arg(it.key()));
        if (Status s = m_keys->writeKey(it.key(), it.value()); !s)
            return s;
    }
    m_typedKeys.clear();
    return {};
}

void ProvidersPage::test() {
    storeEdits();
    if (m_call)
        m_call->cancel();
    m_models->clear();
    m_models->hide();
    SettingsFile pending = *m_file;
    pending.setBaseUrl(m_shown, m_urls.value(m_shown));
    const QByteArray bytes = QByteArray::fromStdString(pending.json().dump());
    auto settings = runtime::RuntimeSettings::fromJson(bytes);
    if (!settings) {
        m_status->setText(tr("✗ %1").arg(settings.error().toString()));
        Q_EMIT testEnded(false);
        return;
    }
    m_testKeys = std::make_unique<OverlayKeyStore>(m_keys, m_typedKeys);
    m_testRegistry =
        std::make_unique<providers::ProviderRegistry>(settings->providers, m_env, m_testKeys.get());
    auto resolved = m_testRegistry->resolve(m_shown + QStringLiteral(":test"));
    if (!resolved) {
        m_status->setText(tr("✗ %1").arg(resolved.error().toString()));
        Q_EMIT testEnded(false);
        return;
    }
    m_status->setText(tr("Asking %1 for its models…").arg(m_shown));
    m_test->setEnabled(false);
    m_call = resolved->provider->listModels(10000, this);
    connect(m_call, &providers::ModelListCall::finished, this,
            [this](const QList<providers::ModelInfo> &models) {
                for (const providers::ModelInfo &m : models)
                    m_models->addItem(m.displayName.isEmpty() || m.displayName == m.id
                                          ? m.id
                                          : QStringLiteral("%1 — %2").arg(m.id, m.displayName));
                m_status->setText(models.size() == 1
                                      ? tr("✓ Connected: 1 model.")
                                      : tr("✓ Connected: %1 models.").arg(models.size()));
                m_models->setVisible(!models.isEmpty());
                m_test->setEnabled(true);
                m_call->deleteLater();
                Q_EMIT testEnded(true);
            });
    connect(m_call, &providers::ModelListCall::failed, this,
            [this](const providers::ProviderError &error) {
                m_status->setText(tr("✗ %1").arg(error.toString()));
                m_test->setEnabled(true);
                m_call->deleteLater();
                Q_EMIT testEnded(false);
            });
}

} // namespace trellis::ui
