// Dataset parsing: RFC 4180 CSV, promptfoo CSV columns, JSONL, JSON, YAML; row errors with
// line and column; canonical content hash.

#include "eval/csv_reader.h"
#include "eval/dataset.h"
#include "eval/promptfoo_csv.h"
#include "eval_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::eval;
using nlohmann::json;

class TestDatasets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void csvQuotedFieldsNewlinesAndQuotes() {
        const QByteArray text = "\xEF\xBB\xBFq,a\r\n"
                                "\"Hello, world\",\"say \"\"hi\"\"\"\r\n"
                                "\"two\r\nlines\",plain\r\n"
                                "\"\",x";
        auto table = parseCsv(text);
        TRELLIS_VERIFY_OK(table);
        QCOMPARE(table->header, (QStringList{QStringLiteral("q"), QStringLiteral("a")}));
        QCOMPARE(table->records.size(), size_t(3));
        QCOMPARE(table->records[0].fields.at(0), QStringLiteral("Hello, world"));
        QCOMPARE(table->records[0].fields.at(1), QStringLiteral("say \"hi\""));
        QCOMPARE(table->records[1].fields.at(0), QStringLiteral("two\r\nlines"));
        QCOMPARE(table->records[1].line, 3);
        QCOMPARE(table->records[2].line, 5); // the embedded newline counts
        QCOMPARE(table->records[2].fields.at(0), QString());
    }

    void csvLoneCrAndBlankLines() {
        auto table = parseCsv("a,b\r1,2\n\n3,4\n");
        TRELLIS_VERIFY_OK(table);
        QCOMPARE(table->records.size(), size_t(2));
        QCOMPARE(table->records[1].fields.at(1), QStringLiteral("4"));
        // Lines are counted at LF (as everywhere in Trellis): the lone CR ends a record but
        // not a line.
        QCOMPARE(table->records[1].line, 3);
    }

    void csvErrors_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("ragged long") << QByteArray("a,b\n1,2\n1,2,3\n") << 3 << 5
                                     << QStringLiteral("row has 3 fields, the header has 2");
        QTest::newRow("ragged short") << QByteArray("a,b,c\n1,2\n") << 2 << 3
                                      << QStringLiteral("row has 2 fields, the header has 3");
        QTest::newRow("unterminated")
            << QByteArray("a\n\"abc\n") << 2 << 1 << QStringLiteral("never closed");
        QTest::newRow("quote in plain") << QByteArray("a,b\nx,ab\"c\n") << 2 << 5
                                        << QStringLiteral("quote inside an unquoted field");
        QTest::newRow("text after quote")
            << QByteArray("a\n\"x\"y\n") << 2 << 4 << QStringLiteral("after a closing quote");
        QTest::newRow("duplicate header")
            << QByteArray("a,a\n1,2\n") << 1 << 0 << QStringLiteral("duplicate column name 'a'");
        QTest::newRow("empty header")
            << QByteArray("a,,c\n") << 1 << 0 << QStringLiteral("header column 2 has no name");
        QTest::newRow("bad utf8") << QByteArray("a\n\xC3(\n") << 2 << 1
                                  << QStringLiteral("not valid UTF-8");
        QTest::newRow("empty") << QByteArray("") << 0 << 0 << QStringLiteral("empty");
    }

    void csvErrors() {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        auto table = parseCsv(text);
        QVERIFY(!table);
        QVERIFY2(table.error().message.contains(message), qPrintable(table.error().message));
        QCOMPARE(table.error().line, line);
        QCOMPARE(table.error().column, column);
    }

    void csvColumnsCountCodePoints() {
        // "é" is two bytes but one column.
        auto table = parseCsv("a,b\né,x\"y\n");
        QVERIFY(!table);
        QCOMPARE(table.error().column, 4);
    }

    void promptfooAssertionStrings_data() {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QString>("expected");
        QTest::newRow("contains") << "contains:refund"
                                  << R"({"type":"contains","value":"refund"})";
        QTest::newRow("not") << "not-icontains:Sorry"
                             << R"({"type":"not-icontains","value":"Sorry"})";
        QTest::newRow("list") << "contains-any:a, b ,c"
                              << R"({"type":"contains-any","value":["a","b","c"]})";
        QTest::newRow("threshold") << "levenshtein(3):kitten"
                                   << R"({"threshold":3.0,"type":"levenshtein","value":"kitten"})";
        QTest::newRow("no value") << "is-json"
                                  << R"({"type":"is-json"})";
        QTest::newRow("colon in value") << "regex:^a:b$"
                                        << R"({"type":"regex","value":"^a:b$"})";
        QTest::newRow("grade") << "grade:is polite"
                               << R"({"type":"llm-rubric","value":"is polite"})";
        QTest::newRow("js") << "fn: output.length > 3"
                            << R"({"type":"javascript","value":"output.length > 3"})";
        QTest::newRow("python file") << "file://check.py"
                                     << R"({"type":"python","value":"check.py"})";
        QTest::newRow("plain text") << "Paris"
                                    << R"({"type":"equals","value":"Paris"})";
        QTest::newRow("unknown type") << "foo:bar"
                                      << R"({"type":"equals","value":"foo:bar"})";
        QTest::newRow("equals") << "equals:4"
                                << R"({"type":"equals","value":"4"})";
    }

    void promptfooAssertionStrings() {
        QFETCH(QString, cell);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(assertionFromCsvString(cell).dump()), expected);
    }

    void csvSpecialColumns() {
        const QByteArray text = "question,__expected1,__expected2,__threshold,__metric,"
                                "__description\n"
                                "Where?,contains:Paris,,0.5,geo,capital\n";
        auto data = parseDataset(text, DatasetFormat::Csv);
        TRELLIS_VERIFY_OK(data);
        QCOMPARE(data->columns, QStringList{QStringLiteral("question")});
        QCOMPARE(data->rows.size(), size_t(1));
        const DatasetRow &row = data->rows[0];
        QCOMPARE(row.line, 2);
        QCOMPARE(row.vars.dump(), std::string(R"({"question":"Where?"})"));
        // The blank __expected2 adds nothing; __metric lands on the assertion.
        QCOMPARE(row.test.dump(), std::string(R"({"assert":[{"metric":"geo","type":"contains",)"
                                              R"("value":"Paris"}],"description":"capital",)"
                                              R"("threshold":0.5})"));
    }

    void csvBadThresholdNamesCell() {
        auto data = parseDataset("q,__threshold\nx,high\n", DatasetFormat::Csv);
        QVERIFY(!data);
        QCOMPARE(data.error().line, 2);
        QCOMPARE(data.error().column, 3);
        QCOMPARE(data.error().field, QStringLiteral("__threshold"));
    }

    void jsonlTypedValuesAndOrder() {
        const QByteArray text = "{\"z\": 1, \"a\": true, \"m\": null}\r\n"
                                "\n"
                                "{\"a\": [1, 2], \"q\": {\"k\": 2.5}}\n";
        auto data = parseDataset(text, DatasetFormat::Jsonl);
        TRELLIS_VERIFY_OK(data);
        QCOMPARE(data->rows.size(), size_t(2));
        QCOMPARE(data->rows[0].vars.dump(), std::string(R"({"z":1,"a":true,"m":null})"));
        QCOMPARE(data->rows[1].line, 3);
        QCOMPARE(data->columns, (QStringList{QStringLiteral("z"), QStringLiteral("a"),
                                             QStringLiteral("m"), QStringLiteral("q")}));
    }

    void jsonlErrorsNameTheLine() {
        auto data = parseDataset("{\"a\":1}\n{\"a\":2}\n{\"a\" 3}\n", DatasetFormat::Jsonl);
        QVERIFY(!data);
        QCOMPARE(data.error().line, 3);
        QVERIFY(data.error().column > 1);
        QVERIFY2(data.error().message.startsWith(u"row 3:"), qPrintable(data.error().message));
        auto notObject = parseDataset("{\"a\":1}\n[1]\n", DatasetFormat::Jsonl);
        QVERIFY(!notObject);
        QCOMPARE(notObject.error().line, 2);
        QVERIFY(notObject.error().message.contains(u"expected an object"));
    }

    void jsonArrayOfObjects() {
        const QByteArray text = "[\n  {\"b\": 1, \"a\": \"x\"},\n  {\"vars\": {\"b\": 2}, "
                                "\"assert\": [{\"type\": \"equals\", \"value\": \"2\"}]}\n]";
        auto data = parseDataset(text, DatasetFormat::Json);
        TRELLIS_VERIFY_OK(data);
        QCOMPARE(data->rows.size(), size_t(2));
        QCOMPARE(data->rows[0].vars.dump(), std::string(R"({"b":1,"a":"x"})"));
        QCOMPARE(data->rows[0].line, 2);
        // A promptfoo test case: vars + assert.
        QCOMPARE(data->rows[1].vars.dump(), std::string(R"({"b":2})"));
        QCOMPARE(data->rows[1].test.at("assert").size(), size_t(1));
        QCOMPARE(data->rows[1].line, 3);
    }

    void jsonRowErrors() {
        auto data = parseDataset("[{\"a\": 1},\n \"oops\"]", DatasetFormat::Json);
        QVERIFY(!data);
        QCOMPARE(data.error().line, 2);
        QCOMPARE(data.error().column, 2);
        QVERIFY(data.error().message.startsWith(u"row 2: expected an object"));
        auto notArray = parseDataset("{\"a\": 1}", DatasetFormat::Json);
        QVERIFY(!notArray);
        QVERIFY(notArray.error().message.contains(u"a JSON array of objects"));
        auto badAssert =
            parseDataset("[{\"vars\": {}, \"assert\": {\"type\": \"x\"}}]", DatasetFormat::Json);
        QVERIFY(!badAssert);
        QCOMPARE(badAssert.error().field, QStringLiteral("[0].assert"));
    }

    void yamlSequenceOfMappings() {
        const QByteArray text = "- question: What is 2+2?\n"
                                "  answer: 4\n"
                                "  ratio: 0.5\n"
                                "  quoted: '4'\n"
                                "- question: Capital of France?\n"
                                "  answer: Paris\n";
        auto data = parseDataset(text, DatasetFormat::Yaml);
        TRELLIS_VERIFY_OK(data);
        QCOMPARE(data->rows.size(), size_t(2));
        QCOMPARE(data->rows[0].vars.dump(),
                 std::string(R"({"question":"What is 2+2?","answer":4,"ratio":0.5,"quoted":"4"})"));
        QCOMPARE(data->rows[1].line, 5);
    }

    void yamlRowErrors() {
        auto data = parseDataset("- a: 1\n- just text\n", DatasetFormat::Yaml);
        QVERIFY(!data);
        QCOMPARE(data.error().line, 2);
        QVERIFY(data.error().message.startsWith(u"row 2:"));
        auto syntax = parseDataset("- a: [1\n", DatasetFormat::Yaml);
        QVERIFY(!syntax);
        QVERIFY(syntax.error().line > 0);
    }

    void hashIsCanonical() {
        // The same rows from CSV, JSONL and YAML (all strings) hash alike.
        auto csv = parseDataset("q,a\nx,1\ny,2\n", DatasetFormat::Csv);
        auto jsonl = parseDataset("{\"a\":\"1\",\"q\":\"x\"}\n{\"q\":\"y\",\"a\":\"2\"}\n",
                                  DatasetFormat::Jsonl);
        auto yaml = parseDataset("- {q: x, a: '1'}\n- {q: y, a: '2'}\n", DatasetFormat::Yaml);
        TRELLIS_VERIFY_OK(csv);
        TRELLIS_VERIFY_OK(jsonl);
        TRELLIS_VERIFY_OK(yaml);
        QCOMPARE(datasetHash(*csv).size(), 64);
        QCOMPARE(datasetHash(*csv), datasetHash(*jsonl));
        QCOMPARE(datasetHash(*csv), datasetHash(*yaml));
        QCOMPARE(canonicalDatasetJson(*csv),
                 QByteArray(R"([{"test":{},"vars":{"a":"1","q":"x"}},)"
                            R"({"test":{},"vars":{"a":"2","q":"y"}}])"));
        // Row order and types matter.
        auto swapped = parseDataset("q,a\ny,2\nx,1\n", DatasetFormat::Csv);
        auto typed = parseDataset("{\"q\":\"x\",\"a\":1}\n{\"q\":\"y\",\"a\":\"2\"}\n",
                                  DatasetFormat::Jsonl);
        QVERIFY(datasetHash(*swapped) != datasetHash(*csv));
        QVERIFY(datasetHash(*typed) != datasetHash(*csv));
    }

    void formats() {
        QCOMPARE(formatFromPath(QStringLiteral("tests/x.YML")), DatasetFormat::Yaml);
        QCOMPARE(formatFromPath(QStringLiteral("a.ndjson")), DatasetFormat::Jsonl);
        QVERIFY(!formatFromPath(QStringLiteral("a.txt")));
        QCOMPARE(formatName(DatasetFormat::Jsonl), QStringLiteral("jsonl"));
    }
};

QTEST_GUILESS_MAIN(TestDatasets)
#include "test_datasets.moc"
