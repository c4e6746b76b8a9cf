// Labels: create, move (history kept), no-op moves, removal, name rules, integrity.

#include "store/database.h"
#include "store/label_repository.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::store;
using trellis::store::test::count;
using trellis::store::test::sampleSpec;

class TestLabels : public QObject {
    Q_OBJECT

private:
    std::optional<Database> m_db;
    std::optional<PromptRepository> m_repo;
    const QString m_name = QStringLiteral("triage");

private Q_SLOTS:
    void init() {
        auto db = Database::open(QStringLiteral(":memory:"));
        QVERIFY(db);
        m_db.emplace(std::move(*db));
        TRELLIS_VERIFY_OK(migrate(*m_db));
        auto project = ProjectRepository(*m_db).ensureDefault();
        TRELLIS_VERIFY_OK(project);
        m_repo.emplace(*m_db, project->id);
        for (const char *text : {"a", "b", "c"})
            TRELLIS_VERIFY_OK(
                m_repo->commit(sampleSpec(m_name, QString::fromUtf8(text)), QString()));
    }

    void cleanup() {
        m_repo.reset();
        m_db.reset();
    }

    void createMoveAndHistory() {
        const QString prod = QStringLiteral("production");
        auto created = m_repo->setLabel(m_name, prod, QStringLiteral("1"));
        TRELLIS_VERIFY_OK(created);
        QVERIFY(created->changed);
        QCOMPARE(created->fromVersion, 0);
        QCOMPARE(created->toVersion, 1);

        auto moved = m_repo->setLabel(m_name, prod, QStringLiteral("3"));
        TRELLIS_VERIFY_OK(moved);
        QVERIFY(moved->changed);
        QCOMPARE(moved->fromVersion, 1);
        QCOMPARE(moved->toVersion, 3);

        auto same = m_repo->setLabel(m_name, prod, QString()); // head is 3: nothing moves
        TRELLIS_VERIFY_OK(same);
        QVERIFY(!same->changed);
        QCOMPARE(same->fromVersion, 3);

        auto back = m_repo->setLabel(m_name, prod, QStringLiteral("2"));
        TRELLIS_VERIFY_OK(back);

        auto history = m_repo->labelHistory(m_name, prod);
        TRELLIS_VERIFY_OK(history);
        QCOMPARE(history->size(), std::size_t(3));
        QCOMPARE(history->at(0).fromVersion, 3); // newest first
        QCOMPARE(history->at(0).toVersion, 2);
        QCOMPARE(history->at(1).fromVersion, 1);
        QCOMPARE(history->at(1).toVersion, 3);
        QCOMPARE(history->at(2).fromVersion, 0);
        QCOMPARE(history->at(2).toVersion, 1);
        for (const LabelMove &m : *history) {
            QCOMPARE(m.label, prod);
            QVERIFY(m.movedAt.isValid());
        }
        QCOMPARE(m_repo->resolve(m_name, prod)->number, 2);
    }

    void labelsAreListedAndAttachedToLog() {
        TRELLIS_VERIFY_OK(m_repo->setLabel(m_name, QStringLiteral("staging"), QString()));
        TRELLIS_VERIFY_OK(
            m_repo->setLabel(m_name, QStringLiteral("production"), QStringLiteral("1")));
        // A label as the reference: canary goes where production is.
        TRELLIS_VERIFY_OK(
            m_repo->setLabel(m_name, QStringLiteral("canary"), QStringLiteral("production")));
        auto labels = m_repo->labels(m_name);
        TRELLIS_VERIFY_OK(labels);
        QCOMPARE(labels->size(), std::size_t(3));
        QCOMPARE(labels->at(0).name, QStringLiteral("canary"));
        QCOMPARE(labels->at(0).versionNumber, 1);
        QCOMPARE(labels->at(2).name, QStringLiteral("staging"));
        QCOMPARE(labels->at(2).versionNumber, 3);

        auto log = m_repo->log(m_name);
        TRELLIS_VERIFY_OK(log);
        QCOMPARE(log->at(0).labels, QStringList{QStringLiteral("staging")});
        QVERIFY(log->at(1).labels.isEmpty());
        QCOMPARE(log->at(2).labels,
                 (QStringList{QStringLiteral("canary"), QStringLiteral("production")}));
    }

    void removeKeepsHistory() {
        TRELLIS_VERIFY_OK(m_repo->setLabel(m_name, QStringLiteral("staging"), QStringLiteral("2")));
        TRELLIS_VERIFY_OK(m_repo->removeLabel(m_name, QStringLiteral("staging")));
        QVERIFY(!m_repo->resolve(m_name, QStringLiteral("staging")));
        auto history = m_repo->labelHistory(m_name, QStringLiteral("staging"));
        TRELLIS_VERIFY_OK(history);
        QCOMPARE(history->size(), std::size_t(2));
        QCOMPARE(history->at(0).fromVersion, 2);
        QCOMPARE(history->at(0).toVersion, 0);
        Status again = m_repo->removeLabel(m_name, QStringLiteral("staging"));
        QVERIFY(!again);
        QVERIFY(again.error().message.contains(QLatin1String("no label 'staging'")));
    }

    void invalidNames_data() {
        QTest::addColumn<QString>("label");
        QTest::newRow("empty") << QString();
        QTest::newRow("digit first") << QStringLiteral("1abc");
        QTest::newRow("space") << QStringLiteral("my label");
        QTest::newRow("hash-like") << QStringLiteral("deadbeef0");
        QTest::newRow("head") << QStringLiteral("head");
        QTest::newRow("latest") << QStringLiteral("LATEST");
        QTest::newRow("too long") << QString(65, QLatin1Char('a'));
    }

    void invalidNames() {
        QFETCH(QString, label);
        auto result = m_repo->setLabel(m_name, label, QString());
        QVERIFY(!result);
        QVERIFY(result.error().message.contains(QLatin1String("invalid label")));
        QCOMPARE(count(*m_db, QStringLiteral("labels")), qint64(0));
    }

    void validNames() {
        for (const char *name : {"production", "staging", "v2.1-beta_x", "cafe", "Prod"})
            TRELLIS_VERIFY_OK(LabelRepository::validateName(QString::fromUtf8(name)));
    }

    void badRefLeavesLabelAlone() {
        TRELLIS_VERIFY_OK(
            m_repo->setLabel(m_name, QStringLiteral("production"), QStringLiteral("1")));
        QVERIFY(!m_repo->setLabel(m_name, QStringLiteral("production"), QStringLiteral("42")));
        QCOMPARE(m_repo->resolve(m_name, QStringLiteral("production"))->number, 1);
    }

    void labelCannotPointAtAnotherPromptsVersion() {
        TRELLIS_VERIFY_OK(
            m_repo->commit(sampleSpec(QStringLiteral("other"), QStringLiteral("x")), QString()));
        auto other = m_repo->resolve(QStringLiteral("other"));
        TRELLIS_VERIFY_OK(other);
        auto mine = m_repo->findId(m_name);
        TRELLIS_VERIFY_OK(mine);
        auto set = LabelRepository(*m_db).set(**mine, QStringLiteral("production"), other->id);
        QVERIFY(!set);
        QVERIFY(set.error().message.contains(QLatin1String("its own prompt")));
    }
};

QTEST_GUILESS_MAIN(TestLabels)
#include "test_labels.moc"
