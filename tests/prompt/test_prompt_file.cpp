#include "prompt/prompt_file.h"
#include "prompt/prompt_json.h"

#include <QTemporaryDir>
#include <QTest>

using namespace trellis;
using namespace trellis::prompt;
using nlohmann::json;

Q_DECLARE_METATYPE(trellis::prompt::Format)

namespace {

PromptSpec specWithContent(const QString &content) {
    PromptSpec spec;
    spec.name = QStringLiteral("edge");
    spec.messages = {{Role::System, content}, {Role::User, QStringLiteral("after")}};
    return spec;
}

PromptSpec fullSpec() {
    PromptSpec spec;
    spec.name = QStringLiteral("support-triage");
    spec.description = QStringLiteral("Classify a support ticket.\nReturns JSON.");
    spec.messages = {
        {Role::System, QStringLiteral("You are a support triage assistant.\n\nAnswer in JSON.\n")},
        {Role::User, QStringLiteral("Ticket:\n{{ ticket }}")},
        {Role::Assistant, QStringLiteral("{\"category\": \"billing\"}")}};
    spec.model = QStringLiteral("openai:gpt-4o-mini");
    spec.params = json{{"temperature", 0.2}, {"max_tokens", 512},
                       {"top_p", 1.0},       {"stop", {"\n\n", "END"}},
                       {"seed", "512"},      {"logit_bias", json::object()},
                       {"big", 1e100},       {"neg", -3},
                       {"flag", true},       {"nothing", nullptr}};
    Variable ticket;
    ticket.name = QStringLiteral("ticket");
    ticket.type = VariableType::Text;
    ticket.description = QStringLiteral("Body of the ticket");
    ticket.example = "My invoice is wrong.\nPlease fix.";
    ticket.required = true;
    Variable labels;
    labels.name = QStringLiteral("labels");
    labels.type = VariableType::List;
    labels.defaultValue = json::array({"billing", "bug", "yes", "1.5", "null"});
    Variable extra;
    extra.name = QStringLiteral("extra");
    extra.type = VariableType::Json;
    extra.defaultValue =
        json{{"nested", {{"deep", {1, 2, {{"k", "v: x"}}}}}}, {"empty", json::array()}};
    spec.variables = {ticket, labels, extra};
    spec.outputSchema =
        json{{"type", "object"},
             {"properties", {{"category", {{"type", "string"}, {"enum", {"billing", "bug"}}}}}},
             {"required", {"category"}},
             {"additionalProperties", false}};
    spec.tags = {QStringLiteral("support"), QStringLiteral("json"),
                 QStringLiteral("needs, quoting")};
    return spec;
}

QString describe(const Result<PromptSpec> &r) {
    return r.ok() ? QString() : r.error().toString();
}

} // namespace

class TestPromptFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fullRoundTrip_data() {
        QTest::addColumn<Format>("format");
        QTest::newRow("yaml") << Format::Yaml;
        QTest::newRow("json") << Format::Json;
    }

    void fullRoundTrip() {
        QFETCH(Format, format);
        const PromptSpec spec = fullSpec();
        const QByteArray text = writePromptText(spec, format);
        const Result<PromptSpec> back = parsePromptText(text, format);
        QVERIFY2(back.ok(),
                 qPrintable(describe(back) + QLatin1Char('\n') + QString::fromUtf8(text)));
        QVERIFY2(*back == spec, text.constData());
        QCOMPARE(contentHash(*back), contentHash(spec));
        QCOMPARE(writePromptText(*back, format), text); // stable
        QVERIFY(text.endsWith('\n'));
        // Sniffing picks the right reader without a hint.
        QVERIFY(parsePromptText(text, Format::Auto).ok());
    }

    void contentRoundTrip_data() {
        QTest::addColumn<QString>("content");
        const char *cases[] = {"",
                               "a",
                               "a\n",
                               "a\n\n",
                               "a\n\n\n",
                               "\n",
                               "\n\n",
                               "\na",
                               "\n\na\n",
                               "  leading spaces",
                               "  leading\nthen not",
                               "first\n  indented\n",
                               "\tTab first",
                               "a\tb\t",
                               "trailing spaces  ",
                               "trailing spaces  \nand more  \n",
                               "   ",
                               " \n",
                               "  \n\n",
                               "\t",
                               "\t\n",
                               "line\r\nwindows\r\n",
                               "old\rmac",
                               "unicode ünïcödé 日本語 🎉\n",
                               "---\nnot a document\n...\n",
                               "---",
                               "# not a comment\n",
                               "'single' and \"double\" quotes",
                               "key: value",
                               "- item",
                               "{{ x }}",
                               "{% if a %}\n  {{ a }}\n{% endif %}\n",
                               "\x01 control \x7f",
                               "nel \xc2\x85 here",
                               "ls \xe2\x80\xa8 ps \xe2\x80\xa9",
                               "bom \xef\xbb\xbf inside",
                               "back\\slash \\n",
                               "true",
                               "123",
                               "null",
                               "~",
                               "a\n \n  \nb",
                               "ends with spaces line\n   ",
                               "| pipe",
                               "> gt",
                               "@at `tick`",
                               "0.5",
                               "\xef\xbf\xbd replacement"};
        for (const char *c : cases)
            QTest::newRow(QByteArray(c).toPercentEncoding().left(60).constData())
                << QString::fromUtf8(c);
    }

    void contentRoundTrip() {
        QFETCH(QString, content);
        PromptSpec spec = specWithContent(content);
        spec.description = content;
        spec.params = json{{"text", content.toStdString()}};
        if (!content.trimmed().isEmpty())
            spec.tags = {content};
        for (Format format : {Format::Yaml, Format::Json}) {
            const QByteArray text = writePromptText(spec, format);
            const Result<PromptSpec> back = parsePromptText(text, format);
            QVERIFY2(back.ok(),
                     qPrintable(describe(back) + QLatin1Char('\n') + QString::fromUtf8(text)));
            QVERIFY2(*back == spec, text.constData());
            QCOMPARE(back->messages[0].content.toUtf8(), content.toUtf8());
            QCOMPARE(writePromptText(*back, format), text);
        }
    }

    void yamlIsHumanFriendly() {
        PromptSpec spec = specWithContent(QStringLiteral("Line one\nLine two\n"));
        spec.model = QStringLiteral("openai:gpt-4o");
        spec.tags = {QStringLiteral("a"), QStringLiteral("b")};
        const QByteArray yaml = writePromptText(spec, Format::Yaml);
        const QByteArray expected = "name: edge\n"
                                    "tags: [a, b]\n"
                                    "model: openai:gpt-4o\n"
                                    "messages:\n"
                                    "  - role: system\n"
                                    "    content: |\n"
                                    "      Line one\n"
                                    "      Line two\n"
                                    "  - role: user\n"
                                    "    content: |-\n"
                                    "      after\n";
        QCOMPARE(yaml, expected);
    }

    void yamlBlockChomping() {
        const QByteArray keep =
            writePromptText(specWithContent(QStringLiteral("x\n\n")), Format::Yaml);
        QVERIFY2(keep.contains("content: |+\n      x\n\n"), keep.constData());
        const QByteArray indented =
            writePromptText(specWithContent(QStringLiteral("  x")), Format::Yaml);
        QVERIFY2(indented.contains("content: |2-\n        x\n"), indented.constData());
        // CR cannot live in a block scalar: falls back to a double-quoted scalar.
        const QByteArray crlf =
            writePromptText(specWithContent(QStringLiteral("a\r\nb")), Format::Yaml);
        QVERIFY2(crlf.contains("content: \"a\\r\\nb\"\n"), crlf.constData());
    }

    void yamlScalarTypes() {
        const QByteArray yaml = "name: types\n"
                                "messages:\n"
                                "  - role: user\n"
                                "    content: hi\n"
                                "params:\n"
                                "  temperature: 0.2\n"
                                "  max_tokens: 512\n"
                                "  quoted: \"512\"\n"
                                "  single: '0.2'\n"
                                "  flag: true\n"
                                "  word: yes\n"
                                "  nothing: ~\n"
                                "  empty:\n"
                                "  hex: 0x1F\n"
                                "  big: 18446744073709551615\n"
                                "  exp: 1e3\n"
                                "  tagged: !!str 12\n"
                                "  list: [1, two, 3.5]\n";
        const Result<PromptSpec> r = parsePromptText(yaml, Format::Yaml);
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        const json &p = r->params;
        QVERIFY(p["temperature"].is_number_float());
        QCOMPARE(p["temperature"].get<double>(), 0.2);
        QVERIFY(p["max_tokens"].is_number_integer());
        QCOMPARE(p["max_tokens"].get<int>(), 512);
        QVERIFY(p["quoted"] == "512");
        QVERIFY(p["single"] == "0.2");
        QVERIFY(p["flag"] == true);
        QVERIFY(p["word"] == "yes");
        QVERIFY(p["nothing"].is_null());
        QVERIFY(p["empty"].is_null());
        QVERIFY(p["hex"] == 31);
        QVERIFY(p["big"].is_number_unsigned());
        QVERIFY(p["exp"].is_number_float());
        QVERIFY(p["tagged"] == "12");
        QVERIFY(p["list"] == json::parse("[1, \"two\", 3.5]"));
        // And back: the types survive a YAML round trip.
        const Result<PromptSpec> again =
            parsePromptText(writePromptText(*r, Format::Yaml), Format::Yaml);
        QVERIFY(again.ok());
        QVERIFY(again->params == p);
    }

    void yamlAndJsonAgree() {
        const QByteArray yaml =
            "name: same\nmessages:\n  - role: user\n    content: |\n      Hi {{ n }}\n"
            "variables:\n  - name: n\n    type: integer\n    default: 3\n";
        const QByteArray jsonText =
            "{\"name\":\"same\",\"messages\":[{\"role\":\"user\",\"content\":"
            "\"Hi {{ n }}\\n\"}],\"variables\":[{\"name\":\"n\",\"type\":"
            "\"integer\",\"default\":3}]}";
        const Result<PromptSpec> a = parsePromptText(yaml, Format::Auto);
        const Result<PromptSpec> b = parsePromptText(jsonText, Format::Auto);
        QVERIFY2(a.ok(), qPrintable(describe(a)));
        QVERIFY2(b.ok(), qPrintable(describe(b)));
        QVERIFY(*a == *b);
    }

    void byteOrderMark() {
        const QByteArray text = "\xEF\xBB\xBFname: bom\nmessages: [{role: user, content: hi}]\n";
        const Result<PromptSpec> r = parsePromptText(text, Format::Yaml);
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(r->name, QStringLiteral("bom"));
    }

    void formats() {
        QCOMPARE(formatForPath(QStringLiteral("a/b.yaml")), Format::Yaml);
        QCOMPARE(formatForPath(QStringLiteral("b.YML")), Format::Yaml);
        QCOMPARE(formatForPath(QStringLiteral("b.json")), Format::Json);
        QCOMPARE(formatForPath(QStringLiteral("b.prompt")), Format::Auto);
        QCOMPARE(sniffFormat("  \n{\"a\":1}"), Format::Json);
        QCOMPARE(sniffFormat("name: x"), Format::Yaml);
        QCOMPARE(sniffFormat(""), Format::Yaml);
        QCOMPARE(formatName(Format::Json), QStringLiteral("json"));
    }

    void files() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const PromptSpec spec = fullSpec();
        for (const char *name : {"p.yaml", "p.json", "p.txt"}) {
            const QString path = dir.filePath(QString::fromLatin1(name));
            QVERIFY(writePromptFile(spec, path).ok());
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const bool isJson = f.readAll().startsWith('{');
            QCOMPARE(isJson, QByteArray(name).endsWith(".json"));
            const Result<PromptSpec> back = readPromptFile(path);
            QVERIFY2(back.ok(), qPrintable(describe(back)));
            QVERIFY(*back == spec);
        }
        const Result<PromptSpec> missing =
            readPromptFile(dir.filePath(QStringLiteral("nope.yaml")));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().file.endsWith(QLatin1String("nope.yaml")));
        QVERIFY(missing.error().message.contains(QLatin1String("cannot open")));
    }
};

QTEST_GUILESS_MAIN(TestPromptFile)
#include "test_prompt_file.moc"
