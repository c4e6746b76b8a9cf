// Datasets in the store: import as one snapshot with its hash, dedupe identical content,
// replace on change, nothing half-imported, list and read rows.

#include "eval/dataset_repository.h"
#include "eval_test_support.h"
#include "store/statement.h"

#include <QTest>

using namespace trellis;
using namespace trellis::eval;

class TestDatasetRepository : public QObject {
    Q_OBJECT

private:
    std::optional<store::Database> m_db;
    qint64 m_project = 0;

    qint64 rowCount() {
        auto stmt = m_db->prepare(QStringLiteral("SELECT count(*) FROM dataset_rows"));
        if (!stmt || !stmt->step().valueOr(false))
            return -1;
        return stmt->columnInt64(0);
    }

private Q_SLOTS:
    void init() { m_project = test::openStore(&m_db); }
    void cleanup() { m_db.reset(); }

    void importStoresSnapshotWithHash() {
        DatasetRepository repo(*m_db, m_project);
        const QByteArray csv =
            "question,__expected\nWhere is Paris?,contains:France\nWhat is 2+2?,4\n";
        auto outcome = repo.importText(QStringLiteral("geo"), csv, DatasetFormat::Csv);
        TRELLIS_VERIFY_OK(outcome);
        QVERIFY(outcome->created);
        QVERIFY(outcome->changed);
        QCOMPARE(outcome->dataset.rowCount, qint64(2));
        QCOMPARE(outcome->dataset.hash, datasetHash(*parseDataset(csv, DatasetFormat::Csv)));

        auto rows = repo.rows(outcome->dataset.id);
        TRELLIS_VERIFY_OK(rows);
        QCOMPARE(rows->size(), size_t(2));
        QCOMPARE((*rows)[0].position, 0);
        QCOMPARE((*rows)[0].vars.dump(), std::string(R"({"question":"Where is Paris?"})"));
        QCOMPARE((*rows)[0].test.dump(),
                 std::string(R"({"assert":[{"type":"contains","value":"France"}]})"));
        QCOMPARE((*rows)[1].test.at("assert")[0].at("type").get<std::string>(),
                 std::string("equals"));
    }

    void reimportIdenticalIsNoOp() {
        DatasetRepository repo(*m_db, m_project);
        const QByteArray jsonl = "{\"b\":1,\"a\":2}\n{\"b\":3,\"a\":4}\n";
        auto first = repo.importText(QStringLiteral("d"), jsonl, DatasetFormat::Jsonl);
        TRELLIS_VERIFY_OK(first);
        // Same content, other format and key order: same hash, nothing written.
        auto again = repo.importText(QStringLiteral("d"), "- {a: 2, b: 1}\n- {a: 4, b: 3}\n",
                                     DatasetFormat::Yaml);
        TRELLIS_VERIFY_OK(again);
        QVERIFY(!again->created);
        QVERIFY(!again->changed);
        QCOMPARE(again->dataset.hash, first->dataset.hash);
        QCOMPARE(again->dataset.updatedAt, first->dataset.updatedAt);
        QCOMPARE(rowCount(), qint64(2));
        // Column order survives the store.
        auto columns = repo.columns(first->dataset.id);
        TRELLIS_VERIFY_OK(columns);
        QCOMPARE(*columns, (QStringList{QStringLiteral("b"), QStringLiteral("a")}));
    }

    void changedContentReplacesSnapshot() {
        DatasetRepository repo(*m_db, m_project);
        auto first = repo.importText(QStringLiteral("d"), "x\n1\n2\n3\n", DatasetFormat::Csv);
        TRELLIS_VERIFY_OK(first);
        auto second = repo.importText(QStringLiteral("d"), "x\n9\n", DatasetFormat::Csv);
        TRELLIS_VERIFY_OK(second);
        QVERIFY(second->changed);
        QVERIFY(!second->created);
        QCOMPARE(second->dataset.id, first->dataset.id);
        QCOMPARE(second->dataset.rowCount, qint64(1));
        QVERIFY(second->dataset.hash != first->dataset.hash);
        QCOMPARE(rowCount(), qint64(1));
        // Reading with the old snapshot's hash is refused, never a mix.
        auto stale = repo.rows(first->dataset.id, first->dataset.hash);
        QVERIFY(!stale);
        QVERIFY(stale.error().message.contains(u"changed"));
        TRELLIS_VERIFY_OK(repo.rows(first->dataset.id, second->dataset.hash));
    }

    void badRowImportsNothing() {
        DatasetRepository repo(*m_db, m_project);
        auto good = repo.importText(QStringLiteral("d"), "x,y\n1,2\n", DatasetFormat::Csv);
        TRELLIS_VERIFY_OK(good);
        auto bad = repo.importText(QStringLiteral("d"), "x,y\n3,4\n5,6,7\n", DatasetFormat::Csv,
                                   QStringLiteral("rows.csv"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().file, QStringLiteral("rows.csv"));
        QCOMPARE(bad.error().line, 3);
        QCOMPARE(bad.error().toString().left(13), QStringLiteral("rows.csv:3:5:"));
        auto fresh =
            repo.importText(QStringLiteral("other"), "[{\"a\":1}, 2]", DatasetFormat::Json);
        QVERIFY(!fresh);
        // The earlier snapshot is untouched and no new dataset appeared.
        auto list = repo.list();
        TRELLIS_VERIFY_OK(list);
        QCOMPARE(list->size(), size_t(1));
        QCOMPARE(list->front().hash, good->dataset.hash);
        QCOMPARE(rowCount(), qint64(1));
    }

    void listFindPageRemove() {
        DatasetRepository repo(*m_db, m_project);
        TRELLIS_VERIFY_OK(
            repo.importText(QStringLiteral("beta"), "n\n1\n2\n3\n4\n5\n", DatasetFormat::Csv));
        TRELLIS_VERIFY_OK(repo.importText(QStringLiteral("alpha"), "[]", DatasetFormat::Json));
        auto list = repo.list();
        TRELLIS_VERIFY_OK(list);
        QCOMPARE(list->size(), size_t(2));
        QCOMPARE(list->at(0).name, QStringLiteral("alpha"));
        QCOMPARE(list->at(0).rowCount, qint64(0));
        QCOMPARE(list->at(1).rowCount, qint64(5));
        auto beta = repo.find(QStringLiteral("beta"));
        TRELLIS_VERIFY_OK(beta);
        QVERIFY(beta->has_value());
        auto page = repo.rows((*beta)->id, QString(), 2, 2);
        TRELLIS_VERIFY_OK(page);
        QCOMPARE(page->size(), size_t(2));
        QCOMPARE(page->at(0).vars.at("n").get<std::string>(), std::string("3"));
        TRELLIS_VERIFY_OK(repo.remove((*beta)->id));
        QCOMPARE(rowCount(), qint64(0));
        auto gone = repo.find(QStringLiteral("beta"));
        TRELLIS_VERIFY_OK(gone);
        QVERIFY(!gone->has_value());
        QVERIFY(!repo.import(QStringLiteral(" "), ParsedDataset{}));
    }
};

QTEST_GUILESS_MAIN(TestDatasetRepository)
#include "test_dataset_repository.moc"
