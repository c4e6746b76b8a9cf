// Settings: Test lists the fake server's models or shows the exact error; Save writes base
// URLs and price overrides to the settings file and keys to the key store, never the file.
#include "fake_llm_server.h"
#include "providers/key_store.h"
#include "runtime/runtime_settings.h"
#include "settings/catalog_model.h"
#include "settings/providers_page.h"
#include "settings/settings_dialog.h"
#include "settings/settings_file.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace trellis;

class TestSettingsDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    testing::FakeLlmServer m_server;

    QString settingsWith(const QString &name, const QString &baseUrl) {
        const QString path = m_dir.filePath(name);
        testing::writeFile(path, testing::fakeEndpointSettings(baseUrl));
        return path;
    }
    static QByteArray read(const QString &path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        testing::isolateUserState(m_dir);
        QVERIFY(m_server.listen());
        m_server.setModels({QStringLiteral("alpha-1"), QStringLiteral("beta-2")});
    }

    void testListsTheModelsOfTheServer() {
        auto file = ui::SettingsFile::load(
            settingsWith(QStringLiteral("ok.json"), m_server.openAiBaseUrl().toString()));
        QVERIFY(file);
        providers::MemoryKeyStore keys;
        ui::SettingsDialog dialog(*file, &keys, QProcessEnvironment());
        dialog.show();
        ui::ProvidersPage *page = dialog.providersPage();
        page->selectProvider(QStringLiteral("fake"));
        QCOMPARE(page->currentProvider(), QStringLiteral("fake"));
        QCOMPARE(dialog.findChild<QLineEdit *>(QStringLiteral("baseUrl"))->text(),
                 m_server.openAiBaseUrl().toString());
        QSignalSpy ended(page, &ui::ProvidersPage::testEnded);
        QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("testButton")),
                          Qt::LeftButton);
        QVERIFY(ended.count() == 1 || ended.wait(10000));
        QCOMPARE(ended.at(0).at(0).toBool(), true);
        auto *models = dialog.findChild<QListWidget *>(QStringLiteral("testModels"));
        QCOMPARE(models->count(), 2);
        QCOMPARE(models->item(0)->text(), QStringLiteral("alpha-1"));
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("testStatus"))
                    ->text()
                    .contains(QStringLiteral("2 model")));
    }

    void testShowsTheErrorOfADeadPortAsTyped() {
        auto file = ui::SettingsFile::load(
            settingsWith(QStringLiteral("typed.json"), m_server.openAiBaseUrl().toString()));
        QVERIFY(file);
        ui::SettingsDialog dialog(*file, nullptr, QProcessEnvironment());
        dialog.show();
        ui::ProvidersPage *page = dialog.providersPage();
        page->selectProvider(QStringLiteral("fake"));
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 deadPort = probe.serverPort();
        probe.close();
        // The typed (unsaved) URL is what Test checks.
        auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("baseUrl"));
        url->setText(QStringLiteral("http://127.0.0.1:%1/v1").arg(deadPort));
        QSignalSpy ended(page, &ui::ProvidersPage::testEnded);
        page->test();
        QVERIFY(ended.count() == 1 || ended.wait(20000));
        QCOMPARE(ended.at(0).at(0).toBool(), false);
        const QString status = dialog.findChild<QLabel *>(QStringLiteral("testStatus"))->text();
        QVERIFY2(status.startsWith(QStringLiteral("✗")), qPrintable(status));
        QVERIFY2(status.contains(QStringLiteral("network"), Qt::CaseInsensitive)
                     || status.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
                 qPrintable(status));
        QCOMPARE(dialog.findChild<QListWidget *>(QStringLiteral("testModels"))->count(), 0);
    }

    void saveWritesUrlsAndPricesToTheFileAndKeysToTheKeyStore() {
        const QString path = m_dir.filePath(QStringLiteral("save.json"));
        auto file = ui::SettingsFile::load(path); // missing: starts empty
        QVERIFY(file);
        providers::MemoryKeyStore keys;
        ui::SettingsDialog dialog(*file, &keys, QProcessEnvironment());
        ui::ProvidersPage *page = dialog.providersPage();
        page->selectProvider(QStringLiteral("openai"));
        dialog.findChild<QLineEdit *>(QStringLiteral("baseUrl"))
            ->setText(QStringLiteral("http://127.0.0.1:9/v1"));
        dialog.findChild<QLineEdit *>(QStringLiteral("apiKey"))
            ->setText(QStringLiteral("sk-test-secret-123"));
        page->selectProvider(QStringLiteral("anthropic")); // edits survive switching

        ui::CatalogModel *catalog = dialog.catalogModel();
        QAbstractItemModelTester tester(catalog,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(catalog->rowCount() > 3);
        const QModelIndex price = catalog->index(0, ui::CatalogModel::Output);
        const QString id = catalog->priceAt(0).id;
        QVERIFY(catalog->setData(price, 12.5));
        QVERIFY(!catalog->setData(price, -1)); // refused: prices are not negative
        QVERIFY(!catalog->setData(catalog->index(0, ui::CatalogModel::Id), 1));

        QSignalSpy saved(&dialog, &ui::SettingsDialog::saved);
        QVERIFY(dialog.save());
        QCOMPARE(saved.count(), 1);
        const QByteArray written = read(path);
        QVERIFY(!written.contains("sk-test-secret-123")); // never in the file
        QCOMPARE(keys.readKey(QStringLiteral("openai")).value(),
                 QStringLiteral("sk-test-secret-123"));
        auto settings = runtime::RuntimeSettings::load(path);
        QVERIFY2(settings, qPrintable(settings ? QString() : settings.error().toString()));
        auto reread = ui::SettingsFile::load(path);
        QCOMPARE(reread->baseUrl(QStringLiteral("openai")),
                 QStringLiteral("http://127.0.0.1:9/v1"));
        auto overridden = providers::ModelCatalog::builtIn();
        QVERIFY(overridden->applyOverrides(written));
        QCOMPARE(overridden->find(id)->outputPerMTok, 12.5);
    }

    void invalidEditsAreRefusedWithTheReason() {
        const QString path = m_dir.filePath(QStringLiteral("bad.json"));
        auto file = ui::SettingsFile::load(path);
        QVERIFY(file);
        ui::SettingsDialog dialog(*file, nullptr, QProcessEnvironment());
        dialog.providersPage()->selectProvider(QStringLiteral("openai"));
        dialog.findChild<QLineEdit *>(QStringLiteral("baseUrl"))->setText(QStringLiteral("::"));
        QVERIFY(!dialog.save());
        QVERIFY(dialog.findChild<QLabel *>(QStringLiteral("settingsError"))
                    ->text()
                    .contains(QStringLiteral("base_url")));
        QVERIFY(!QFile::exists(path));
    }

    void aBrokenSettingsFileIsAnErrorNamingIt() {
        const QString path = m_dir.filePath(QStringLiteral("broken.json"));
        testing::writeFile(path, "[1, 2");
        auto file = ui::SettingsFile::load(path);
        QVERIFY(!file);
        QVERIFY(file.error().toString().contains(path));
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "test_settings_dialog.moc"
