#include "eval/experiment_results.h"

#include "eval/experiment_matrix.h"
#include "eval/feedback_repository.h"

#include <QSet>

namespace trellis::eval {

using nlohmann::json;

namespace {

std::optional<double> optionalDouble(const json &object, const char *key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_number())
        return std::nullopt;
    return object[key].get<double>();
}

qint64 intOf(const json &object, const char *key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_number())
        return 0;
    return object[key].get<qint64>();
}

bool boolOf(const json &object, const char *key) {
    return object.is_object() && object.contains(key) && object[key].is_boolean()
           && object[key].get<bool>();
}

} // namespace

CellRecord cellRecordOf(const ResultCell &c) {
    const json &r = c.cell.result;
    CellRecord record;
    record.variant = c.column;
    record.pairKey = QStringLiteral("%1#%2").arg(c.cell.rowPosition).arg(c.cell.repeat);
    record.pass = boolOf(r, "pass");
    record.score = optionalDouble(r, "score").value_or(0.0);
    record.errored = boolOf(r, "errored");
    record.latencyMs = optionalDouble(r, "latencyMs");
    record.ttftMs = optionalDouble(r, "ttftMs");
    record.costUsd = optionalDouble(r, "costUsd");
    record.inputTokens = intOf(r, "inputTokens");
    record.outputTokens = intOf(r, "outputTokens");
    record.runId = intOf(r, "runId");
    return record;
}

Result<ExperimentResults> collectResults(store::Database &db, qint64 experimentId,
                                         const ExperimentSpec &spec, int rowCount,
                                         const CompareOptions &options) {
    ExperimentResults out;
    out.experiment.id = experimentId;
    const int nv = int(spec.variants.size());
    const int nm = int(spec.models.size());
    QSet<QString> variants, models;
    for (const VariantSpec &v : spec.variants) {
        variants.insert(v.label);
        for (const ModelSpec &m : spec.models)
            out.columns << columnLabel(v.label, m.displayLabel(), nv, nm);
    }
    for (const ModelSpec &m : spec.models)
        models.insert(m.displayLabel());

    auto cells = ExperimentRepository(db, 0).cells(experimentId);
    if (!cells)
        return cells.error();
    std::vector<CellRecord> records;
    for (StoredCell &c : *cells) {
        if (!variants.contains(c.variant) || !models.contains(c.model) || c.rowPosition >= rowCount
            || c.repeat >= spec.repeats)
            continue;
        ResultCell rc{std::move(c), {}};
        rc.column = columnLabel(rc.cell.variant, rc.cell.model, nv, nm);
        if (rc.cell.graded()) {
            records.push_back(cellRecordOf(rc));
            ++out.graded;
            out.passed += records.back().pass ? 1 : 0;
        } else {
            ++out.pending;
        }
        out.cells.push_back(std::move(rc));
    }
    out.passRate = out.graded > 0 ? double(out.passed) / out.graded : 0.0;

    auto feedback = FeedbackRepository(db).forExperiment(experimentId);
    if (!feedback)
        return feedback.error();
    // Statistics list columns in order of first appearance; keep the spec's order instead.
    for (const QString &column : std::as_const(out.columns)) {
        std::vector<CellRecord> mine;
        for (const CellRecord &r : records)
            if (r.variant == column)
                mine.push_back(r);
        if (mine.empty())
            continue;
        for (VariantStats &s : summarizeVariants(mine, *feedback))
            out.stats.push_back(std::move(s));
    }
    for (qsizetype a = 0; a < out.columns.size(); ++a)
        for (qsizetype b = a + 1; b < out.columns.size(); ++b)
            out.comparisons.push_back(
                compareVariants(records, out.columns[a], out.columns[b], options, *feedback));
    return out;
}

} // namespace trellis::eval
