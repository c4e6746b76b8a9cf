#pragma once

#include "common/result.h"
#include "eval/dataset.h"

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

namespace trellis::store {
class Database;
}

namespace trellis::eval {

// A stored dataset: its current snapshot is `hash` over `rowCount` rows.
struct DatasetInfo {
    qint64 id = 0;
    QString name;
    QString description;
    QString hash; // datasetHash() of the rows (64 hex digits)
    qint64 rowCount = 0;
    QDateTime createdAt;
    QDateTime updatedAt; // when the current snapshot was imported
};

struct StoredRow {
    qint64 id = 0;
    int position = 0; // 0-based, in file order
    nlohmann::ordered_json vars = nlohmann::ordered_json::object();
    nlohmann::json test = nlohmann::json::object(); // promptfoo test fields (see DatasetRow)
};

struct ImportOutcome {
    DatasetInfo dataset;
    bool created = false; // a new dataset name
    bool changed = false; // false: the content hashed the same, nothing was written
};

// Datasets and their rows in the store (tables `datasets`, `dataset_rows`).
//
// A dataset name holds one snapshot at a time: importing different content under the same
// name replaces the rows and the hash in one transaction (experiments copy the rows they ran
// on into their cells and record the hash, so older results stay reproducible); importing
// identical content changes nothing. Use a new name to keep both snapshots side by side.
class DatasetRepository {
public:
    DatasetRepository(store::Database &db, qint64 projectId)
        : m_db(db)
        , m_projectId(projectId) {}

    // All rows in one transaction: a failure leaves the previous snapshot untouched.
    Result<ImportOutcome> import(const QString &name, const ParsedDataset &data,
                                 const QString &description = {});
    // Parses the whole text first (errors name the line, column and `sourcePath`), then imports.
    Result<ImportOutcome> importText(const QString &name, const QByteArray &text,
                                     DatasetFormat format, const QString &sourcePath = {});

    // By name.
    Result<std::vector<DatasetInfo>> list();
    Result<std::optional<DatasetInfo>> find(const QString &name);
    Result<std::optional<DatasetInfo>> find(qint64 id);

    // Rows in position order, `limit` < 0 for all. With `expectedHash`, fails when the dataset
    // no longer holds that snapshot (so a caller never mixes rows of two snapshots).
    Result<std::vector<StoredRow>> rows(qint64 datasetId, const QString &expectedHash = {},
                                        int offset = 0, int limit = -1);
    // Variable names over all rows, first-seen order.
    Result<QStringList> columns(qint64 datasetId);

    Status remove(qint64 datasetId);

private:
    Result<std::optional<DatasetInfo>> findWhere(const QString &condition, qint64 id,
                                                 const QString &name);
    Status writeRows(qint64 datasetId, const ParsedDataset &data);

    store::Database &m_db;
    qint64 m_projectId = 0;
};

} // namespace trellis::eval
