#include "eval/experiment_matrix.h"

#include "eval/dataset.h"
#include "eval/dataset_repository.h"

#include <QCryptographicHash>
#include <QFile>

namespace trellis::eval {

using nlohmann::json;

namespace {

constexpr qsizetype kMaxDatasetFile = 256 * 1024 * 1024;

MatrixRow mergeDefaults(const TestCase &defaults, json vars, const TestSpec &own,
                        QString description) {
    MatrixRow row;
    row.description = std::move(description);
    row.vars = defaults.vars.is_object() ? defaults.vars : json::object();
    if (vars.is_object())
        row.vars.update(vars);
    row.test.assertions = defaults.test.assertions;
    row.test.assertions.insert(row.test.assertions.end(), own.assertions.begin(),
                               own.assertions.end());
    row.test.threshold = own.threshold ? own.threshold : defaults.test.threshold;
    return row;
}

// A dataset row's test fields (promptfoo shape) as a TestSpec; errors name the row.
Result<MatrixRow> fromDatasetRow(const ExperimentSpec &spec, const json &vars, const json &test,
                                 const QString &where) {
    auto parsed = parseTestSpec(test, QString());
    if (!parsed) {
        Error e = parsed.error();
        e.message = where + QStringLiteral(": ") + e.message;
        return e;
    }
    QString description;
    if (test.contains("description") && test["description"].is_string())
        description = QString::fromStdString(test["description"].get<std::string>());
    return mergeDefaults(spec.defaultTest, vars, *parsed, description);
}

Result<LoadedRows> loadFileRows(const ExperimentSpec &spec) {
    const QString &path = spec.dataset.path;
    const auto format = formatFromPath(path);
    if (!format)
        return Error(QStringLiteral("unknown dataset format (use .csv, .jsonl, .json or .yaml)"))
            .inFile(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot open dataset: %1").arg(file.errorString()))
            .inFile(path);
    if (file.size() > kMaxDatasetFile)
        return Error(QStringLiteral("dataset is larger than 256 MiB")).inFile(path);
    auto parsed = parseDataset(file.readAll(), *format);
    if (!parsed) {
        Error e = parsed.error();
        return e.inFile(path);
    }
    LoadedRows out;
    out.datasetHash = datasetHash(*parsed);
    for (const DatasetRow &r : parsed->rows) {
        auto row = fromDatasetRow(spec, json(r.vars), r.test, QStringLiteral("row"));
        if (!row)
            return row.error().inFile(path).at(r.line, 0);
        out.rows.push_back(std::move(*row));
    }
    return out;
}

Result<LoadedRows> loadStoredRows(const ExperimentSpec &spec, store::Database *db,
                                  qint64 projectId) {
    if (!db)
        return Error(QStringLiteral("dataset '%1': stored datasets need a project store")
                         .arg(spec.dataset.name));
    DatasetRepository datasets(*db, projectId);
    auto info = datasets.find(spec.dataset.name);
    if (!info)
        return info.error();
    if (!*info)
        return Error(QStringLiteral("no dataset named '%1' in this project (import it with "
                                    "'trellis-cli dataset import')")
                         .arg(spec.dataset.name))
            .forField(QStringLiteral("dataset"));
    auto rows = datasets.rows((*info)->id, (*info)->hash);
    if (!rows)
        return rows.error();
    LoadedRows out;
    out.datasetHash = (*info)->hash;
    for (const StoredRow &r : *rows) {
        auto row = fromDatasetRow(
            spec, json(r.vars), r.test,
            QStringLiteral("dataset '%1' row %2").arg(spec.dataset.name).arg(r.position + 1));
        if (!row)
            return row.error();
        out.rows.push_back(std::move(*row));
    }
    return out;
}

} // namespace

Result<LoadedRows> loadRows(const ExperimentSpec &spec, store::Database *db, qint64 projectId) {
    Result<LoadedRows> loaded = LoadedRows{};
    if (spec.dataset.source == DatasetSource::File)
        loaded = loadFileRows(spec);
    else if (spec.dataset.source == DatasetSource::Stored)
        loaded = loadStoredRows(spec, db, projectId);
    if (!loaded)
        return loaded;
    for (const TestCase &t : spec.tests)
        loaded->rows.push_back(mergeDefaults(spec.defaultTest, t.vars, t.test, t.description));
    if (loaded->rows.empty())
        return Error(QStringLiteral("the experiment has no rows (the dataset is empty)"));
    return loaded;
}

QString columnLabel(const QString &variant, const QString &model, int variantCount,
                    int modelCount) {
    if (modelCount <= 1)
        return variant;
    if (variantCount <= 1)
        return model;
    return variant + QStringLiteral(" | ") + model;
}

std::vector<NewCell> expandMatrix(const ExperimentSpec &spec, const std::vector<MatrixRow> &rows,
                                  int repeats) {
    std::vector<NewCell> cells;
    cells.reserve(rows.size() * size_t(repeats) * spec.variants.size() * spec.models.size());
    for (size_t r = 0; r < rows.size(); ++r) {
        const json rowData = {{"vars", rows[r].vars},
                              {"description", rows[r].description.toStdString()}};
        for (int rep = 0; rep < repeats; ++rep)
            for (const VariantSpec &v : spec.variants)
                for (const ModelSpec &m : spec.models)
                    cells.push_back({v.label, m.displayLabel(), int(r), rep, rowData});
    }
    return cells;
}

QString experimentFingerprint(const ExperimentSpec &spec, const QStringList &variantIdentities,
                              const QString &datasetHash) {
    json doc = json::parse(experimentToJson(spec).dump());
    for (const char *key : {"repeats", "concurrency", "cache", "passThreshold", "description"})
        doc.erase(key);
    if (spec.dataset.source == DatasetSource::File)
        doc.erase("dataset"); // the content hash identifies it; the path may move
    json ids = json::array();
    for (const QString &id : variantIdentities)
        ids.push_back(id.toStdString());
    doc["_variantIdentities"] = ids;
    doc["_datasetHash"] = datasetHash.toStdString();
    const QByteArray canonical = QByteArray::fromStdString(doc.dump()); // json sorts keys
    return QString::fromLatin1(
        QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex());
}

} // namespace trellis::eval
