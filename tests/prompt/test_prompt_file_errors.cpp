#include "prompt/prompt_file.h"

#include <QTemporaryDir>
#include <QTest>

using namespace trellis;
using namespace trellis::prompt;

Q_DECLARE_METATYPE(trellis::prompt::Format)

// Bad prompt files: every error names the place (line, column, field path) and never crashes.
class TestPromptFileErrors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badFiles_data() {
        QTest::addColumn<Format>("format");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("messagePart");

        const auto row = [](const char *tag, Format f, const QByteArray &text, int line, int col,
                            const char *field, const char *part) {
            QTest::newRow(tag) << f << text << line << col << QString::fromUtf8(field)
                               << QString::fromUtf8(part);
        };
        const QByteArray yamlHead = "name: demo\nmessages:\n  - role: user\n    content: hi\n";

        // Semantic errors point at the offending value.
        row("yaml bad role", Format::Yaml,
            "name: demo\nmessages:\n  - role: user\n    content: hi\n  - role: systen\n    "
            "content: x\n",
            5, 11, "messages[1].role", "unknown role 'systen'");
        row("json bad role", Format::Json,
            "{\n  \"name\": \"demo\",\n  \"messages\": [\n    {\"role\": \"user\", \"content\": "
            "\"hi\"},\n"
            "    {\"role\": \"systen\", \"content\": \"x\"}\n  ]\n}\n",
            5, 14, "messages[1].role", "unknown role 'systen'");
        row("yaml unicode column", Format::Yaml, "description: \"日本\"\nname: Ünï\nmessages: []\n",
            2, 7, "name", "invalid name");
        row("yaml unknown key at key", Format::Yaml, yamlHead + "temprature: 0.5\n", 5, 1,
            "temprature", "unknown key 'temprature'");
        row("json unknown key at key", Format::Json,
            "{\"name\": \"a\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}],\n "
            "\"tags\": [],"
            " \"descripton\": \"d\"}",
            2, 14, "descripton", "unknown key 'descripton'");
        row("yaml missing content at item", Format::Yaml, "name: demo\nmessages:\n  - role: user\n",
            3, 5, "messages[0].content", "missing required key 'content'");
        row("yaml empty role value", Format::Yaml,
            "name: demo\nmessages:\n  - role:\n    content: x\n", 3, 5, "messages[0].role",
            "expected a string, got null");
        row("yaml name number", Format::Yaml, "name: 123\nmessages: [{role: user, content: x}]\n",
            1, 7, "name", "quote the value");
        row("yaml missing name", Format::Yaml, "\nmessages: [{role: user, content: x}]\n", 2, 1,
            "name", "missing required key 'name'");
        row("yaml bad variable type", Format::Yaml,
            yamlHead + "variables:\n  - name: n\n    type: float\n", 7, 11, "variables[0].type",
            "unknown type 'float'");
        row("yaml param key with dot", Format::Yaml, yamlHead + "params: {a.b: 1}\nbogus.key: 2\n",
            6, 1, "[\"bogus.key\"]", "unknown key");
        row("yaml top level list", Format::Yaml, "- a\n- b\n", 1, 1, "", "must be a mapping");

        // Syntax errors.
        row("yaml syntax", Format::Yaml, "name: demo\nmessages: [unclosed\n", 3, 1, "",
            "YAML syntax error");
        row("yaml bad indent", Format::Yaml, "name: demo\n  messages: x\n", 2, 11, "",
            "YAML syntax error");
        row("json syntax", Format::Json, "{\n  \"name\": \"demo\",\n  \"messages\": [}\n", 3, 16,
            "", "JSON syntax error");
        row("json trailing comma", Format::Json, "{\"name\": \"demo\",}", 1, 17, "",
            "JSON syntax error");
        row("json empty", Format::Json, "", 1, 1, "", "JSON syntax error");
        row("json after é", Format::Json, "{\"é\": x}", 1, 7, "", "JSON syntax error");

        // What the parsers would accept silently.
        row("yaml duplicate key", Format::Yaml, yamlHead + "name: again\n", 5, 1, "name",
            "duplicate key 'name'");
        row("json duplicate key", Format::Json,
            "{\"name\": \"a\",\n \"messages\": [],\n \"name\": \"b\"}", 3, 2, "name",
            "duplicate key 'name'");
        row("yaml nested duplicate", Format::Yaml, yamlHead + "params:\n  t: 1\n  t: 2\n", 7, 3,
            "params.t", "duplicate key");
        row("yaml two documents", Format::Yaml, yamlHead + "---\nname: other\n", 5, 1, "",
            "one YAML document");
        row("yaml empty", Format::Yaml, "", 1, 1, "", "empty");
        row("yaml inf", Format::Yaml, yamlHead + "params:\n  t: .inf\n", 6, 6, "params.t",
            "infinity");
        row("yaml custom tag", Format::Yaml, yamlHead + "params:\n  t: !python/object x\n", 6, 6,
            "params.t", "unsupported tag");
        row("yaml complex key", Format::Yaml, yamlHead + "params:\n  ? [a]\n  : 1\n", 6, 5,
            "params", "keys must be plain text");
        row("invalid utf8", Format::Yaml, "name: a\ndescription: \"ab\xff\"\n", 2, 17, "", "UTF-8");
        row("yaml escape N", Format::Yaml, yamlHead + "description: \"a\\Nb\"\n", 5, 14,
            "description", "not valid UTF-8");
        row("overlong utf8", Format::Json, "{\"name\": \"\xc0\xaf\"}", 1, 11, "", "UTF-8");
    }

    void badFiles() {
        QFETCH(Format, format);
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, field);
        QFETCH(QString, messagePart);
        const Result<PromptSpec> r = parsePromptText(text, format, QStringLiteral("p.txt"));
        QVERIFY(!r.ok());
        const Error &e = r.error();
        QVERIFY2(e.message.contains(messagePart), qPrintable(e.toString()));
        QCOMPARE(e.field, field);
        QCOMPARE(e.file, QStringLiteral("p.txt"));
        QCOMPARE(e.line, line);
        QCOMPARE(e.column, column);
    }

    void readableMessage() {
        const QByteArray text = "name: demo\nmessages:\n  - role: systen\n    content: x\n";
        const Result<PromptSpec> r = parsePromptText(text, Format::Yaml, QStringLiteral("t.yaml"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().toString(),
                 QStringLiteral("t.yaml:3:11: messages[0].role: unknown role 'systen' (expected "
                                "system, user or assistant)"));
    }

    void hostileInput_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("deep flow yaml") << QByteArray(100000, '[');
        QTest::newRow("deep block yaml") << QByteArray("a:\n") + QByteArray(5000, '-') + " x\n";
        QTest::newRow("deep json") << QByteArray(100000, '[') + QByteArray(100000, ']');
        QTest::newRow("deep json object")
            << QByteArray("{\"a\":").repeated(2000) + "1" + QByteArray(2000, '}');
        QByteArray bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
        for (char c = 'b'; c <= 'k'; ++c) {
            const QByteArray prev(1, char(c - 1));
            bomb += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [*" + prev + ", *" + prev
                    + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev
                    + ", *" + prev + ", *" + prev + ", *" + prev + "]\n";
        }
        QTest::newRow("alias bomb") << bomb;
        QTest::newRow("self alias") << QByteArray("a: &a [*a]\n");
        QTest::newRow("nul bytes") << QByteArray("name: a\0b\n", 10);
        QTest::newRow("only comments") << QByteArray("# nothing\n");
        QTest::newRow("lone cr") << QByteArray("name: a\rmessages: x\r");
    }

    void hostileInput() {
        QFETCH(QByteArray, text);
        for (Format f : {Format::Yaml, Format::Json, Format::Auto}) {
            const Result<PromptSpec> r = parsePromptText(text, f);
            QVERIFY(!r.ok());
            QVERIFY(!r.error().message.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestPromptFileErrors)
#include "test_prompt_file_errors.moc"
