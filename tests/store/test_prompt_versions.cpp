// Prompt version history: commits, unchanged content, hashes, parent chain, restore, refs.

#include "prompt/prompt_json.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::store;
using trellis::store::test::sampleSpec;

class TestPromptVersions : public QObject {
    Q_OBJECT

private:
    std::optional<Database> m_db;
    qint64 m_project = 0;
    const QString m_name = QStringLiteral("summarize");

    PromptRepository repo() { return PromptRepository(*m_db, m_project); }

    PromptVersion commitText(const QString &text, bool expectCreated = true) {
        auto result = repo().commit(sampleSpec(m_name, text), QStringLiteral("msg ") + text);
        if (!result)
            qFatal("commit failed: %s", qPrintable(result.error().toString()));
        if (result->created != expectCreated)
            qFatal("commit of '%s': unexpected created flag", qPrintable(text));
        return result->version;
    }

private Q_SLOTS:
    void init() {
        auto db = Database::open(QStringLiteral(":memory:"));
        QVERIFY(db);
        m_db.emplace(std::move(*db));
        TRELLIS_VERIFY_OK(migrate(*m_db));
        auto project = ProjectRepository(*m_db).ensureDefault();
        TRELLIS_VERIFY_OK(project);
        m_project = project->id;
    }

    void cleanup() { m_db.reset(); }

    void firstCommitCreatesVersionOne() {
        const auto spec = sampleSpec(m_name, QStringLiteral("Summarize"));
        auto result = repo().commit(spec, QStringLiteral("initial"));
        TRELLIS_VERIFY_OK(result);
        QVERIFY(result->created);
        const PromptVersion &v = result->version;
        QCOMPARE(v.number, 1);
        QCOMPARE(v.parentNumber, 0);
        QCOMPARE(v.promptName, m_name);
        QCOMPARE(v.message, QStringLiteral("initial"));
        QCOMPARE(v.hash, prompt::contentHash(spec));
        QCOMPARE(v.hash.size(), 64);
        QCOMPARE(v.spec, spec);
        QVERIFY(v.createdAt.isValid());
        QVERIFY(qAbs(v.createdAt.secsTo(QDateTime::currentDateTimeUtc())) < 3600);
    }

    void unchangedContentCreatesNoVersion() {
        const PromptVersion first = commitText(QStringLiteral("a"));
        const PromptVersion again = commitText(QStringLiteral("a"), false);
        QCOMPARE(again.number, first.number);
        QCOMPARE(again.id, first.id);
        QCOMPARE(again.message, first.message);
        auto log = repo().log(m_name);
        TRELLIS_VERIFY_OK(log);
        QCOMPARE(log->size(), std::size_t(1));
    }

    void parentChain() {
        commitText(QStringLiteral("a"));
        commitText(QStringLiteral("b"));
        commitText(QStringLiteral("c"));
        auto log = repo().log(m_name);
        TRELLIS_VERIFY_OK(log);
        QCOMPARE(log->size(), std::size_t(3));
        QCOMPARE(log->at(0).number, 3); // newest first
        QCOMPARE(log->at(0).parentNumber, 2);
        QCOMPARE(log->at(1).parentNumber, 1);
        QCOMPARE(log->at(2).parentNumber, 0);
        QCOMPARE(log->at(0).spec, sampleSpec(m_name, QStringLiteral("c")));
        QCOMPARE(log->at(2).message, QStringLiteral("msg a"));
        auto limited = repo().log(m_name, 2);
        TRELLIS_VERIFY_OK(limited);
        QCOMPARE(limited->size(), std::size_t(2));
    }

    void restoreCreatesEqualNewVersion() {
        const PromptVersion v1 = commitText(QStringLiteral("a"));
        commitText(QStringLiteral("b"));
        auto restored = repo().restore(m_name, QStringLiteral("1"));
        TRELLIS_VERIFY_OK(restored);
        QVERIFY(restored->created);
        const PromptVersion &v3 = restored->version;
        QCOMPARE(v3.number, 3);
        QCOMPARE(v3.parentNumber, 2);
        QCOMPARE(v3.restoredFromNumber, 1);
        QCOMPARE(v3.hash, v1.hash);
        QCOMPARE(v3.spec, v1.spec);
        QCOMPARE(v3.message, QStringLiteral("Restore version 1"));

        // Restoring what the head already holds changes nothing.
        auto again = repo().restore(m_name, QStringLiteral("1"), QStringLiteral("again"));
        TRELLIS_VERIFY_OK(again);
        QVERIFY(!again->created);
        QCOMPARE(again->version.number, 3);

        // And committing the old content again is "unchanged", too.
        QCOMPARE(commitText(QStringLiteral("a"), false).number, 3);
        // A version equal to an older one that is not the head is a new version.
        QCOMPARE(commitText(QStringLiteral("b")).number, 4);
    }

    void resolveRefs() {
        const PromptVersion v1 = commitText(QStringLiteral("a"));
        const PromptVersion v2 = commitText(QStringLiteral("b"));
        commitText(QStringLiteral("c"));
        TRELLIS_VERIFY_OK(
            repo().setLabel(m_name, QStringLiteral("production"), QStringLiteral("2")));

        struct Case {
            QString ref;
            int number;
        };
        const Case cases[] = {
            {QString(), 3},
            {QStringLiteral("head"), 3},
            {QStringLiteral("latest"), 3},
            {QStringLiteral("1"), 1},
            {QStringLiteral(" 2 "), 2},
            {QStringLiteral("production"), 2},
            {v1.hash.left(7), 1},
            {v2.hash.left(12).toUpper(), 2},
            {v1.hash, 1},
        };
        for (const Case &c : cases) {
            auto v = repo().resolve(m_name, c.ref);
            if (!v)
                QFAIL(qPrintable(c.ref + QStringLiteral(": ") + v.error().message));
            QCOMPARE(v->number, c.number);
        }
        auto labelled = repo().resolve(m_name, QStringLiteral("production"));
        QCOMPARE(labelled->labels, QStringList{QStringLiteral("production")});
    }

    void hashPrefixOfRepeatedContentPicksNewest() {
        const PromptVersion v1 = commitText(QStringLiteral("a"));
        commitText(QStringLiteral("b"));
        TRELLIS_VERIFY_OK(repo().restore(m_name, QStringLiteral("1")));
        auto v = repo().resolve(m_name, v1.hash.left(8));
        TRELLIS_VERIFY_OK(v);
        QCOMPARE(v->number, 3);
    }

    void badRefs_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("ref");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown prompt")
            << QStringLiteral("nope") << QString() << QStringLiteral("no prompt named 'nope'");
        QTest::newRow("number too high")
            << m_name << QStringLiteral("9")
            << QStringLiteral("has no version 9 (versions are 1 to 2)");
        QTest::newRow("number zero")
            << m_name << QStringLiteral("0") << QStringLiteral("has no version 0");
        QTest::newRow("short hash")
            << m_name << QStringLiteral("abc") << QStringLiteral("at least 7 hex digits");
        QTest::newRow("unknown hash") << m_name << QStringLiteral("0000000")
                                      << QStringLiteral("no version of prompt 'summarize' has a "
                                                        "hash starting with '0000000'");
        QTest::newRow("unknown label") << m_name << QStringLiteral("staging")
                                       << QStringLiteral("'staging' is not a version number, "
                                                         "label or hash prefix");
        QTest::newRow("garbage") << m_name << QStringLiteral("v1; DROP TABLE x")
                                 << QStringLiteral("is not a version number");
    }

    void badRefs() {
        QFETCH(QString, name);
        QFETCH(QString, ref);
        QFETCH(QString, expected);
        commitText(QStringLiteral("a"));
        commitText(QStringLiteral("b"));
        auto v = repo().resolve(name, ref);
        QVERIFY(!v);
        QVERIFY2(v.error().message.contains(expected), qPrintable(v.error().message));
    }

    void invalidNamesAreRefused_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("spaces") << QStringLiteral("  ");
        QTest::newRow("at") << QStringLiteral("a@b");
        QTest::newRow("padded") << QStringLiteral(" a");
        QTest::newRow("newline") << QStringLiteral("a\nb");
    }

    void invalidNamesAreRefused() {
        QFETCH(QString, name);
        auto result = repo().commit(sampleSpec(name, QStringLiteral("x")), QString());
        QVERIFY(!result);
        QCOMPARE(result.error().field, QStringLiteral("name"));
    }

    void listShowsHeads() {
        commitText(QStringLiteral("a"));
        commitText(QStringLiteral("b"));
        auto other =
            repo().commit(sampleSpec(QStringLiteral("extract"), QStringLiteral("x")), QString());
        TRELLIS_VERIFY_OK(other);
        TRELLIS_VERIFY_OK(repo().setLabel(m_name, QStringLiteral("staging"), QString()));
        TRELLIS_VERIFY_OK(
            repo().setLabel(m_name, QStringLiteral("production"), QStringLiteral("1")));
        auto list = repo().list();
        TRELLIS_VERIFY_OK(list);
        QCOMPARE(list->size(), std::size_t(2));
        QCOMPARE(list->at(0).name, QStringLiteral("extract"));
        QCOMPARE(list->at(0).headNumber, 1);
        QCOMPARE(list->at(1).name, m_name);
        QCOMPARE(list->at(1).headNumber, 2);
        QCOMPARE(list->at(1).versionCount, 2);
        QCOMPARE(list->at(1).headHash,
                 prompt::contentHash(sampleSpec(m_name, QStringLiteral("b"))));
        QCOMPARE(list->at(1).description, sampleSpec(m_name, QStringLiteral("b")).description);
        QCOMPARE(list->at(1).labels,
                 (QStringList{QStringLiteral("production"), QStringLiteral("staging")}));
        QVERIFY(list->at(0).labels.isEmpty());
    }

    void promptsArePerProject() {
        commitText(QStringLiteral("a"));
        auto other = ProjectRepository(*m_db).create(QStringLiteral("other"));
        TRELLIS_VERIFY_OK(other);
        PromptRepository second(*m_db, other->id);
        auto result = second.commit(sampleSpec(m_name, QStringLiteral("a")), QString());
        TRELLIS_VERIFY_OK(result);
        QVERIFY(result->created); // same name and content, other project: its own history
        QCOMPARE(result->version.number, 1);
        auto list = second.list();
        TRELLIS_VERIFY_OK(list);
        QCOMPARE(list->size(), std::size_t(1));
    }

    void versionsAreImmutable() {
        commitText(QStringLiteral("a"));
        Status st = m_db->exec(QStringLiteral("UPDATE prompt_versions SET message = 'edited'"));
        QVERIFY(!st);
        QVERIFY(st.error().message.contains(QLatin1String("immutable")));
        QCOMPARE(repo().resolve(m_name)->message, QStringLiteral("msg a"));
    }

    void splitReference() {
        using P = std::pair<QString, QString>;
        QCOMPARE(PromptRepository::splitReference(QStringLiteral("triage@production")),
                 P(QStringLiteral("triage"), QStringLiteral("production")));
        QCOMPARE(PromptRepository::splitReference(QStringLiteral("triage")),
                 P(QStringLiteral("triage"), QString()));
        QCOMPARE(PromptRepository::splitReference(QStringLiteral("triage@3")),
                 P(QStringLiteral("triage"), QStringLiteral("3")));
    }
};

QTEST_GUILESS_MAIN(TestPromptVersions)
#include "test_prompt_versions.moc"
