#include "eval/dataset.h"

#include <QCryptographicHash>
#include <QFileInfo>

namespace trellis::eval {

QString formatName(DatasetFormat format) {
    switch (format) {
    case DatasetFormat::Csv:
        return QStringLiteral("csv");
    case DatasetFormat::Jsonl:
        return QStringLiteral("jsonl");
    case DatasetFormat::Json:
        return QStringLiteral("json");
    case DatasetFormat::Yaml:
        return QStringLiteral("yaml");
    }
    return {};
}

std::optional<DatasetFormat> parseDatasetFormat(const QString &name) {
    const QString n = name.toLower();
    if (n == u"csv")
        return DatasetFormat::Csv;
    if (n == u"jsonl" || n == u"ndjson")
        return DatasetFormat::Jsonl;
    if (n == u"json")
        return DatasetFormat::Json;
    if (n == u"yaml" || n == u"yml")
        return DatasetFormat::Yaml;
    return std::nullopt;
}

std::optional<DatasetFormat> formatFromPath(const QString &path) {
    return parseDatasetFormat(QFileInfo(path).suffix());
}

QByteArray canonicalDatasetJson(const ParsedDataset &dataset) {
    // nlohmann::json keeps object keys sorted, which is what makes the form canonical.
    nlohmann::json rows = nlohmann::json::array();
    for (const DatasetRow &row : dataset.rows) {
        const auto vars = nlohmann::json::parse(
            row.vars.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        rows.push_back(nlohmann::json{{"vars", vars}, {"test", row.test}});
    }
    return QByteArray::fromStdString(
        rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

QString datasetHash(const ParsedDataset &dataset) {
    return QString::fromLatin1(
        QCryptographicHash::hash(canonicalDatasetJson(dataset), QCryptographicHash::Sha256)
            .toHex());
}

} // namespace trellis::eval
