// Runs: every field round-trips; batches; recent runs by prompt and version; stats.

#include "store/database.h"
#include "store/migrations.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store/run_repository.h"
#include "store_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::store;
using trellis::store::test::count;
using trellis::store::test::sampleSpec;

class TestRuns : public QObject {
    Q_OBJECT

private:
    std::optional<Database> m_db;
    PromptVersion m_a1, m_a2, m_b1;

    RunRecord runOf(const PromptVersion &v, qint64 startMs, double latency, double cost) {
        RunRecord r;
        r.promptVersionId = v.id;
        r.model = QStringLiteral("gpt-4o-mini");
        r.latencyMs = latency;
        r.costUsd = cost;
        r.startedAt = QDateTime::fromMSecsSinceEpoch(startMs, Qt::UTC);
        return r;
    }

private Q_SLOTS:
    void init() {
        auto db = Database::open(QStringLiteral(":memory:"));
        QVERIFY(db);
        m_db.emplace(std::move(*db));
        TRELLIS_VERIFY_OK(migrate(*m_db));
        auto project = ProjectRepository(*m_db).ensureDefault();
        TRELLIS_VERIFY_OK(project);
        PromptRepository prompts(*m_db, project->id);
        auto commit = [&](const char *name, const char *text) {
            auto c = prompts.commit(sampleSpec(QString::fromUtf8(name), QString::fromUtf8(text)),
                                    QString());
            if (!c)
                qFatal("commit failed");
            return c->version;
        };
        m_a1 = commit("a", "one");
        m_a2 = commit("a", "two");
        m_b1 = commit("b", "one");
    }

    void cleanup() { m_db.reset(); }

    void everyFieldRoundTrips() {
        RunRecord r;
        r.promptVersionId = m_a2.id;
        r.variant = QStringLiteral("B");
        r.provider = QStringLiteral("openai");
        r.model = QStringLiteral("gpt-4o");
        r.params = {{"temperature", 0.7}, {"stop", {"\n\n"}}};
        r.variables = {{"topic", "caf\u00e9"}};
        r.request = {{"model", "gpt-4o"}, {"messages", nlohmann::json::array()}};
        r.responseText = QStringLiteral("{\"label\": \"billing\"}");
        r.finishReason = QStringLiteral("stop");
        r.inputTokens = 120;
        r.outputTokens = 33;
        r.cachedTokens = 64;
        r.costUsd = 0.00123;
        r.ttftMs = 210.5;
        r.latencyMs = 980.25;
        r.attempts = 3;
        r.error = QStringLiteral("429 then ok");
        r.cacheHit = true;
        r.route = QStringLiteral("long-input -> gpt-4o");
        r.status = QStringLiteral("ok");
        r.startedAt = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        r.finishedAt = QDateTime::fromMSecsSinceEpoch(1700000000980, Qt::UTC);
        r.workflowNodeId = QStringLiteral("node-7");

        RunRepository runs(*m_db);
        auto id = runs.insert(r);
        TRELLIS_VERIFY_OK(id);
        auto found = runs.find(*id);
        TRELLIS_VERIFY_OK(found);
        QVERIFY(found->has_value());
        const RunRecord &f = **found;
        QCOMPARE(f.id, *id);
        QCOMPARE(f.promptId, m_a2.promptId); // derived from the version
        QCOMPARE(f.promptVersionId, m_a2.id);
        QCOMPARE(f.variant, r.variant);
        QCOMPARE(f.provider, r.provider);
        QCOMPARE(f.model, r.model);
        QVERIFY(f.params == r.params);
        QVERIFY(f.variables == r.variables);
        QVERIFY(f.request == r.request);
        QCOMPARE(f.responseText, r.responseText);
        QCOMPARE(f.finishReason, r.finishReason);
        QCOMPARE(f.inputTokens, r.inputTokens);
        QCOMPARE(f.outputTokens, r.outputTokens);
        QCOMPARE(f.cachedTokens, r.cachedTokens);
        QCOMPARE(f.costUsd, r.costUsd);
        QCOMPARE(f.ttftMs, r.ttftMs);
        QCOMPARE(f.latencyMs, r.latencyMs);
        QCOMPARE(f.attempts, r.attempts);
        QCOMPARE(f.error, r.error);
        QCOMPARE(f.cacheHit, r.cacheHit);
        QCOMPARE(f.route, r.route);
        QCOMPARE(f.status, r.status);
        QCOMPARE(f.startedAt, r.startedAt);
        QCOMPARE(f.finishedAt, r.finishedAt);
        QCOMPARE(f.experimentCellId, qint64(0));
        QCOMPARE(f.workflowRunId, qint64(0));
        QCOMPARE(f.workflowNodeId, r.workflowNodeId);

        QVERIFY(!runs.find(*id + 1000)->has_value());
    }

    void unknownValuesStayUnknown() {
        RunRecord r; // no version, no cost, no ttft, no latency
        RunRepository runs(*m_db);
        auto id = runs.insert(r);
        TRELLIS_VERIFY_OK(id);
        auto f = runs.find(*id);
        TRELLIS_VERIFY_OK(f);
        QCOMPARE((*f)->promptId, qint64(0));
        QVERIFY(!(*f)->costUsd.has_value());
        QVERIFY(!(*f)->ttftMs.has_value());
        QVERIFY(!(*f)->latencyMs.has_value());
        QVERIFY((*f)->startedAt.isValid()); // defaults to now
    }

    void batchAndRecent() {
        std::vector<RunRecord> batch;
        for (int i = 0; i < 30; ++i)
            batch.push_back(runOf(i % 3 == 2 ? m_b1 : (i % 2 ? m_a2 : m_a1), 1000 + i, 10, 0.1));
        RunRepository runs(*m_db);
        auto ids = runs.insertBatch(batch);
        TRELLIS_VERIFY_OK(ids);
        QCOMPARE(ids->size(), batch.size());
        QCOMPARE(count(*m_db, QStringLiteral("runs")), qint64(30));
        for (std::size_t i = 1; i < ids->size(); ++i)
            QVERIFY(ids->at(i) > ids->at(i - 1));

        RunFilter all;
        all.limit = 5;
        auto recent = runs.recent(all);
        TRELLIS_VERIFY_OK(recent);
        QCOMPARE(recent->size(), std::size_t(5));
        QCOMPARE(recent->at(0).startedAt.toMSecsSinceEpoch(), qint64(1029)); // newest first
        QCOMPARE(recent->at(4).startedAt.toMSecsSinceEpoch(), qint64(1025));

        RunFilter ofA;
        ofA.promptId = m_a1.promptId;
        ofA.limit = 0; // all
        auto runsOfA = runs.recent(ofA);
        TRELLIS_VERIFY_OK(runsOfA);
        QCOMPARE(runsOfA->size(), std::size_t(20));
        for (const RunRecord &r : *runsOfA)
            QCOMPARE(r.promptId, m_a1.promptId);
        for (std::size_t i = 1; i < runsOfA->size(); ++i)
            QVERIFY(runsOfA->at(i - 1).startedAt >= runsOfA->at(i).startedAt);

        auto ofVersion = runs.runsOfVersion(m_b1.id, 3);
        TRELLIS_VERIFY_OK(ofVersion);
        QCOMPARE(ofVersion->size(), std::size_t(3));
        QCOMPARE(ofVersion->at(0).startedAt.toMSecsSinceEpoch(), qint64(1029));
        QCOMPARE(ofVersion->at(0).promptVersionId, m_b1.id);
    }

    void summariesLeaveThePayloadOut() {
        RunRecord full = runOf(m_a1, 3000, 12, 0.5);
        full.params = {{"temperature", 0.2}};
        full.variables = {{"ticket", "printer on fire"}};
        full.request = {{"messages", nlohmann::json::array({{{"role", "user"}}})}};
        full.responseText = QStringLiteral("It is on fire.");
        full.error = QStringLiteral("late");
        full.inputTokens = 7;
        RunRepository runs(*m_db);
        TRELLIS_VERIFY_OK(runs.insertBatch({full, runOf(m_b1, 2999, 5, 0.1)}));
        RunFilter filter;
        filter.limit = 0;
        auto whole = runs.recent(filter);
        auto summaries = runs.recentSummaries(filter);
        TRELLIS_VERIFY_OK(whole);
        TRELLIS_VERIFY_OK(summaries);
        QCOMPARE(summaries->size(), whole->size());
        const RunRecord &s = summaries->front();
        const RunRecord &w = whole->front();
        QCOMPARE(s.id, w.id); // same rows, same order, same figures
        QCOMPARE(s.inputTokens, qint64(7));
        QCOMPARE(s.latencyMs, w.latencyMs);
        QCOMPARE(s.costUsd, w.costUsd);
        QCOMPARE(s.error, QStringLiteral("late"));
        QCOMPARE(s.startedAt, w.startedAt);
        QCOMPARE(w.responseText, QStringLiteral("It is on fire."));
        QVERIFY(s.params.is_null() && s.variables.is_null() && s.request.is_null());
        QVERIFY(s.responseText.isEmpty());
        filter.before = RunCursor{s.startedAt, s.id}; // pages like recent()
        auto next = runs.recentSummaries(filter);
        TRELLIS_VERIFY_OK(next);
        QCOMPARE(next->size(), std::size_t(1));
        QCOMPARE(next->front().id, whole->back().id);
    }

    void pagesFollowTheCursor() {
        // Pairs of runs share a start time: the id breaks the tie, so no run is skipped or
        // repeated across pages.
        std::vector<RunRecord> batch;
        for (int i = 0; i < 25; ++i)
            batch.push_back(runOf(i % 2 ? m_a1 : m_b1, 2000 + i / 2, 10, 0.1));
        RunRepository runs(*m_db);
        TRELLIS_VERIFY_OK(runs.insertBatch(batch));
        RunFilter page;
        page.limit = 4;
        QList<qint64> seen;
        for (int pages = 0; pages < 20; ++pages) {
            auto rows = runs.recent(page);
            TRELLIS_VERIFY_OK(rows);
            for (const RunRecord &r : *rows)
                seen << r.id;
            if (rows->size() < std::size_t(page.limit))
                break;
            page.before = RunCursor{rows->back().startedAt, rows->back().id};
        }
        auto all = runs.recent(RunFilter{0, 0, 0, std::nullopt});
        TRELLIS_VERIFY_OK(all);
        QList<qint64> expected;
        for (const RunRecord &r : *all)
            expected << r.id;
        QCOMPARE(expected.size(), 25);
        QCOMPARE(seen, expected);

        // The cursor combines with a prompt filter.
        RunFilter ofA;
        ofA.promptId = m_a1.promptId;
        ofA.limit = 0;
        ofA.before = RunCursor{QDateTime::fromMSecsSinceEpoch(2006, Qt::UTC), 0};
        auto older = runs.recent(ofA);
        TRELLIS_VERIFY_OK(older);
        QCOMPARE(older->size(), std::size_t(6)); // 2000..2005, one run of a each
        for (const RunRecord &r : *older) {
            QCOMPARE(r.promptId, m_a1.promptId);
            QVERIFY(r.startedAt.toMSecsSinceEpoch() < 2006);
        }
    }

    void statsPerVersion() {
        RunRepository runs(*m_db);
        std::vector<RunRecord> batch = {runOf(m_a1, 1, 100, 0.5), runOf(m_a1, 2, 300, 0.25),
                                        runOf(m_a2, 3, 50, 1.0), runOf(m_b1, 4, 1, 9)};
        batch[1].status = QStringLiteral("error");
        batch[1].cacheHit = true;
        batch[1].inputTokens = 7;
        batch[0].inputTokens = 5;
        batch[0].outputTokens = 11;
        batch[2].costUsd.reset(); // unknown cost does not count
        TRELLIS_VERIFY_OK(runs.insertBatch(batch));

        auto stats = runs.statsByVersion(m_a1.promptId);
        TRELLIS_VERIFY_OK(stats);
        QCOMPARE(stats->size(), std::size_t(2));
        const VersionStats &s1 = stats->at(0);
        QCOMPARE(s1.versionNumber, 1);
        QCOMPARE(s1.versionId, m_a1.id);
        QCOMPARE(s1.runCount, qint64(2));
        QCOMPARE(s1.errorCount, qint64(1));
        QCOMPARE(s1.cacheHits, qint64(1));
        QCOMPARE(s1.meanLatencyMs.value_or(-1), 200.0);
        QCOMPARE(s1.totalCostUsd, 0.75);
        QCOMPARE(s1.inputTokens, qint64(12));
        QCOMPARE(s1.outputTokens, qint64(11));
        const VersionStats &s2 = stats->at(1);
        QCOMPARE(s2.versionNumber, 2);
        QCOMPARE(s2.runCount, qint64(1));
        QCOMPARE(s2.totalCostUsd, 0.0);
        QCOMPARE(s2.meanLatencyMs.value_or(-1), 50.0);
    }

    void badLinksAreRefused() {
        RunRepository runs(*m_db);
        RunRecord r;
        r.experimentCellId = 77; // no such cell
        auto id = runs.insert(r);
        QVERIFY(!id);
        QVERIFY(id.error().message.contains(QLatin1String("FOREIGN KEY")));
        QCOMPARE(count(*m_db, QStringLiteral("runs")), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestRuns)
#include "test_runs.moc"
