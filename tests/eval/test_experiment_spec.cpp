// The Trellis experiment file: every field read, shorthands, errors naming FILE:LINE:COL and
// the field, and the document round trip.

#include "eval/experiment_spec.h"
#include "eval_test_support.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace trellis;
using namespace trellis::eval;
using nlohmann::json;

namespace {

const char *kFull = "name: triage-ab\n"
                    "description: two prompts on two models\n"
                    "variants:\n"
                    "  - triage@production\n"
                    "  - label: terse\n"
                    "    messages:\n"
                    "      - role: system\n"
                    "        content: Answer in one word.\n"
                    "      - role: user\n"
                    "        content: \"{{ question }}\"\n"
                    "  - label: flow\n"
                    "    workflow: support-flow@3\n"
                    "models:\n"
                    "  - openai:gpt-4o-mini\n"
                    "  - id: anthropic:claude-3-5-haiku\n"
                    "    label: haiku\n"
                    "    params: {temperature: 0, max_tokens: 64}\n"
                    "dataset:\n"
                    "  file: data/questions.csv\n"
                    "tests:\n"
                    "  - description: capital\n"
                    "    vars: {question: \"Capital of France?\"}\n"
                    "    assert:\n"
                    "      - type: icontains\n"
                    "        value: paris\n"
                    "    threshold: 0.5\n"
                    "defaultTest:\n"
                    "  vars: {tone: plain}\n"
                    "  assert:\n"
                    "    - type: not-contains\n"
                    "      value: sorry\n"
                    "      weight: 2\n"
                    "judge: openai:gpt-4o\n"
                    "repeats: 3\n"
                    "concurrency: 8\n"
                    "cache: false\n"
                    "passThreshold: 0.9\n";

} // namespace

class TestExperimentSpec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void readsEveryField() {
        auto spec = parseExperimentText(kFull, QStringLiteral("/srv/evals/triage.yaml"));
        TRELLIS_VERIFY_OK(spec);
        QCOMPARE(spec->name, QStringLiteral("triage-ab"));
        QCOMPARE(spec->variants.size(), size_t(3));
        const VariantSpec &stored = spec->variants[0];
        QCOMPARE(stored.kind, VariantKind::StoredPrompt);
        QCOMPARE(stored.name, QStringLiteral("triage"));
        QCOMPARE(stored.ref, QStringLiteral("production"));
        QCOMPARE(stored.label, QStringLiteral("triage@production")); // defaults to the reference
        const VariantSpec &inl = spec->variants[1];
        QCOMPARE(inl.kind, VariantKind::InlinePrompt);
        QCOMPARE(inl.label, QStringLiteral("terse"));
        QCOMPARE(inl.messages.size(), size_t(2));
        QCOMPARE(inl.messages[0].role, prompt::Role::System);
        QCOMPARE(inl.messages[1].content, QStringLiteral("{{ question }}"));
        QCOMPARE(spec->variants[2].kind, VariantKind::Workflow);
        QCOMPARE(spec->variants[2].reference(), QStringLiteral("support-flow@3"));

        QCOMPARE(spec->models.size(), size_t(2));
        QCOMPARE(spec->models[0].displayLabel(), QStringLiteral("openai:gpt-4o-mini"));
        QCOMPARE(spec->models[1].displayLabel(), QStringLiteral("haiku"));
        QVERIFY(spec->models[1].params == json({{"temperature", 0}, {"max_tokens", 64}}));

        QCOMPARE(spec->dataset.source, DatasetSource::File);
        QCOMPARE(spec->dataset.path, QStringLiteral("/srv/evals/data/questions.csv"));
        QCOMPARE(spec->tests.size(), size_t(1));
        QCOMPARE(spec->tests[0].description, QStringLiteral("capital"));
        QVERIFY(spec->tests[0].vars == json({{"question", "Capital of France?"}}));
        QCOMPARE(spec->tests[0].test.assertions.size(), size_t(1));
        QCOMPARE(spec->tests[0].test.assertions[0].kind, AssertionKind::IContains);
        QVERIFY(spec->tests[0].test.threshold && *spec->tests[0].test.threshold == 0.5);
        QVERIFY(spec->defaultTest.vars == json({{"tone", "plain"}}));
        QCOMPARE(spec->defaultTest.test.assertions[0].inverse, true);
        QCOMPARE(spec->defaultTest.test.assertions[0].weight, 2.0);
        QCOMPARE(spec->judgeModel, QStringLiteral("openai:gpt-4o"));
        QCOMPARE(spec->repeats, 3);
        QCOMPARE(spec->concurrency, 8);
        QCOMPARE(spec->cache, false);
        QCOMPARE(spec->passThreshold, 0.9);
    }

    void defaultsAndShorthands() {
        auto spec = parseExperimentText("name: x\n"
                                        "variants: [{messages: \"Say {{ word }}\"}]\n"
                                        "models: [openai:gpt-4o-mini]\n"
                                        "dataset: words\n");
        TRELLIS_VERIFY_OK(spec);
        QCOMPARE(spec->variants[0].label, QStringLiteral("variant 1"));
        QCOMPARE(spec->variants[0].messages.size(), size_t(1));
        QCOMPARE(spec->variants[0].messages[0].role, prompt::Role::User);
        QCOMPARE(spec->dataset.source, DatasetSource::Stored);
        QCOMPARE(spec->dataset.name, QStringLiteral("words"));
        QCOMPARE(spec->repeats, 1);
        QCOMPARE(spec->concurrency, 0);
        QCOMPARE(spec->cache, true);
        QCOMPARE(spec->passThreshold, 1.0);
    }

    void jsonFilesRead() {
        auto spec = parseExperimentText(
            "{\"name\": \"j\", \"variants\": [\"p\"], \"models\": [\"ollama:llama3\"],"
            " \"tests\": [{\"vars\": {\"a\": 1}}]}",
            QStringLiteral("x.json"));
        TRELLIS_VERIFY_OK(spec);
        QVERIFY(spec->tests[0].vars == json({{"a", 1}}));
    }

    void errorsNamePlaceAndField_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "name: x\nvariants: [p]\nmodels: [openai:m]\n";
        QTest::newRow("unknown key") << QByteArray(head + "tests: []\nrepeat: 2\n")
                                     << QStringLiteral("e.yaml:5:1: repeat: unknown key 'repeat'");
        QTest::newRow("bad role")
            << QByteArray("name: x\nvariants:\n  - messages:\n      - role: systen\n"
                          "        content: hi\nmodels: [openai:m]\ntests: [{}]\n")
            << QStringLiteral("e.yaml:4:15: variants[0].messages[0].role: unknown role 'systen'");
        QTest::newRow("bad model") << QByteArray("name: x\nvariants: [p]\nmodels: [gpt4]\n")
                                   << QStringLiteral("e.yaml:3:10: models[0]: 'gpt4' is not a "
                                                     "model id");
        QTest::newRow("params") << QByteArray("name: x\nvariants: [p]\nmodels:\n  - id: a:b\n"
                                              "    params: [1]\ntests: [{}]\n")
                                << QStringLiteral("e.yaml:5:13: models[0].params: expected a "
                                                  "mapping, got a list");
        QTest::newRow("assertion")
            << QByteArray(head
                          + "tests:\n  - assert:\n      - type: "
                            "javascript\n        value: x\n")
            << QStringLiteral(
                   "e.yaml:6:15: tests[0].assert[0].type: JavaScript assertions cannot run");
        QTest::newRow("no rows") << head << QStringLiteral("tests: an experiment needs rows");
        QTest::newRow("repeats") << QByteArray(head + "tests: [{}]\nrepeats: 0\n")
                                 << QStringLiteral("e.yaml:5:10: repeats: must be between 1");
        QTest::newRow("threshold") << QByteArray(head + "tests: [{}]\npassThreshold: 2\n")
                                   << QStringLiteral("e.yaml:5:16: passThreshold: must be between "
                                                     "0 and 1");
        QTest::newRow("dup label")
            << QByteArray("name: x\nvariants: [p, p]\nmodels: [a:b]\ntests: [{}]\n")
            << QStringLiteral("e.yaml:2:15: variants[1].label: two variants are labelled 'p'");
        QTest::newRow("two kinds")
            << QByteArray("name: x\nvariants:\n  - {prompt: p, workflow: w}\nmodels: [a:b]\n")
            << QStringLiteral("e.yaml:3:5: variants[0]: a variant needs exactly one of");
        QTest::newRow("yaml syntax") << QByteArray("name: [x\n") << QStringLiteral("e.yaml:");
        QTest::newRow("no name") << QByteArray("variants: [p]\n")
                                 << QStringLiteral("name: missing required key 'name'");
    }

    void errorsNamePlaceAndField() {
        QFETCH(QByteArray, text);
        QFETCH(QString, expected);
        auto spec = parseExperimentText(text, QStringLiteral("e.yaml"));
        QVERIFY(!spec);
        const QString got = spec.error().toString();
        if (!got.contains(expected))
            QFAIL(qPrintable(QStringLiteral("got: ") + got));
    }

    void roundTripsThroughTheDocument() {
        auto spec = parseExperimentText(kFull, QStringLiteral("/srv/evals/triage.yaml"));
        TRELLIS_VERIFY_OK(spec);
        const json doc = json::parse(experimentToJson(*spec).dump());
        auto again = experimentFromJson(doc, QStringLiteral("/elsewhere"));
        TRELLIS_VERIFY_OK(again);
        QVERIFY(again->variants == spec->variants);
        QVERIFY(again->models == spec->models);
        QCOMPARE(again->dataset.path, spec->dataset.path);
        QVERIFY(json::parse(experimentToJson(*again).dump()) == doc);
    }

    void readsFromDisk() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("exp.yaml"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kFull);
        f.close();
        auto spec = readExperimentFile(path);
        TRELLIS_VERIFY_OK(spec);
        QCOMPARE(spec->dataset.path,
                 QDir(dir.path()).filePath(QStringLiteral("data/questions.csv")));
        auto missing = readExperimentFile(dir.filePath(QStringLiteral("nope.yaml")));
        QVERIFY(!missing);
        QVERIFY(missing.error().toString().contains(QStringLiteral("nope.yaml")));
    }
};

QTEST_GUILESS_MAIN(TestExperimentSpec)
#include "test_experiment_spec.moc"
