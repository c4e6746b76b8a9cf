// promptfoo config import: prompts, providers, tests (inline and files), defaultTest, var cross
// products, assertion mapping, the unsupported list and FILE:LINE:COL errors.

#include "eval/promptfoo_config.h"
#include "eval_test_support.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace trellis;
using namespace trellis::eval;
using nlohmann::json;

// nlohmann::json does not print through QTest; compare the compact dumps.
#define QCOMPARE_JSON(actual, expected) QCOMPARE(json(actual).dump(), json(expected).dump())

namespace {

QString dataDir(const char *name) {
    return qEnvironmentVariable("TRELLIS_SOURCE_DIR")
           + QStringLiteral("/tests/eval/data/promptfoo/") + QLatin1String(name);
}

QString configPath(const char *name) {
    return dataDir(name) + QStringLiteral("/promptfooconfig.yaml");
}

// The unsupported list as "where | reason" lines, for readable failures.
QStringList unsupportedWheres(const PromptfooImport &imported) {
    QStringList out;
    for (const UnsupportedItem &item : imported.unsupported)
        out << item.where;
    return out;
}

QString reasonFor(const PromptfooImport &imported, const QString &where) {
    for (const UnsupportedItem &item : imported.unsupported) {
        if (item.where == where)
            return item.reason;
    }
    return {};
}

QStringList typeNames(const TestCase &test) {
    QStringList out;
    for (const Assertion &a : test.test.assertions)
        out << a.typeName();
    return out;
}

QString writeConfig(const QTemporaryDir &dir, const QByteArray &text,
                    const QString &name = QStringLiteral("promptfooconfig.yaml")) {
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        qFatal("cannot write the config");
    return path;
}

} // namespace

class TestPromptfooConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void basicPromptsAndProviders() {
        auto imported = importPromptfooConfig(configPath("basic"));
        TRELLIS_VERIFY_OK(imported);
        const ExperimentSpec &spec = imported->spec;
        QCOMPARE(spec.description, QStringLiteral("Customer support triage"));
        QCOMPARE(spec.name, QStringLiteral("promptfoo:basic/promptfooconfig"));
        QCOMPARE(spec.variants.size(), size_t(3));
        QCOMPARE(spec.variants[0].kind, VariantKind::InlinePrompt);
        QCOMPARE(spec.variants[0].messages.size(), size_t(1));
        QCOMPARE(spec.variants[0].messages[0].role, prompt::Role::User);
        QCOMPARE(spec.variants[0].messages[0].content,
                 QStringLiteral("Classify this ticket as billing, bug or other: {{ticket}}"));
        // An inline chat JSON list becomes messages whose contents stay templates.
        QCOMPARE(spec.variants[1].messages.size(), size_t(2));
        QCOMPARE(spec.variants[1].messages[0].role, prompt::Role::System);
        QCOMPARE(spec.variants[1].messages[1].content, QStringLiteral("{{ticket}}"));
        QCOMPARE(spec.variants[2].label, QStringLiteral("terse"));

        QCOMPARE(spec.models.size(), size_t(5));
        QCOMPARE(spec.models[0].id, QStringLiteral("openai:gpt-4o-mini"));
        QCOMPARE(spec.models[1].id, QStringLiteral("openai:gpt-4o"));
        QCOMPARE(spec.models[2].id, QStringLiteral("anthropic:claude-3-5-haiku-latest"));
        QCOMPARE(spec.models[2].label, QStringLiteral("haiku"));
        QCOMPARE_JSON(spec.models[2].params,
                      json({{"temperature", 0}, {"max_tokens", 128}, {"top_p", 0.9}}));
        QCOMPARE(spec.models[3].id, QStringLiteral("ollama:llama3.2:1b"));
        QCOMPARE(spec.models[4].id, QStringLiteral("openai:gpt-4o"));
        QCOMPARE(spec.models[4].displayLabel(), QStringLiteral("openai:gpt-4o #2"));
        QCOMPARE_JSON(spec.models[4].params["seed"], json(42));
        QCOMPARE_JSON(spec.models[4].params["stop"], json::array({"\n\n"}));

        QCOMPARE(spec.repeats, 2);
        QCOMPARE(spec.concurrency, 4);
        QCOMPARE(spec.judgeModel, QStringLiteral("openai:gpt-4o"));
    }

    void basicTestsAndAssertions() {
        auto imported = importPromptfooConfig(configPath("basic"));
        TRELLIS_VERIFY_OK(imported);
        const ExperimentSpec &spec = imported->spec;
        QCOMPARE(spec.tests.size(), size_t(2));
        const TestCase &billing = spec.tests[0];
        QCOMPARE(billing.description, QStringLiteral("billing question"));
        QCOMPARE_JSON(billing.vars, json({{"ticket", "I was charged twice this month"},
                                          {"language", "English"}}));
        // defaultTest's assertions come first, then the test's own.
        QCOMPARE(typeNames(billing),
                 (QStringList{QStringLiteral("not-icontains"), QStringLiteral("equals"),
                              QStringLiteral("contains"), QStringLiteral("icontains"),
                              QStringLiteral("contains-any"), QStringLiteral("contains-all"),
                              QStringLiteral("starts-with"), QStringLiteral("regex"),
                              QStringLiteral("levenshtein"), QStringLiteral("latency"),
                              QStringLiteral("cost")}));
        QCOMPARE(billing.test.assertions[2].weight, 2.0);
        QCOMPARE(billing.test.assertions[8].threshold, std::optional<double>(2.0));
        QCOMPARE(billing.test.assertions[9].threshold, std::optional<double>(5000.0));
        QCOMPARE(billing.test.threshold, std::optional<double>(0.75));

        const TestCase &structured = spec.tests[1];
        QCOMPARE_JSON(structured.vars["language"], json("German")); // own vars override defaults
        QCOMPARE(typeNames(structured),
                 (QStringList{QStringLiteral("not-icontains"), QStringLiteral("is-json"),
                              QStringLiteral("contains-json"), QStringLiteral("llm-rubric"),
                              QStringLiteral("llm-rubric"), QStringLiteral("not-starts-with")}));
        QVERIFY(structured.test.assertions[1].schema != nullptr);
        QCOMPARE(structured.test.assertions[3].provider,
                 QStringLiteral("anthropic:claude-3-5-sonnet-latest"));
        QCOMPARE(structured.test.assertions[4].provider, QString()); // the experiment's judge
        QVERIFY(!structured.test.threshold.has_value());

        QCOMPARE(unsupportedWheres(*imported), (QStringList{QStringLiteral("tests[1].assert[5]"),
                                                            QStringLiteral("tests[1].assert[6]")}));
        QVERIFY(reasonFor(*imported, QStringLiteral("tests[1].assert[5]"))
                    .contains(QStringLiteral("JavaScript")));
        QVERIFY(reasonFor(*imported, QStringLiteral("tests[1].assert[6]"))
                    .contains(QStringLiteral("script files")));
    }

    void filePromptsGlobsAndChatJson() {
        auto imported = importPromptfooConfig(configPath("files"));
        TRELLIS_VERIFY_OK(imported);
        const ExperimentSpec &spec = imported->spec;
        QStringList labels;
        for (const VariantSpec &v : spec.variants)
            labels << v.label;
        QCOMPARE(labels,
                 (QStringList{QStringLiteral("prompts/a.txt#1"), QStringLiteral("prompts/a.txt#2"),
                              QStringLiteral("prompts/b.txt"), QStringLiteral("prompts/chat.json"),
                              QStringLiteral("summary")}));
        QCOMPARE(spec.variants[1].messages[0].content,
                 QStringLiteral("Summarize {{topic}} in one line ({{tone}})."));
        QCOMPARE(spec.variants[3].messages.size(), size_t(2));
        QCOMPARE(spec.variants[3].messages[0].content,
                 QStringLiteral("You write in a {{tone}} tone."));
        QVERIFY(spec.variants[4].messages[0].content.startsWith(QStringLiteral("# Summary")));
        QCOMPARE(spec.models.size(), size_t(1));
        QCOMPARE(spec.models[0].id, QStringLiteral("openai:gpt-4o-mini"));
    }

    void fileTestsAndVarCrossProduct() {
        auto imported = importPromptfooConfig(configPath("files"));
        TRELLIS_VERIFY_OK(imported);
        const auto &tests = imported->spec.tests;
        // csv 2 rows, yaml 2, jsonl 2, each x 2 tones; cross product 2 x 2; one unexpanded.
        QCOMPARE(tests.size(), size_t(17));
        QCOMPARE_JSON(tests[0].vars, json({{"topic", "cats"}, {"tone", "formal"}}));
        QCOMPARE_JSON(tests[1].vars, json({{"topic", "cats"}, {"tone", "casual"}}));
        QCOMPARE(tests[0].description, QStringLiteral("cats only"));
        QCOMPARE(typeNames(tests[0]),
                 (QStringList{QStringLiteral("contains"), QStringLiteral("not-icontains")}));
        QCOMPARE(tests[0].test.threshold, std::optional<double>(0.5)); // from defaultTest
        QCOMPARE(typeNames(tests[2]), QStringList{QStringLiteral("contains-any")});
        QCOMPARE_JSON(tests[2].test.assertions[0].value, json({"dog", "puppy"}));
        QCOMPARE_JSON(tests[4].vars["topic"], json("birds"));
        QCOMPARE(typeNames(tests[4]), QStringList{QStringLiteral("icontains")});
        QCOMPARE(tests[6].description, QStringLiteral("fish"));
        QCOMPARE_JSON(tests[8].vars["topic"], json("frogs"));
        QCOMPARE_JSON(tests[10].vars["topic"], json("owls"));

        // Cross product in key order: tone varies slower than topic (keys sort), a list of
        // numbers stays one value, file:// vars are loaded (YAML as JSON text, text trimmed).
        QStringList combos;
        for (size_t i = 12; i < 16; ++i)
            combos << QString::fromStdString(tests[i].vars["tone"].get<std::string>() + "/"
                                             + tests[i].vars["topic"].get<std::string>());
        QCOMPARE(combos,
                 (QStringList{QStringLiteral("formal/cats"), QStringLiteral("formal/dogs"),
                              QStringLiteral("casual/cats"), QStringLiteral("casual/dogs")}));
        QCOMPARE_JSON(tests[12].vars["numbers"], json({1, 2, 3}));
        QCOMPARE_JSON(tests[12].vars["style"], json("Short and vivid."));
        QCOMPARE_JSON(json::parse(tests[12].vars["meta"].get<std::string>()),
                      json({{"audience", "kids"}, {"length", 3}}));
        QCOMPARE_JSON(tests[12].test.assertions[0].value, json("{{topic}}"));

        const TestCase &plain = tests[16];
        QCOMPARE_JSON(plain.vars["topic"], json({"cats", "dogs"}));
        QCOMPARE_JSON(plain.vars["tone"], json({"formal", "casual"}));

        QCOMPARE(unsupportedWheres(*imported),
                 QStringList{QStringLiteral("data/cases.csv:3 assert[1]")});
    }

    void unsupportedItemsAreListed() {
        auto imported = importPromptfooConfig(configPath("unsupported"));
        TRELLIS_VERIFY_OK(imported);
        const ExperimentSpec &spec = imported->spec;
        QCOMPARE(spec.variants.size(), size_t(1));
        QCOMPARE(spec.variants[0].messages[0].content, QStringLiteral("Plain {{question}}"));
        QCOMPARE(spec.models.size(), size_t(2));
        QCOMPARE(spec.models[1].id, QStringLiteral("openai:gpt-4o"));
        QCOMPARE_JSON(spec.models[1].params, json::object()); // nothing it cannot send
        QCOMPARE(spec.tests.size(), size_t(1));
        QCOMPARE_JSON(spec.tests[0].vars, json({{"question", "one"}}));
        QVERIFY(spec.tests[0].test.assertions.empty());

        const QStringList expected{
            QStringLiteral("scenarios"),
            QStringLiteral("prompts[0]"),
            QStringLiteral("prompts[4].config"),
            QStringLiteral("prompts[1]"),
            QStringLiteral("prompts[2]"),
            QStringLiteral("providers[1]"),
            QStringLiteral("providers[2]"),
            QStringLiteral("providers[3]"),
            QStringLiteral("providers[4]"),
            QStringLiteral("providers[5].config.apiBaseUrl"),
            QStringLiteral("providers[5].config.apiKey"),
            QStringLiteral("providers[5].config.frequency_penalty"),
            QStringLiteral("providers[5].prompts"),
            QStringLiteral("tests[0]"),
            QStringLiteral("tests[1].assert[0]"),
            QStringLiteral("tests[1].assert[1]"),
            QStringLiteral("tests[1].assert[2]"),
            QStringLiteral("tests[1].assert[3]"),
            QStringLiteral("tests[2]"),
            QStringLiteral("tests[3]"),
            QStringLiteral("tests[4]"),
        };
        QStringList wheres = unsupportedWheres(*imported);
        QCOMPARE(wheres, expected);
        QVERIFY(reasonFor(*imported, QStringLiteral("prompts[1]"))
                    .contains(QStringLiteral("cannot parse")));
        QVERIFY(reasonFor(*imported, QStringLiteral("prompts[2]")).contains(QStringLiteral("env")));
        QVERIFY(reasonFor(*imported, QStringLiteral("providers[1]"))
                    .startsWith(QStringLiteral("echo:")));
        QVERIFY(reasonFor(*imported, QStringLiteral("providers[4]"))
                    .contains(QStringLiteral("completion")));
        QVERIFY(reasonFor(*imported, QStringLiteral("tests[1].assert[0]"))
                    .contains(QStringLiteral("transform")));
        QVERIFY(reasonFor(*imported, QStringLiteral("tests[1].assert[1]"))
                    .contains(QStringLiteral("webhook")));
        QVERIFY(reasonFor(*imported, QStringLiteral("tests[2]"))
                    .contains(QStringLiteral("options.transform")));
        QVERIFY(reasonFor(*imported, QStringLiteral("tests[3]"))
                    .contains(QStringLiteral("provider on a test")));
        QVERIFY(
            reasonFor(*imported, QStringLiteral("tests[4]")).contains(QStringLiteral("scripts")));
        // The key itself never reaches the spec or the list.
        for (const UnsupportedItem &item : imported->unsupported)
            QVERIFY(!item.reason.contains(QStringLiteral("sk-not-a-real-key")));
    }

    void providerIds_data() {
        QTest::addColumn<QString>("promptfoo");
        QTest::addColumn<QString>("trellis");
        QTest::newRow("openai chat") << "openai:chat:gpt-4o"
                                     << "openai:gpt-4o";
        QTest::newRow("openai short") << "openai:o3-mini"
                                      << "openai:o3-mini";
        QTest::newRow("openai responses") << "openai:responses:gpt-4.1"
                                          << "openai:gpt-4.1";
        QTest::newRow("openai completion") << "openai:completion:davinci-002"
                                           << "";
        QTest::newRow("openai embedding") << "openai:embedding:text-embedding-3-small"
                                          << "";
        QTest::newRow("openai no model") << "openai:chat"
                                         << "";
        QTest::newRow("anthropic messages") << "anthropic:messages:claude-3-5-sonnet-20241022"
                                            << "anthropic:claude-3-5-sonnet-20241022";
        QTest::newRow("anthropic short") << "anthropic:claude-3-haiku"
                                         << "anthropic:claude-3-haiku";
        QTest::newRow("ollama tag") << "ollama:llama3.2:1b"
                                    << "ollama:llama3.2:1b";
        QTest::newRow("ollama completion") << "ollama:completion:mistral"
                                           << "ollama:mistral";
        QTest::newRow("google") << "google:gemini-2.0-flash"
                                << "gemini:gemini-2.0-flash";
        QTest::newRow("vertex") << "vertex:gemini-pro"
                                << "";
        QTest::newRow("bedrock") << "bedrock:anthropic.claude-v2"
                                 << "";
    }

    void providerIds() {
        QFETCH(QString, promptfoo);
        QFETCH(QString, trellis);
        QTemporaryDir dir;
        const QByteArray text = "prompts: [hi]\nproviders: [\"" + promptfoo.toUtf8() + "\"]\n";
        auto imported = importPromptfooConfig(writeConfig(dir, text));
        TRELLIS_VERIFY_OK(imported);
        if (trellis.isEmpty()) {
            QVERIFY(imported->spec.models.empty());
            QCOMPARE(imported->unsupported.size(), qsizetype(1));
            QCOMPARE(imported->unsupported[0].where, QStringLiteral("providers[0]"));
        } else {
            QCOMPARE(imported->spec.models.size(), size_t(1));
            QCOMPARE(imported->spec.models[0].id, trellis);
            QVERIFY(imported->unsupported.isEmpty());
        }
    }

    void otherForms() {
        // A single prompt string, the legacy {file: label} prompt mapping, a provider as
        // {id: {config}}, tests as one file, no tests at all.
        QTemporaryDir dir;
        writeConfig(dir, "Hello {{name}}\n---\nBye {{name}}\n", QStringLiteral("p.txt"));
        writeConfig(dir, "name\nAda\nGrace\n", QStringLiteral("t.csv"));
        auto imported = importPromptfooConfig(
            writeConfig(dir, "prompts:\n  file://p.txt: greeting\nproviders:\n"
                             "  - openai:chat:gpt-4o-mini:\n      config: {temperature: 0.2}\n"
                             "tests: file://t.csv\n"));
        TRELLIS_VERIFY_OK(imported);
        QCOMPARE(imported->spec.variants.size(), size_t(2));
        QCOMPARE(imported->spec.variants[0].label, QStringLiteral("greeting"));
        QCOMPARE(imported->spec.variants[1].label, QStringLiteral("greeting #2"));
        QCOMPARE_JSON(imported->spec.models[0].params, json({{"temperature", 0.2}}));
        QCOMPARE(imported->spec.tests.size(), size_t(2));
        QCOMPARE_JSON(imported->spec.tests[1].vars, json({{"name", "Grace"}}));

        auto yamlChat =
            importPromptfooText("prompts:\n  - |\n    - role: system\n      content: Be brief.\n"
                                "    - role: user\n      content: '{{q}}'\n"
                                "  - '[{\"role\": \"user\", \"content\": {{ q | tojson }}}]'\n"
                                "providers: [openai:m]\n",
                                dir.filePath(QStringLiteral("chat.yaml")));
        TRELLIS_VERIFY_OK(yamlChat);
        QCOMPARE(yamlChat->spec.variants.size(), size_t(1));
        QCOMPARE(yamlChat->spec.variants[0].messages.size(), size_t(2));
        QCOMPARE(yamlChat->spec.variants[0].messages[1].content, QStringLiteral("{{q}}"));
        QCOMPARE(yamlChat->unsupported.size(), qsizetype(1));
        QCOMPARE(yamlChat->unsupported[0].where, QStringLiteral("prompts[1]"));

        auto single = importPromptfooText("prompts: 'Say {{x}}'\nproviders: ollama:chat:phi3\n"
                                          "defaultTest:\n  vars: {x: [a, b]}\n",
                                          dir.filePath(QStringLiteral("inline.yaml")));
        TRELLIS_VERIFY_OK(single);
        QCOMPARE(single->spec.variants.size(), size_t(1));
        QCOMPARE(single->spec.tests.size(), size_t(2)); // one empty test, expanded
        QCOMPARE_JSON(single->spec.tests[1].vars, json({{"x", "b"}}));
    }

    void defaultTestFromFileAndItsUnsupportedParts() {
        QTemporaryDir dir;
        writeConfig(dir,
                    "vars: {lang: en}\nprovider: openai:gpt-4o\nthreshold: 0.5\n"
                    "options:\n  provider: ollama:chat:llama3\n  rubricPrompt: 'Grade {{output}}'\n"
                    "  prefix: 'Note: '\nassert:\n  - type: llm-rubric\n    value: kind\n"
                    "  - type: python\n    value: len(output) < 9\n",
                    QStringLiteral("default.yaml"));
        writeConfig(dir, "q,__prefix\nhi,\nyo,Be brief.\n", QStringLiteral("t.csv"));
        auto imported = importPromptfooConfig(
            writeConfig(dir, "prompts: ['{{q}} ({{lang}})']\nproviders: [openai:m]\n"
                             "defaultTest: file://default.yaml\ntests: file://t.csv\n"));
        TRELLIS_VERIFY_OK(imported);
        const ExperimentSpec &spec = imported->spec;
        QCOMPARE(spec.judgeModel, QStringLiteral("ollama:llama3"));
        QCOMPARE(spec.tests.size(), size_t(1)); // the row with a __prefix is left out
        QCOMPARE_JSON(spec.tests[0].vars, json({{"q", "hi"}, {"lang", "en"}}));
        QCOMPARE(spec.tests[0].test.threshold, std::optional<double>(0.5));
        QCOMPARE(typeNames(spec.tests[0]), QStringList{QStringLiteral("llm-rubric")});
        QCOMPARE(spec.tests[0].test.assertions[0].rubricPrompt, QStringLiteral("Grade {{output}}"));
        QCOMPARE(unsupportedWheres(*imported),
                 (QStringList{QStringLiteral("defaultTest.options"),
                              QStringLiteral("defaultTest.provider"),
                              QStringLiteral("defaultTest.assert[1]"), QStringLiteral("t.csv:3")}));
        QVERIFY(reasonFor(*imported, QStringLiteral("t.csv:3"))
                    .contains(QStringLiteral("options.prefix")));
    }

    void errorsNameFileLineColumn_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax") << QByteArray("prompts: [a\nproviders: x\n") << 2 << 0 << QString();
        QTest::newRow("unknown key") << QByteArray("prompts: [a]\nproviders: [openai:x]\n"
                                                   "promts: [b]\n")
                                     << 3 << 1 << QStringLiteral("unknown promptfoo config key");
        QTest::newRow("bad threshold")
            << QByteArray("prompts: [a]\nproviders: [openai:x]\ntests:\n  - vars: {q: 1}\n"
                          "    assert:\n      - type: latency\n        threshold: fast\n")
            << 7 << 20 << QStringLiteral("threshold must be a number");
        QTest::newRow("bad regex")
            << QByteArray("prompts: [a]\nproviders: [openai:x]\ntests:\n  - assert:\n"
                          "      - type: regex\n        value: '(['\n")
            << 6 << 16 << QString();
        QTest::newRow("missing file")
            << QByteArray("prompts: [a]\nproviders: [openai:x]\ntests: file://nope.csv\n") << 3 << 8
            << QStringLiteral("file not found");
        QTest::newRow("unknown test field")
            << QByteArray("prompts: [a]\nproviders: [openai:x]\ntests:\n  - varz: {}\n") << 4 << 5
            << QStringLiteral("unknown test field");
        QTest::newRow("no providers")
            << QByteArray("prompts: [a]\n") << 1 << 1 << QStringLiteral("no providers");
        QTest::newRow("provider not a string") << QByteArray("prompts: [a]\nproviders:\n  - 12\n")
                                               << 3 << 5 << QStringLiteral("a provider is");
        QTest::newRow("repeat out of range")
            << QByteArray("prompts: [a]\nproviders: [openai:x]\nevaluateOptions:\n  repeat: 0\n")
            << 4 << 11 << QStringLiteral("repeat must be");
    }

    void errorsNameFileLineColumn() {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = writeConfig(dir, text);
        auto imported = importPromptfooConfig(path);
        QVERIFY(!imported.ok());
        const Error &e = imported.error();
        QCOMPARE(e.file, path);
        QCOMPARE(e.line, line);
        if (column > 0)
            QCOMPARE(e.column, column);
        QVERIFY2(e.message.contains(message), qPrintable(e.toString()));
    }

    void errorsInsideTestFilesNameThatFile() {
        QTemporaryDir dir;
        writeConfig(dir, "q,__threshold\nhello,high\n", QStringLiteral("t.csv"));
        const QString path =
            writeConfig(dir, "prompts: [a]\nproviders: [openai:x]\ntests: file://t.csv\n");
        auto imported = importPromptfooConfig(path);
        QVERIFY(!imported.ok());
        QCOMPARE(imported.error().file, dir.filePath(QStringLiteral("t.csv")));
        QCOMPARE(imported.error().line, 2);
        QCOMPARE(imported.error().column, 7);
    }

    // An imported spec obeys the experiment file's rules (unique labels, bounds, assertion
    // fields), so it also converts to a Trellis experiment file and back.
    void importedSpecsAreValidExperiments_data() {
        QTest::addColumn<QString>("name");
        QTest::newRow("basic") << QStringLiteral("basic");
        QTest::newRow("files") << QStringLiteral("files");
        QTest::newRow("unsupported") << QStringLiteral("unsupported");
    }

    void importedSpecsAreValidExperiments() {
        QFETCH(QString, name);
        auto imported = importPromptfooConfig(configPath(name.toUtf8().constData()));
        TRELLIS_VERIFY_OK(imported);
        const ExperimentSpec &spec = imported->spec;
        const json doc = json::parse(experimentToJson(spec).dump());
        auto back = experimentFromJson(doc, dataDir(name.toUtf8().constData()));
        TRELLIS_VERIFY_OK(back);
        QCOMPARE(back->name, spec.name);
        QVERIFY(back->variants == spec.variants);
        QVERIFY(back->models == spec.models);
        QCOMPARE(back->tests.size(), spec.tests.size());
        for (size_t i = 0; i < spec.tests.size(); ++i) {
            QCOMPARE_JSON(back->tests[i].vars, spec.tests[i].vars);
            QCOMPARE(typeNames(back->tests[i]), typeNames(spec.tests[i]));
        }
        QCOMPARE(back->judgeModel, spec.judgeModel);
        QCOMPARE(back->repeats, spec.repeats);
    }

    void detectsPromptfooDocuments() {
        QVERIFY(isPromptfooDocument(json{{"prompts", {"a"}}, {"providers", {"openai:x"}}}));
        QVERIFY(!isPromptfooDocument(json{{"name", "x"}, {"variants", {"a"}}, {"models", {"m"}}}));
        QVERIFY(!isPromptfooDocument(json::array()));
    }
};

QTEST_GUILESS_MAIN(TestPromptfooConfig)
#include "test_promptfoo_config.moc"
