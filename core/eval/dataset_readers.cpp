// parseDataset: the four readers and the promptfoo test-case shape of a row.
#include "eval/csv_reader.h"
#include "eval/dataset.h"
#include "eval/promptfoo_csv.h"
#include "prompt/field_path.h"
#include "prompt/json_reader.h"
#include "prompt/source_map.h"
#include "prompt/yaml_reader.h"

#include <QSet>

#include <algorithm>
#include <set>

namespace trellis::eval {

namespace {

using prompt::SourceMap;
using prompt::SourcePosition;

const char *typeName(const nlohmann::json &v) {
    return v.is_object()    ? "an object"
           : v.is_array()   ? "an array"
           : v.is_string()  ? "a string"
           : v.is_boolean() ? "a boolean"
           : v.is_null()    ? "null"
                            : "a number";
}

// The object's members in the order they were written (nlohmann::json sorts them; the
// source map remembers where each key was).
nlohmann::ordered_json inSourceOrder(const nlohmann::json &object, const QString &path,
                                     const SourceMap &map) {
    std::vector<std::pair<SourcePosition, std::string>> keys;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString child = prompt::fieldKey(path, QString::fromStdString(it.key()));
        keys.emplace_back(map.locate(child, true), it.key());
    }
    std::stable_sort(keys.begin(), keys.end(), [](const auto &a, const auto &b) {
        return std::pair(a.first.line, a.first.column) < std::pair(b.first.line, b.first.column);
    });
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto &key : keys) {
        out[key.second] = nlohmann::ordered_json::parse(
            object.at(key.second).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    return out;
}

bool isTestCase(const nlohmann::json &object) {
    static const std::set<std::string> keys{"vars",      "assert",   "description",
                                            "threshold", "metadata", "options"};
    if (!object.contains("vars") || !object.at("vars").is_object())
        return false;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (keys.count(it.key()) == 0)
            return false;
    }
    return true;
}

// Checks the test fields' shapes; assertions themselves are parsed when the test runs, so that
// a type Trellis cannot run is listed then rather than refusing the whole dataset.
Status checkTestFields(const nlohmann::json &test, const QString &path) {
    if (test.contains("assert")) {
        const auto &asserts = test.at("assert");
        if (!asserts.is_array())
            return Error(QStringLiteral("assert must be a list, got %1")
                             .arg(QLatin1String(typeName(asserts))))
                .forField(prompt::fieldKey(path, QStringLiteral("assert")));
        for (size_t i = 0; i < asserts.size(); ++i) {
            const auto &a = asserts.at(i);
            if (!a.is_object() || !a.contains("type") || !a.at("type").is_string())
                return Error(QStringLiteral("an assertion must be an object with a string "
                                            "'type'"))
                    .forField(prompt::fieldIndex(prompt::fieldKey(path, QStringLiteral("assert")),
                                                 qsizetype(i)));
        }
    }
    if (test.contains("threshold") && !test.at("threshold").is_number())
        return Error(QStringLiteral("threshold must be a number"))
            .forField(prompt::fieldKey(path, QStringLiteral("threshold")));
    if (test.contains("description") && !test.at("description").is_string())
        return Error(QStringLiteral("description must be a string"))
            .forField(prompt::fieldKey(path, QStringLiteral("description")));
    return {};
}

// One row from a parsed object; `path` is its field path in the document ("[3]" or "").
Result<DatasetRow> rowFromObject(const nlohmann::json &value, const QString &path,
                                 const SourceMap &map) {
    if (!value.is_object())
        return Error(QStringLiteral("expected an object (one row), got %1")
                         .arg(QLatin1String(typeName(value))))
            .forField(path);
    DatasetRow row;
    row.line = map.locate(path).line;
    if (!isTestCase(value)) {
        row.vars = inSourceOrder(value, path, map);
        return row;
    }
    row.vars = inSourceOrder(value.at("vars"), prompt::fieldKey(path, QStringLiteral("vars")), map);
    for (auto it = value.begin(); it != value.end(); ++it) {
        if (it.key() != "vars")
            row.test[it.key()] = it.value();
    }
    if (Status s = checkTestFields(row.test, path); !s)
        return s.error();
    return row;
}

// Prefixes "row N" to a row's error and places it in the file.
Error rowError(Error error, size_t index, const SourceMap &map) {
    map.placeError(&error, true);
    error.message = QStringLiteral("row %1: %2").arg(index + 1).arg(error.message);
    return error;
}

void collectColumns(ParsedDataset *data) {
    QSet<QString> seen;
    for (const DatasetRow &row : data->rows) {
        for (auto it = row.vars.begin(); it != row.vars.end(); ++it) {
            const QString key = QString::fromStdString(it.key());
            if (!seen.contains(key)) {
                seen.insert(key);
                data->columns.append(key);
            }
        }
    }
}

Result<ParsedDataset> readCsv(const QByteArray &text) {
    auto table = parseCsv(text);
    if (!table)
        return table.error();
    ParsedDataset data;
    for (const CsvRecord &record : table->records) {
        auto row = rowFromCsvRecord(table->header, record);
        if (!row)
            return row.error();
        data.rows.push_back(std::move(*row));
    }
    collectColumns(&data);
    // Columns of a CSV file are its header (minus the promptfoo __ columns), even when a
    // dataset has no rows yet.
    data.columns.clear();
    for (const QString &name : table->header) {
        static const QSet<QString> special{
            QStringLiteral("__description"), QStringLiteral("__threshold"),
            QStringLiteral("__metric"),      QStringLiteral("__prefix"),
            QStringLiteral("__suffix"),      QStringLiteral("__providerOutput")};
        if (!name.startsWith(u"__expected") && !special.contains(name))
            data.columns.append(name);
    }
    return data;
}

Result<ParsedDataset> readDocumentRows(const nlohmann::json &doc, const SourceMap &map,
                                       const char *expected) {
    if (!doc.is_array())
        return Error(QStringLiteral("expected %1, got %2")
                         .arg(QLatin1String(expected), QLatin1String(typeName(doc))))
            .at(1, 1);
    ParsedDataset data;
    for (size_t i = 0; i < doc.size(); ++i) {
        auto row = rowFromObject(doc.at(i), prompt::fieldIndex(QString(), qsizetype(i)), map);
        if (!row)
            return rowError(row.error(), i, map);
        data.rows.push_back(std::move(*row));
    }
    collectColumns(&data);
    return data;
}

Result<ParsedDataset> readJsonl(const QByteArray &text) {
    ParsedDataset data;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        const int lineNo = int(i + 1);
        SourceMap map;
        auto doc = prompt::parseJsonDocument(line, &map);
        if (!doc) {
            Error e = doc.error();
            e.message = QStringLiteral("row %1: %2").arg(data.rows.size() + 1).arg(e.message);
            return e.at(lineNo, e.column);
        }
        auto row = rowFromObject(*doc, QString(), map);
        if (!row) {
            Error e = rowError(row.error(), data.rows.size(), map);
            return e.at(lineNo, e.column);
        }
        row->line = lineNo;
        data.rows.push_back(std::move(*row));
    }
    collectColumns(&data);
    return data;
}

} // namespace

Result<ParsedDataset> parseDataset(const QByteArray &input, DatasetFormat format) {
    const QByteArray text = input.startsWith("\xEF\xBB\xBF") ? input.mid(3) : input;
    if (format == DatasetFormat::Csv)
        return readCsv(input);
    const qsizetype bad = prompt::invalidUtf8Offset(text);
    if (bad >= 0) {
        const SourcePosition p = prompt::TextIndex(text).position(bad);
        return Error(QStringLiteral("the file is not valid UTF-8")).at(p.line, p.column);
    }
    if (format == DatasetFormat::Jsonl)
        return readJsonl(text);
    SourceMap map;
    const bool yaml = format == DatasetFormat::Yaml;
    auto doc = yaml ? prompt::parseYamlDocument(text, &map) : prompt::parseJsonDocument(text, &map);
    if (!doc)
        return doc.error();
    return readDocumentRows(*doc, map,
                            yaml ? "a YAML sequence of mappings (one per row)"
                                 : "a JSON array of objects (one per row)");
}

} // namespace trellis::eval
