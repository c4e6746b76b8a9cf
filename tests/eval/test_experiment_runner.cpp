// The experiment runner against the fake LLM server (its default reply echoes the last user
// message, so every row's output is known): matrix expansion, every assertion type through
// the runner, resume without paying twice, --filter-failing, cancellation, statistics.

#include "eval/experiment_report.h"
#include "eval/experiment_results.h"
#include "eval/experiment_runner.h"
#include "eval/prompt_variant_runner.h"
#include "eval_test_support.h"
#include "pipeline_fixture.h"
#include "store/project_repository.h"
#include "store/statement.h"

#include <QEventLoop>
#include <QTest>
#include <QTimer>

using namespace trellis;
using namespace trellis::eval;
using nlohmann::json;

namespace {

// Answers every judge request with a fixed verdict, asynchronously like the real one.
class FakeJudge : public AsyncJudge {
public:
    QString answer = QStringLiteral("{\"pass\": true, \"score\": 0.9, \"reason\": \"ok\"}");
    int asked = 0;
    void ask(const JudgeRequest &, std::function<void(Result<QString>)> done) override {
        ++asked;
        QTimer::singleShot(0, [done, text = answer] { done(text); });
    }
};

// variants A ("{{ word }}") and B ("say {{ word }}"), the given models, rows with `words`,
// each row asserting equals {{ word }}: A passes everything, B nothing.
ExperimentSpec echoSpec(const QStringList &words, const QStringList &models, int repeats) {
    ExperimentSpec spec;
    spec.name = QStringLiteral("echo");
    VariantSpec a;
    a.label = QStringLiteral("A");
    a.messages = {{prompt::Role::User, QStringLiteral("{{ word }}")}};
    VariantSpec b = a;
    b.label = QStringLiteral("B");
    b.messages = {{prompt::Role::User, QStringLiteral("say {{ word }}")}};
    spec.variants = {a, b};
    for (const QString &m : models)
        spec.models.push_back({m, json::object(), {}});
    for (const QString &w : words) {
        TestCase t;
        t.vars = {{"word", w.toStdString()}};
        spec.tests.push_back(t);
    }
    spec.defaultTest.test =
        parseTestSpec(
            json::parse("{\"assert\": [{\"type\": \"equals\", \"value\": \"echo: {{ word }}\"}]}"))
            .value();
    spec.repeats = repeats;
    spec.cache = false;
    return spec;
}

} // namespace

class TestExperimentRunner : public QObject {
    Q_OBJECT

    std::unique_ptr<trellis::test::PipelineFixture> m_fx;
    std::unique_ptr<PromptVariantRunner> m_prompts;
    FakeJudge m_judge;
    qint64 m_project = 0;

    // Prepares and runs to the end; returns whether it was cancelled.
    bool runToEnd(ExperimentRunner &runner,
                  std::function<void(ExperimentRunner &)> onProgress = {}) {
        QEventLoop loop;
        bool cancelled = false;
        QObject::connect(&runner, &ExperimentRunner::finished, &loop, [&](bool c) {
            cancelled = c;
            loop.quit();
        });
        if (onProgress)
            QObject::connect(&runner, &ExperimentRunner::progressChanged, &runner,
                             [&](const ExperimentProgress &) { onProgress(runner); });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        runner.start();
        loop.exec();
        return cancelled;
    }

    std::unique_ptr<ExperimentRunner> makeRunner(const ExperimentSpec &spec,
                                                 RunOptions options = {}) {
        auto runner = std::make_unique<ExperimentRunner>(
            *m_fx->db, m_project, std::vector<VariantRunner *>{m_prompts.get()}, &m_judge);
        const Status s = runner->prepare(spec, options);
        if (!s)
            qWarning("prepare: %s", qPrintable(s.error().toString()));
        return s ? std::move(runner) : nullptr;
    }

    ExperimentResults results(const ExperimentRunner &runner) {
        auto r = collectResults(*m_fx->db, runner.experimentId(), runner.spec(), runner.rowCount());
        if (!r)
            qFatal("%s", qPrintable(r.error().toString()));
        return *r;
    }

    void exec(const QString &sql) {
        if (!m_fx->db->exec(sql))
            qFatal("sql failed");
    }

private Q_SLOTS:
    void init() {
        m_fx = std::make_unique<trellis::test::PipelineFixture>();
        m_project = store::ProjectRepository(*m_fx->db).ensureDefault().value().id;
        m_prompts =
            std::make_unique<PromptVariantRunner>(*m_fx->pipeline, m_fx->db.get(), m_project);
        m_judge.asked = 0;
    }

    void cleanup() {
        m_prompts.reset();
        m_fx.reset();
    }

    void expandsTheMatrixAndGradesEveryCell() {
        const ExperimentSpec spec =
            echoSpec({QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma")},
                     {QStringLiteral("openai:gpt-4o-mini"), QStringLiteral("openai:gpt-4o")}, 2);
        auto runner = makeRunner(spec, {2, {}, false, false});
        QVERIFY(runner);
        QCOMPARE(runner->progress().total, 24); // 2 variants x 2 models x 3 rows x 2 repeats
        QVERIFY(!runToEnd(*runner));
        QCOMPARE(runner->progress().done, 24);
        QCOMPARE(runner->progress().passed, 12);
        QCOMPARE(m_fx->server.chatRequestCount(), 24);

        const ExperimentResults r = results(*runner);
        QCOMPARE(r.columns, (QStringList{QStringLiteral("A | openai:gpt-4o-mini"),
                                         QStringLiteral("A | openai:gpt-4o"),
                                         QStringLiteral("B | openai:gpt-4o-mini"),
                                         QStringLiteral("B | openai:gpt-4o")}));
        QCOMPARE(r.graded, 24);
        QCOMPARE(r.stats.size(), size_t(4));
        QCOMPARE(r.stats[0].cells, 6);
        QCOMPARE(r.stats[0].passRate, 1.0);
        QCOMPARE(r.stats[2].passRate, 0.0);
        QCOMPARE(r.comparisons.size(), size_t(6));
        // A vs B on the same model: 6 pairs, B loses all: McNemar exact p = 2 * 0.5^6.
        const PairedComparison &ab = r.comparisons[1]; // columns 0 and 2
        QCOMPARE(ab.variantB, QStringLiteral("B | openai:gpt-4o-mini"));
        QCOMPARE(ab.pairs, 6);
        QCOMPARE(ab.losses, 6);
        QVERIFY(qAbs(ab.mcnemarP - 0.03125) < 1e-9);
        QVERIFY(ab.verdict.startsWith(QStringLiteral("A | openai:gpt-4o-mini beats")));

        // The run rows point at their cells and carry the column label.
        auto stmt = m_fx->db->prepare(QStringLiteral(
            "SELECT count(*), count(DISTINCT experiment_cell_id) FROM runs WHERE variant = "
            "'B | openai:gpt-4o'"));
        QVERIFY(stmt && stmt->step().value());
        QCOMPARE(stmt->columnInt64(0), 6);
        QCOMPARE(stmt->columnInt64(1), 6);
    }

    void everyAssertionTypeThroughTheRunner_data() {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("assertion");
        QTest::addColumn<bool>("pass");
        QTest::newRow("equals") << QStringLiteral("Paris")
                                << QStringLiteral("{\"type\":\"equals\",\"value\":\"Paris\"}")
                                << true;
        QTest::newRow("not-equals")
            << QStringLiteral("Paris")
            << QStringLiteral("{\"type\":\"not-equals\",\"value\":\"Paris\"}") << false;
        QTest::newRow("contains") << QStringLiteral("in Paris now")
                                  << QStringLiteral("{\"type\":\"contains\",\"value\":\"Paris\"}")
                                  << true;
        QTest::newRow("icontains")
            << QStringLiteral("PARIS")
            << QStringLiteral("{\"type\":\"icontains\",\"value\":\"paris\"}") << true;
        QTest::newRow("contains-any")
            << QStringLiteral("Lyon")
            << QStringLiteral("{\"type\":\"contains-any\",\"value\":[\"Paris\",\"Lyon\"]}") << true;
        QTest::newRow("contains-all")
            << QStringLiteral("Lyon")
            << QStringLiteral("{\"type\":\"contains-all\",\"value\":[\"Paris\",\"Lyon\"]}")
            << false;
        QTest::newRow("starts-with")
            << QStringLiteral("Paris is")
            << QStringLiteral("{\"type\":\"starts-with\",\"value\":\"Paris\"}") << true;
        QTest::newRow("regex") << QStringLiteral("id-42")
                               << QStringLiteral("{\"type\":\"regex\",\"value\":\"^id-\\\\d+$\"}")
                               << true;
        QTest::newRow("is-json") << QStringLiteral("{\"a\": 1}")
                                 << QStringLiteral("{\"type\":\"is-json\"}") << true;
        QTest::newRow("is-json bad")
            << QStringLiteral("{a") << QStringLiteral("{\"type\":\"is-json\"}") << false;
        QTest::newRow("json-schema") << QStringLiteral("{\"a\": 1}")
                                     << QStringLiteral("{\"type\":\"json-schema\",\"value\":{"
                                                       "\"type\":\"object\",\"required\":[\"b\"]}}")
                                     << false;
        QTest::newRow("character-count")
            << QStringLiteral("abcd")
            << QStringLiteral("{\"type\":\"character-count\",\"value\":{\"max\":3}}") << false;
        QTest::newRow("word-count")
            << QStringLiteral("one two three")
            << QStringLiteral("{\"type\":\"word-count\",\"value\":3}") << true;
        QTest::newRow("latency") << QStringLiteral("x")
                                 << QStringLiteral("{\"type\":\"latency\",\"threshold\":60000}")
                                 << true;
        QTest::newRow("cost") << QStringLiteral("x")
                              << QStringLiteral("{\"type\":\"cost\",\"threshold\":1}") << true;
        QTest::newRow("levenshtein")
            << QStringLiteral("kitten")
            << QStringLiteral("{\"type\":\"levenshtein\",\"value\":\"sitting\",\"threshold\":2}")
            << false;
        QTest::newRow("llm-rubric")
            << QStringLiteral("polite")
            << QStringLiteral("{\"type\":\"llm-rubric\",\"value\":\"is polite\"}") << true;
    }

    void everyAssertionTypeThroughTheRunner() {
        QFETCH(QString, word);
        QFETCH(QString, assertion);
        QFETCH(bool, pass);
        m_fx->server.setDefaultReply(testing::FakeReply::ok(word)); // the output is the word
        ExperimentSpec spec = echoSpec({word}, {QStringLiteral("openai:gpt-4o-mini")}, 1);
        spec.variants.resize(1);
        spec.defaultTest.test = {};
        spec.tests[0].test =
            parseTestSpec(json{{"assert", json::array({json::parse(assertion.toStdString())})}})
                .value();
        auto runner = makeRunner(spec);
        QVERIFY(runner);
        QVERIFY(!runToEnd(*runner));
        const ExperimentResults r = results(*runner);
        QCOMPARE(r.graded, 1);
        QCOMPARE(r.passed, pass ? 1 : 0);
        if (assertion.contains(QStringLiteral("llm-rubric")))
            QCOMPARE(m_judge.asked, 1);
    }

    void resumeGradesRecordedRunsWithoutCallingAgain() {
        const ExperimentSpec spec = echoSpec(
            {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")},
            {QStringLiteral("openai:gpt-4o-mini")}, 1);
        {
            auto first = makeRunner(spec);
            QVERIFY(first);
            QVERIFY(!runToEnd(*first));
        }
        QCOMPARE(m_fx->server.chatRequestCount(), 8);
        // The process "died" after recording the runs of three cells but before grading them,
        // and before even calling two others.
        exec(QStringLiteral("UPDATE experiment_cells SET status = 'pending', result = '{}' "
                            "WHERE id IN (1, 2, 3, 7, 8)"));
        exec(QStringLiteral("DELETE FROM runs WHERE experiment_cell_id IN (7, 8)"));

        auto second = makeRunner(spec);
        QVERIFY(second);
        QCOMPARE(second->progress().total, 5);
        QCOMPARE(second->progress().skipped, 3);
        QVERIFY(!runToEnd(*second));
        QCOMPARE(second->progress().regraded, 3);
        QCOMPARE(m_fx->server.chatRequestCount(), 10); // only cells 7 and 8 were called
        const ExperimentResults r = results(*second);
        QCOMPARE(r.graded, 8);
        QCOMPARE(r.passed, 4);
        QCOMPARE(r.pending, 0);

        // Running it once more does nothing at all.
        auto third = makeRunner(spec);
        QVERIFY(third);
        QCOMPARE(third->progress().total, 0);
        QVERIFY(!runToEnd(*third));
        QCOMPARE(m_fx->server.chatRequestCount(), 10);
    }

    void filterFailingRerunsOnlyFailedCells() {
        const ExperimentSpec spec = echoSpec({QStringLiteral("x"), QStringLiteral("y")},
                                             {QStringLiteral("openai:gpt-4o-mini")}, 1);
        auto first = makeRunner(spec);
        QVERIFY(first);
        QVERIFY(!runToEnd(*first));
        QCOMPARE(m_fx->server.chatRequestCount(), 4);
        auto rerun = makeRunner(spec, {0, {}, false, true});
        QVERIFY(rerun);
        QCOMPARE(rerun->progress().total, 2); // B's two cells
        QVERIFY(!runToEnd(*rerun));
        QCOMPARE(m_fx->server.chatRequestCount(), 6); // called again, not regraded
        QCOMPARE(results(*rerun).passed, 2);
    }

    void cancelLeavesTheRestForTheNextRun() {
        m_fx->server.setLatencyMs(100);
        QStringList words;
        for (int i = 0; i < 10; ++i)
            words << QStringLiteral("w%1").arg(i);
        ExperimentSpec spec = echoSpec(words, {QStringLiteral("openai:gpt-4o-mini")}, 1);
        spec.variants.resize(1);
        auto runner = makeRunner(spec, {1, {}, false, false});
        QVERIFY(runner);
        QVERIFY(runToEnd(*runner, [](ExperimentRunner &r) {
            if (r.progress().done == 3)
                r.cancel();
        }));
        QCOMPARE(runner->progress().done, 3);
        const int called = m_fx->server.chatRequestCount();
        QVERIFY(called <= 4); // at most the cell in flight at cancel time
        m_fx->server.setLatencyMs(0);
        auto rest = makeRunner(spec);
        QVERIFY(rest);
        QVERIFY(rest->progress().total >= 6 && rest->progress().total <= 7);
        QVERIFY(!runToEnd(*rest));
        const ExperimentResults r = results(*rest);
        QCOMPARE(r.graded, 10);
        QCOMPARE(r.passed, 10);
    }

    void statisticsMatchHandComputedValues() {
        // Row scores with weights: contains "a" (w=1) and contains "b" (w=3).
        // "ab" -> 1.0 pass; "a" -> 0.25 fail; "b" -> 0.75 fail; "c" -> 0 fail.
        ExperimentSpec spec = echoSpec(
            {QStringLiteral("ab"), QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
            {QStringLiteral("openai:gpt-4o-mini")}, 1);
        spec.variants.resize(1);
        spec.defaultTest.test =
            parseTestSpec(
                json::parse("{\"assert\": [{\"type\": \"contains\", \"value\": \"a\"},\n           "
                            "                                           {\"type\": \"contains\", "
                            "\"value\": \"b\", \"weight\": 3}]}"))
                .value();
        auto runner = makeRunner(spec);
        QVERIFY(runner);
        QVERIFY(!runToEnd(*runner));
        const ExperimentResults r = results(*runner);
        QCOMPARE(r.stats.size(), size_t(1));
        QCOMPARE(r.stats[0].cells, 4);
        QCOMPARE(r.stats[0].passed, 1);
        QCOMPARE(r.stats[0].passRate, 0.25);
        QVERIFY(qAbs(r.stats[0].meanScore - (1.0 + 0.25 + 0.75 + 0.0) / 4) < 1e-12);
        QVERIFY(r.stats[0].latencyP50.has_value());
        QVERIFY(r.stats[0].outputTokens > 0);
    }

    void aChangedPromptIsANewExperiment() {
        ExperimentSpec spec = echoSpec({QStringLiteral("x")}, {QStringLiteral("openai:m")}, 1);
        auto first = makeRunner(spec);
        QVERIFY(first);
        const qint64 id = first->experimentId();
        spec.variants[0].messages[0].content = QStringLiteral("{{ word }}!");
        auto second = makeRunner(spec);
        QVERIFY(second);
        QVERIFY(second->experimentId() != id);
        spec.concurrency = 7; // run options do not change the identity
        spec.variants[0].messages[0].content = QStringLiteral("{{ word }}");
        auto third = makeRunner(spec);
        QVERIFY(third);
        QCOMPARE(third->experimentId(), id);
    }

    void badInputIsAnError() {
        ExperimentSpec spec = echoSpec({QStringLiteral("x")}, {QStringLiteral("openai:m")}, 1);
        spec.variants[0].kind = VariantKind::StoredPrompt;
        spec.variants[0].name = QStringLiteral("nope");
        ExperimentRunner runner(*m_fx->db, m_project, {m_prompts.get()}, &m_judge);
        const Status s = runner.prepare(spec, {});
        QVERIFY(!s);
        QVERIFY(s.error().message.contains(QStringLiteral("variant 'A'")));
        spec.variants[0].kind = VariantKind::Workflow;
        QVERIFY(!runner.prepare(spec, {}));
    }

    void reportsCarryEveryCell() {
        const ExperimentSpec spec = echoSpec({QStringLiteral("x"), QStringLiteral("y,\"z\"")},
                                             {QStringLiteral("openai:gpt-4o-mini")}, 1);
        auto runner = makeRunner(spec);
        QVERIFY(runner);
        QVERIFY(!runToEnd(*runner));
        const ExperimentResults r = results(*runner);
        const json doc = json::parse(reportJson(r, QStringLiteral("echo")).toStdString());
        QCOMPARE(doc["cells"].size(), size_t(4));
        QCOMPARE(doc["summary"]["passed"].get<int>(), 2);
        QCOMPARE(doc["variants"][0]["passRate"].get<double>(), 1.0);
        const QString csv = QString::fromUtf8(reportCsv(r));
        QCOMPARE(csv.count(QStringLiteral("\r\n")), 5);
        QVERIFY(csv.contains(QStringLiteral("\"echo: y,\"\"z\"\"\"")));
        const QString xml = QString::fromUtf8(reportJUnit(r, QStringLiteral("echo")));
        QVERIFY(xml.contains(QStringLiteral("<testsuite name=\"A\" tests=\"2\" failures=\"0\"")));
        QVERIFY(xml.contains(QStringLiteral("<testsuite name=\"B\" tests=\"2\" failures=\"2\"")));
        QCOMPARE(xml.count(QStringLiteral("<failure")), 2);
        const QString summary = summaryText(r);
        QVERIFY(summary.contains(QStringLiteral("2 of 4 cells passed (50.0%)")));
        QVERIFY(summary.contains(QStringLiteral("A vs B: ")));
    }
};

QTEST_GUILESS_MAIN(TestExperimentRunner)
#include "test_experiment_runner.moc"
