#include "eval/experiment_runner.h"

#include "eval/grader.h"
#include "eval/prompt_variant_runner.h"
#include "store/run_repository.h"

#include <QTimer>

namespace trellis::eval {

using nlohmann::json;

namespace {

constexpr int kDefaultConcurrency = 4;
// Graded cells are written in batches: one transaction per event-loop pass, or sooner when
// this many wait. A crash loses at most the unsaved grades, never a paid call: those cells
// are graded again from their stored runs.
constexpr size_t kFlushBatch = 64;

json optionalJson(const std::optional<double> &v) {
    return v ? json(*v) : json(nullptr);
}

json cellResultJson(const TestResult &test, const CellCallResult &call) {
    json components = json::array();
    for (const AssertionResult &a : test.components)
        components.push_back({{"type", a.type.toStdString()},
                              {"pass", a.pass},
                              {"score", a.score},
                              {"weight", a.weight},
                              {"reason", a.reason.toStdString()}});
    const CellOutput &o = call.output;
    return {{"pass", test.pass},
            {"score", test.score},
            {"errored", test.errored},
            {"reason", test.reason.toStdString()},
            {"components", components},
            {"runId", call.runId},
            {"output", o.text.toStdString()},
            {"error", o.error.toStdString()},
            {"latencyMs", optionalJson(o.latencyMs)},
            {"ttftMs", optionalJson(o.ttftMs)},
            {"costUsd", optionalJson(o.costUsd)},
            {"inputTokens", o.inputTokens},
            {"outputTokens", o.outputTokens},
            {"cached", o.cached}};
}

} // namespace

struct ExperimentRunner::InFlight {
    Pending cell;
    VariantRunner *runner = nullptr;
    quint64 callId = 0;
    bool called = false;
    CellCallResult result;
    std::unique_ptr<TestGrader> grader;
    size_t judgesPending = 0;
};

ExperimentRunner::ExperimentRunner(store::Database &db, qint64 projectId,
                                   std::vector<VariantRunner *> runners, AsyncJudge *judge,
                                   QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_projectId(projectId)
    , m_runners(std::move(runners))
    , m_judge(judge) {}

ExperimentRunner::~ExperimentRunner() {
    flush();
}

VariantRunner *ExperimentRunner::runnerFor(VariantKind kind) const {
    for (VariantRunner *r : m_runners)
        if (r->handles(kind))
            return r;
    return nullptr;
}

Status ExperimentRunner::prepare(ExperimentSpec spec, const RunOptions &options) {
    m_spec = std::move(spec);
    m_options = options;
    if (options.repeats)
        m_spec.repeats = *options.repeats;
    m_concurrency = options.concurrency > 0  ? options.concurrency
                    : m_spec.concurrency > 0 ? m_spec.concurrency
                                             : kDefaultConcurrency;
    m_bypassCache = options.noCache || !m_spec.cache;

    auto loaded = loadRows(m_spec, &m_db, m_projectId);
    if (!loaded)
        return loaded.error();
    m_rows = std::move(loaded->rows);

    QStringList identities;
    for (const VariantSpec &v : m_spec.variants) {
        VariantRunner *runner = runnerFor(v.kind);
        if (!runner)
            return Error(QStringLiteral("variant '%1': %2 variants cannot run here yet")
                             .arg(v.label, variantKindName(v.kind)));
        auto identity = runner->prepare(v);
        if (!identity)
            return identity.error();
        identities << *identity;
    }

    ExperimentRepository repo(m_db, m_projectId);
    const QString fingerprint = experimentFingerprint(m_spec, identities, loaded->datasetHash);
    auto experiment =
        repo.findOrCreate(m_spec.name, fingerprint, json::parse(experimentToJson(m_spec).dump()),
                          loaded->datasetHash);
    if (!experiment)
        return experiment.error();
    m_experiment = *experiment;
    if (Status s = repo.addCells(m_experiment.id, expandMatrix(m_spec, m_rows, m_spec.repeats)); !s)
        return s;

    auto cells = repo.cells(m_experiment.id);
    if (!cells)
        return cells.error();
    if (options.filterFailing) {
        std::vector<qint64> failing;
        for (StoredCell &c : *cells)
            if (c.status == u"failed") {
                failing.push_back(c.id);
                c.status = QStringLiteral("pending");
            }
        if (Status s = repo.resetCells(failing); !s)
            return s;
    }
    auto stored = repo.finalRuns(m_experiment.id);
    if (!stored)
        return stored.error();

    // Cells from an earlier run with more repeats, rows or variants stay in the store but are
    // not part of this run.
    QHash<QString, size_t> variantIndex, modelIndex;
    for (size_t i = 0; i < m_spec.variants.size(); ++i)
        variantIndex.insert(m_spec.variants[i].label, i);
    for (size_t i = 0; i < m_spec.models.size(); ++i)
        modelIndex.insert(m_spec.models[i].displayLabel(), i);
    for (const StoredCell &c : *cells) {
        if (!variantIndex.contains(c.variant) || !modelIndex.contains(c.model)
            || c.rowPosition >= int(m_rows.size()) || c.repeat >= m_spec.repeats)
            continue;
        if (c.graded() || (options.filterFailing && c.status != u"pending")) {
            ++m_progress.skipped;
            continue;
        }
        m_queue.push_back({c.id, variantIndex.value(c.variant), modelIndex.value(c.model),
                           size_t(c.rowPosition), stored->value(c.id, 0)});
    }
    m_progress.total = int(m_queue.size());
    return {};
}

void ExperimentRunner::start() {
    if (m_started)
        return;
    m_started = true;
    if (Status s = ExperimentRepository(m_db, m_projectId)
                       .setStatus(m_experiment.id, QStringLiteral("running"));
        !s)
        m_storeError = s.error();
    QTimer::singleShot(0, this, [this] {
        Q_EMIT progressChanged(m_progress);
        pump();
    });
}

void ExperimentRunner::cancel() {
    if (m_cancelled || m_finished)
        return;
    m_cancelled = true;
    m_queue.clear();
    const auto flights = m_inFlight; // cancel() may call back synchronously
    for (const auto &f : flights)
        if (f->called)
            f->runner->cancel(f->callId);
    QTimer::singleShot(0, this, &ExperimentRunner::maybeFinish);
}

void ExperimentRunner::pump() {
    while (!m_cancelled && !m_storeError && !m_queue.empty()
           && int(m_inFlight.size()) < m_concurrency) {
        const Pending cell = m_queue.front();
        m_queue.pop_front();
        startCell(cell);
    }
    maybeFinish();
}

void ExperimentRunner::startCell(const Pending &cell) {
    auto flight = std::make_shared<InFlight>();
    flight->cell = cell;
    m_inFlight.push_back(flight);
    if (cell.storedRunId != 0) {
        // Paid for before the process died: grade the stored answer.
        auto run = store::RunRepository(m_db).find(cell.storedRunId);
        if (run && *run) {
            CellCallResult result;
            result.output = cellOutputFrom(**run);
            result.runId = cell.storedRunId;
            ++m_progress.regraded;
            QTimer::singleShot(0, this, [this, flight, result] { grade(flight, result); });
            return;
        }
    }
    const VariantSpec &variant = m_spec.variants[cell.variant];
    const ModelSpec &model = m_spec.models[cell.model];
    CellCall call;
    call.variant = &variant;
    call.model = &model;
    call.vars = m_rows[cell.row].vars;
    call.cellId = cell.cellId;
    call.bypassCache = m_bypassCache;
    call.runLabel = columnLabel(variant.label, model.displayLabel(), int(m_spec.variants.size()),
                                int(m_spec.models.size()));
    flight->runner = runnerFor(variant.kind);
    flight->called = true;
    flight->callId = flight->runner->start(
        call, [this, flight](CellCallResult result) { grade(flight, std::move(result)); });
}

void ExperimentRunner::grade(std::shared_ptr<InFlight> flight, CellCallResult result) {
    if (m_cancelled) { // a cancelled cell stays pending for the next run
        std::erase(m_inFlight, flight);
        maybeFinish();
        return;
    }
    flight->result = std::move(result);
    const MatrixRow &row = m_rows[flight->cell.row];
    flight->grader = std::make_unique<TestGrader>(row.test, flight->result.output, row.vars);
    const auto &requests = flight->grader->judgeRequests();
    flight->judgesPending = requests.size();
    if (requests.empty()) {
        complete(*flight);
        return;
    }
    for (size_t i = 0; i < requests.size(); ++i) {
        JudgeRequest request = requests[i];
        if (request.provider.isEmpty())
            request.provider = m_spec.judgeModel;
        auto answer = [this, flight, i](Result<QString> text) {
            flight->grader->setJudgeResponse(i, text);
            if (--flight->judgesPending == 0) {
                if (m_cancelled) {
                    std::erase(m_inFlight, flight);
                    maybeFinish();
                } else {
                    complete(*flight);
                }
            }
        };
        if (m_judge)
            m_judge->ask(request, answer);
        else
            QTimer::singleShot(0, this, [answer] {
                answer(Error(QStringLiteral("no judge model is configured for llm-rubric")));
            });
    }
}

void ExperimentRunner::complete(const InFlight &flight) {
    const TestResult test = flight.grader->result();
    const CellOutput &o = flight.result.output;
    m_unsaved.push_back({flight.cell.cellId,
                         test.pass ? QStringLiteral("done") : QStringLiteral("failed"),
                         cellResultJson(test, flight.result)});
    ++m_progress.done;
    m_progress.passed += test.pass ? 1 : 0;
    m_progress.errors += test.errored ? 1 : 0;
    m_progress.costUsd += o.costUsd.value_or(0.0);
    std::erase_if(m_inFlight, [&](const auto &f) { return f.get() == &flight; });
    if (m_unsaved.size() >= kFlushBatch) {
        flush();
    } else if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_flushScheduled = false;
            flush();
        });
    }
    Q_EMIT progressChanged(m_progress);
    pump();
}

void ExperimentRunner::flush() {
    if (m_unsaved.empty())
        return;
    Status s = ExperimentRepository(m_db, m_projectId).saveResults(m_unsaved);
    m_unsaved.clear();
    if (!s && !m_storeError) {
        m_storeError = s.error();
        cancel();
    }
}

void ExperimentRunner::maybeFinish() {
    if (m_finished || !m_started || !m_inFlight.empty())
        return;
    if (!m_queue.empty() && !m_cancelled && !m_storeError)
        return;
    m_finished = true;
    flush();
    const bool stopped = m_cancelled || m_storeError.has_value();
    const QString status = m_storeError  ? QStringLiteral("failed")
                           : m_cancelled ? QStringLiteral("cancelled")
                                         : QStringLiteral("done");
    if (Status s = ExperimentRepository(m_db, m_projectId).setStatus(m_experiment.id, status);
        !s && !m_storeError)
        m_storeError = s.error();
    Q_EMIT finished(stopped);
}

} // namespace trellis::eval
