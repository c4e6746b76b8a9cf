// Workflow variants in an experiment, against the fake LLM server (its default reply echoes
// the last user message): a prompt variant and a stored two-step workflow over the same rows,
// graded and compared; the workflow runs are recorded and linked to their cells; resume
// re-runs only the unfinished workflow cell.

#include "eval/experiment_results.h"
#include "eval/experiment_runner.h"
#include "eval/prompt_variant_runner.h"
#include "eval/workflow_variant_runner.h"
#include "eval_test_support.h"
#include "pipeline_fixture.h"
#include "store/project_repository.h"
#include "store/statement.h"
#include "store/workflow_repository.h"
#include "workflow/run_types.h"

#include <QEventLoop>
#include <QTest>
#include <QTimer>

using namespace trellis;
using namespace trellis::eval;
using nlohmann::json;

namespace {

json promptNode(const char *id, const char *port, const char *text, const char *model) {
    json config{{"messages", json::array({json{{"role", "user"}, {"content", text}}})}};
    if (model)
        config["model"] = model;
    return {{"id", id},
            {"type", "prompt"},
            {"config", config},
            {"inputs", json::array({json{{"name", port}, {"type", "text"}}})}};
}

// in.word -> first (the cell's model) -> second (pinned to gpt-4o) -> out.result:
// the answer is "echo: echo: WORD".
json twoStepWorkflow() {
    return {
        {"schemaVersion", 1},
        {"name", "twice"},
        {"nodes",
         json::array({{{"id", "in"},
                       {"type", "input"},
                       {"outputs", json::array({json{{"name", "word"}, {"type", "text"}}})}},
                      promptNode("first", "word", "{{ word }}", nullptr),
                      promptNode("second", "text", "{{ text }}", "openai:gpt-4o"),
                      {{"id", "out"},
                       {"type", "output"},
                       {"inputs", json::array({json{{"name", "result"}, {"type", "text"}}})}}})},
        {"edges", json::array({json{{"id", "e1"}, {"from", "in.word"}, {"to", "first.word"}},
                               json{{"id", "e2"}, {"from", "first.out"}, {"to", "second.text"}},
                               json{{"id", "e3"}, {"from", "second.out"}, {"to", "out.result"}}})}};
}

// Prompt variant P ("{{ word }}") and workflow variant W over three rows asserting
// equals "echo: {{ word }}" (the rows also carry a column the workflow has no input for):
// P passes every row, W none.
ExperimentSpec mixedSpec() {
    ExperimentSpec spec;
    spec.name = QStringLiteral("mixed");
    VariantSpec p;
    p.label = QStringLiteral("P");
    p.messages = {{prompt::Role::User, QStringLiteral("{{ word }}")}};
    VariantSpec w;
    w.label = QStringLiteral("W");
    w.kind = VariantKind::Workflow;
    w.name = QStringLiteral("twice");
    spec.variants = {p, w};
    spec.models.push_back({QStringLiteral("openai:gpt-4o-mini"), {{"temperature", 0.25}}, {}});
    for (const char *word : {"alpha", "beta", "gamma"}) {
        TestCase t;
        t.vars = {{"word", word}, {"note", "not an input"}};
        spec.tests.push_back(t);
    }
    spec.defaultTest.test =
        parseTestSpec(
            json::parse("{\"assert\": [{\"type\": \"equals\", \"value\": \"echo: {{ word }}\"}]}"))
            .value();
    spec.cache = false;
    return spec;
}

} // namespace

class TestWorkflowVariantRunner : public QObject {
    Q_OBJECT

    std::unique_ptr<trellis::test::PipelineFixture> m_fx;
    std::unique_ptr<PromptVariantRunner> m_prompts;
    std::unique_ptr<WorkflowVariantRunner> m_workflows;
    qint64 m_project = 0;

    std::unique_ptr<ExperimentRunner> makeRunner(const ExperimentSpec &spec) {
        auto runner = std::make_unique<ExperimentRunner>(
            *m_fx->db, m_project, std::vector<VariantRunner *>{m_prompts.get(), m_workflows.get()},
            nullptr);
        const Status s = runner->prepare(spec, {});
        if (!s)
            qWarning("prepare: %s", qPrintable(s.error().toString()));
        return s ? std::move(runner) : nullptr;
    }

    bool runToEnd(ExperimentRunner &runner) {
        QEventLoop loop;
        bool cancelled = false;
        QObject::connect(&runner, &ExperimentRunner::finished, &loop, [&](bool c) {
            cancelled = c;
            loop.quit();
        });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        runner.start();
        loop.exec();
        return cancelled;
    }

    qint64 scalar(const QString &sql) {
        auto stmt = m_fx->db->prepare(sql);
        if (!stmt || !stmt->step().value())
            qFatal("query failed");
        return stmt->columnInt64(0);
    }

private Q_SLOTS:
    void init() {
        m_fx = std::make_unique<trellis::test::PipelineFixture>();
        m_project = store::ProjectRepository(*m_fx->db).ensureDefault().value().id;
        m_prompts =
            std::make_unique<PromptVariantRunner>(*m_fx->pipeline, m_fx->db.get(), m_project);
        m_workflows =
            std::make_unique<WorkflowVariantRunner>(*m_fx->pipeline, *m_fx->db, m_project);
        TRELLIS_VERIFY_OK(store::WorkflowRepository(*m_fx->db, m_project)
                              .commit(QStringLiteral("twice"), twoStepWorkflow(), QString()));
    }

    void cleanup() {
        m_workflows.reset();
        m_prompts.reset();
        m_fx.reset();
    }

    void promptAndWorkflowVariantsAreGradedAndCompared() {
        auto runner = makeRunner(mixedSpec());
        QVERIFY(runner);
        QCOMPARE(runner->progress().total, 6);
        QVERIFY(!runToEnd(*runner));
        QCOMPARE(runner->progress().done, 6);
        QCOMPARE(runner->progress().errors, 0);
        QCOMPARE(runner->progress().passed, 3);
        QCOMPARE(m_fx->server.chatRequestCount(), 3 + 2 * 3);

        auto r =
            collectResults(*m_fx->db, runner->experimentId(), runner->spec(), runner->rowCount());
        TRELLIS_VERIFY_OK(r);
        QCOMPARE(r->stats.size(), size_t(2));
        QCOMPARE(r->stats[0].passRate, 1.0);
        QCOMPARE(r->stats[1].passRate, 0.0);
        QCOMPARE(r->stats[1].inputTokens > 0, true);
        QCOMPARE(r->comparisons.size(), size_t(1));
        QCOMPARE(r->comparisons[0].pairs, 3);
        QCOMPARE(r->comparisons[0].losses, 3);

        // Each workflow cell: one recorded workflow run pointing at its cell, whose graded
        // output is the Output node's value and whose run id is the run's last LLM call.
        QCOMPARE(scalar(QStringLiteral("SELECT count(DISTINCT experiment_cell_id) FROM "
                                       "workflow_runs WHERE status = 'ok'")),
                 3);
        QCOMPARE(scalar(QStringLiteral(
                     "SELECT count(*) FROM experiment_cells c JOIN runs r "
                     "ON r.id = json_extract(c.result, '$.runId') WHERE c.variant = 'W' AND "
                     "r.workflow_node_id = 'second' AND json_extract(c.result, '$.output') = "
                     "'echo: echo: ' || json_extract(c.row_data, '$.vars.word')")),
                 3);
        // The cell's model (and its temperature) went to the node without a model of its
        // own; the pinned node kept its model. Every call carries the column label.
        for (const store::RunRecord &run : m_fx->runs()) {
            if (run.workflowRunId == 0)
                continue;
            QCOMPARE(run.variant, QStringLiteral("W"));
            QCOMPARE(run.experimentCellId, 0); // the workflow_runs row links the cell
            if (run.workflowNodeId == u"first") {
                QCOMPARE(run.model, QStringLiteral("gpt-4o-mini"));
                QCOMPARE(run.params.value("temperature", 0.0), 0.25);
            } else {
                QCOMPARE(run.model, QStringLiteral("gpt-4o"));
            }
        }
    }

    void resumeRunsOnlyTheUnfinishedWorkflowCell() {
        {
            auto first = makeRunner(mixedSpec());
            QVERIFY(first);
            QVERIFY(!runToEnd(*first));
        }
        QCOMPARE(m_fx->server.chatRequestCount(), 9);
        // The process "died" before grading the workflow cell of the second row.
        QVERIFY(m_fx->db->exec(
            QStringLiteral("UPDATE experiment_cells SET status = 'pending', result = '{}' "
                           "WHERE variant = 'W' AND row_position = 1")));

        auto second = makeRunner(mixedSpec());
        QVERIFY(second);
        QCOMPARE(second->progress().total, 1);
        QCOMPARE(second->progress().skipped, 5);
        QVERIFY(!runToEnd(*second));
        QCOMPARE(m_fx->server.chatRequestCount(), 11); // one workflow run: two calls
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM workflow_runs")), 4);
        auto r =
            collectResults(*m_fx->db, second->experimentId(), second->spec(), second->rowCount());
        TRELLIS_VERIFY_OK(r);
        QCOMPARE(r->graded, 6);
        QCOMPARE(r->pending, 0);
    }

    void missingWorkflowIsAnError() {
        ExperimentSpec spec = mixedSpec();
        spec.variants[1].name = QStringLiteral("nope");
        ExperimentRunner runner(*m_fx->db, m_project,
                                std::vector<VariantRunner *>{m_prompts.get(), m_workflows.get()},
                                nullptr);
        const Status s = runner.prepare(spec, {});
        QVERIFY(!s);
        QVERIFY2(s.error().message.startsWith(QStringLiteral("variant 'W': ")),
                 qPrintable(s.error().message));
    }
};

QTEST_GUILESS_MAIN(TestWorkflowVariantRunner)
#include "test_workflow_variant_runner.moc"
