// The response cache table: store, lookup with hit counting, expiry, replacement.

#include "store/database.h"
#include "store/migrations.h"
#include "store/response_cache_repository.h"
#include "store_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::store;

class TestResponseCache : public QObject {
    Q_OBJECT

private:
    std::optional<Database> m_db;
    const QDateTime m_t0 = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);

    CacheEntry entry(const char *key, const char *text, qint64 ttlMs) {
        CacheEntry e;
        e.keyHash = QString::fromUtf8(key);
        e.request = {{"model", "m"}, {"prompt", key}};
        e.response = {{"text", text}};
        e.createdAt = m_t0;
        if (ttlMs > 0)
            e.expiresAt = m_t0.addMSecs(ttlMs);
        return e;
    }

private Q_SLOTS:
    void init() {
        auto db = Database::open(QStringLiteral(":memory:"));
        QVERIFY(db);
        m_db.emplace(std::move(*db));
        TRELLIS_VERIFY_OK(migrate(*m_db));
    }

    void cleanup() { m_db.reset(); }

    void storeAndLookupCountsHits() {
        ResponseCacheRepository cache(*m_db);
        TRELLIS_VERIFY_OK(cache.store(entry("k1", "hello", 0)));
        for (int hit = 1; hit <= 3; ++hit) {
            auto found = cache.lookup(QStringLiteral("k1"), m_t0.addSecs(hit));
            TRELLIS_VERIFY_OK(found);
            QVERIFY(found->has_value());
            QCOMPARE((*found)->hitCount, qint64(hit));
            QVERIFY((*found)->response == nlohmann::json({{"text", "hello"}}));
            QVERIFY((*found)->request["prompt"] == "k1");
            QCOMPARE((*found)->createdAt, m_t0);
            QVERIFY(!(*found)->expiresAt.isValid());
        }
        QVERIFY(!m_db->inTransaction());
        auto missing = cache.lookup(QStringLiteral("nope"), m_t0);
        TRELLIS_VERIFY_OK(missing);
        QVERIFY(!missing->has_value());
    }

    void expiredEntriesAreMissesAndPurged() {
        ResponseCacheRepository cache(*m_db);
        TRELLIS_VERIFY_OK(cache.store(entry("short", "a", 1000)));
        TRELLIS_VERIFY_OK(cache.store(entry("long", "b", 100000)));
        TRELLIS_VERIFY_OK(cache.store(entry("forever", "c", 0)));
        QVERIFY(cache.lookup(QStringLiteral("short"), m_t0.addMSecs(999))->has_value());
        QVERIFY(!cache.lookup(QStringLiteral("short"), m_t0.addMSecs(1000))->has_value());
        auto purged = cache.purgeExpired(m_t0.addSecs(10));
        TRELLIS_VERIFY_OK(purged);
        QCOMPARE(*purged, 1);
        QCOMPARE(test::count(*m_db, QStringLiteral("response_cache")), qint64(2));
        auto cleared = cache.clear();
        TRELLIS_VERIFY_OK(cleared);
        QCOMPARE(*cleared, 2);
    }

    void replacingResetsHits() {
        ResponseCacheRepository cache(*m_db);
        TRELLIS_VERIFY_OK(cache.store(entry("k", "old", 0)));
        QVERIFY(cache.lookup(QStringLiteral("k"), m_t0)->has_value());
        TRELLIS_VERIFY_OK(cache.store(entry("k", "new", 0)));
        auto found = cache.lookup(QStringLiteral("k"), m_t0);
        TRELLIS_VERIFY_OK(found);
        QCOMPARE((*found)->hitCount, qint64(1));
        QVERIFY((*found)->response["text"] == "new");
        QVERIFY(!cache.store(CacheEntry{}));
    }

    // find() only reads (it must not end the pipeline's open group commit); countHit()
    // records the hit separately.
    void findReadsAndCountHitCounts() {
        ResponseCacheRepository cache(*m_db);
        TRELLIS_VERIFY_OK(cache.store(entry("k", "v", 1000)));
        int commits = 0;
        m_db->setDeferredCommit([&] { ++commits; });
        auto found = cache.find(QStringLiteral("k"), m_t0);
        TRELLIS_VERIFY_OK(found);
        QVERIFY(found->has_value());
        QCOMPARE((*found)->hitCount, qint64(0));
        QVERIFY((*found)->response["text"] == "v");
        QVERIFY(!cache.find(QStringLiteral("k"), m_t0.addMSecs(1000))->has_value()); // expired
        QVERIFY(!cache.find(QStringLiteral("nope"), m_t0)->has_value());
        QCOMPARE(commits, 0);
        TRELLIS_VERIFY_OK(cache.countHit(QStringLiteral("k"), m_t0.addSecs(1)));
        QCOMPARE(commits, 1); // a write
        QCOMPARE((*cache.find(QStringLiteral("k"), m_t0))->hitCount, qint64(1));
    }
};

QTEST_GUILESS_MAIN(TestResponseCache)
#include "test_response_cache.moc"
