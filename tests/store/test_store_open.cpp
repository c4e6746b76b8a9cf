// Opening the store: default location, TRELLIS_DB, directory creation, migration on open,
// and the default project.

#include "store/database.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/store_paths.h"
#include "store_test_support.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace trellis;
using namespace trellis::store;

class TestStoreOpen : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void cleanup() { qunsetenv("TRELLIS_DB"); }

    void defaultPathUnderXdgDataHome() {
        qunsetenv("TRELLIS_DB");
        const QString home = m_dir.filePath(QStringLiteral("xdg"));
        qputenv("XDG_DATA_HOME", home.toUtf8());
        auto path = defaultDatabasePath();
        TRELLIS_VERIFY_OK(path);
        QCOMPARE(*path, home + QStringLiteral("/trellis/trellis.db"));
        QVERIFY(QFileInfo(home + QStringLiteral("/trellis")).isDir()); // created
    }

    void environmentOverrides() {
        const QString file = m_dir.filePath(QStringLiteral("env/custom.db"));
        qputenv("TRELLIS_DB", file.toUtf8());
        auto path = defaultDatabasePath();
        TRELLIS_VERIFY_OK(path);
        QCOMPARE(*path, file);

        auto db = openStore(); // default = $TRELLIS_DB; the directory is created
        TRELLIS_VERIFY_OK(db);
        QCOMPARE(db->path(), file);
        QVERIFY(QFileInfo::exists(file));
        QCOMPARE(*schemaVersion(*db), latestSchemaVersion());
    }

    void explicitPathWins() {
        qputenv("TRELLIS_DB", m_dir.filePath(QStringLiteral("ignored.db")).toUtf8());
        const QString file = m_dir.filePath(QStringLiteral("explicit/a.db"));
        auto db = openStore(file);
        TRELLIS_VERIFY_OK(db);
        QCOMPARE(db->path(), file);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("ignored.db"))));
    }

    void notADatabaseIsAnError() {
        const QString file = m_dir.filePath(QStringLiteral("garbage.db"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        auto db = openStore(file);
        QVERIFY(!db);
        QVERIFY2(db.error().message.contains(QLatin1String("not a database")),
                 qPrintable(db.error().toString()));
        QCOMPARE(db.error().file, file);
    }

    void defaultProject() {
        auto db = openStore(m_dir.filePath(QStringLiteral("projects.db")));
        TRELLIS_VERIFY_OK(db);
        ProjectRepository projects(*db);
        auto first = projects.ensureDefault();
        TRELLIS_VERIFY_OK(first);
        QCOMPARE(first->name, ProjectRepository::defaultProjectName());
        auto second = projects.ensureDefault();
        TRELLIS_VERIFY_OK(second);
        QCOMPARE(second->id, first->id);

        auto created = projects.create(QStringLiteral("research"), QStringLiteral("notes"));
        TRELLIS_VERIFY_OK(created);
        auto duplicate = projects.create(QStringLiteral("research"));
        QVERIFY(!duplicate);
        QVERIFY(duplicate.error().message.contains(QLatin1String("already exists")));
        QVERIFY(!projects.create(QStringLiteral("  ")));

        auto found = projects.find(QStringLiteral("research"));
        TRELLIS_VERIFY_OK(found);
        QCOMPARE((*found)->description, QStringLiteral("notes"));
        QCOMPARE((*projects.findById(created->id))->name, QStringLiteral("research"));
        QVERIFY(!projects.find(QStringLiteral("missing"))->has_value());
        auto list = projects.list();
        TRELLIS_VERIFY_OK(list);
        QCOMPARE(list->size(), std::size_t(2));
        QCOMPARE(list->at(0).name, QStringLiteral("default"));
    }
};

QTEST_GUILESS_MAIN(TestStoreOpen)
#include "test_store_open.moc"
