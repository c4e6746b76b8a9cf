// Assertions: parsing in promptfoo form with errors naming the field, every type, "not-",
// templated values, weights and thresholds (promptfoo score aggregation).

#include "eval/assertion.h"
#include "eval/grader.h"
#include "eval/text_metrics.h"
#include "eval_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::eval;
using nlohmann::json;

Q_DECLARE_METATYPE(std::string)

namespace {

CellOutput outputOf(const QString &text) {
    CellOutput out;
    out.text = text;
    out.latencyMs = 800;
    out.costUsd = 0.002;
    return out;
}

AssertionResult run(const json &spec, const CellOutput &output, const json &vars = json::object()) {
    auto a = parseAssertion(spec);
    if (!a)
        qFatal("parse failed: %s", qPrintable(a.error().toString()));
    return checkAssertion(*a, output, vars, {});
}

} // namespace

class TestAssertions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eachType_data() {
        QTest::addColumn<std::string>("spec");
        QTest::addColumn<QString>("output");
        QTest::addColumn<bool>("pass");
        const QString refund = QStringLiteral("We will refund your order.");
        auto row = [](const char *name, const char *spec, const QString &out, bool pass) {
            QTest::newRow(name) << std::string(spec) << out << pass;
        };
        row("equals", R"({"type":"equals","value":"4"})", QStringLiteral("4"), true);
        row("equals number", R"({"type":"equals","value":4})", QStringLiteral("4"), true);
        row("equals no trim", R"({"type":"equals","value":"4"})", QStringLiteral("4 "), false);
        row("equals json", R"({"type":"equals","value":{"a":1}})", QStringLiteral("{ \"a\": 1.0 }"),
            true);
        row("contains", R"({"type":"contains","value":"refund"})", refund, true);
        row("contains case", R"({"type":"contains","value":"Refund"})", refund, false);
        row("icontains", R"({"type":"icontains","value":"REFUND"})", refund, true);
        row("not-contains", R"({"type":"not-contains","value":"sorry"})", refund, true);
        row("contains-any", R"({"type":"contains-any","value":["x","order"]})", refund, true);
        row("contains-any string", R"({"type":"contains-any","value":"cash, coupon"})", refund,
            false);
        row("contains-all", R"({"type":"contains-all","value":["refund","order"]})", refund, true);
        row("contains-all missing", R"({"type":"contains-all","value":["refund","cash"]})", refund,
            false);
        row("icontains-any", R"({"type":"icontains-any","value":["WE","zz"]})", refund, true);
        row("icontains-all", R"({"type":"icontains-all","value":["WE","ORDER"]})", refund, true);
        row("starts-with", R"({"type":"starts-with","value":"We will"})", refund, true);
        row("regex", R"({"type":"regex","value":"refund\\s+your"})", refund, true);
        row("regex anchored", R"({"type":"regex","value":"^refund"})", refund, false);
        row("is-json", R"({"type":"is-json"})", QStringLiteral(" {\"a\": [1]} "), true);
        row("is-json prose", R"({"type":"is-json"})", QStringLiteral("Here: {\"a\":1}"), false);
        row("contains-json", R"({"type":"contains-json"})", QStringLiteral("Here: {\"a\":1} ok"),
            true);
        row("json-schema", R"({"type":"json-schema","value":{"type":"object","required":["a"]}})",
            QStringLiteral("{\"a\":1}"), true);
        row("json-schema fails", R"({"type":"is-json","value":{"required":["b"]}})",
            QStringLiteral("{\"a\":1}"), false);
        row("length max", R"({"type":"character-count","value":{"max":26}})", refund, true);
        row("length min", R"({"type":"length","value":{"min":27}})", refund, false);
        row("length exact", R"({"type":"character-count","value":26})", refund, true);
        row("word-count", R"({"type":"word-count","value":{"min":5,"max":5}})", refund, true);
        row("word-count exact", R"({"type":"word-count","value":4})", refund, false);
        row("latency", R"({"type":"latency","threshold":1000})", refund, true);
        row("latency slow", R"({"type":"latency","threshold":500})", refund, false);
        row("cost", R"({"type":"cost","threshold":0.001})", refund, false);
        row("levenshtein",
            R"({"type":"levenshtein","value":"We will refund your order!","threshold":1})", refund,
            true);
        // "will " deleted (5) and "." deleted (1): distance 6 > the default threshold 5.
        row("levenshtein default 5", R"({"type":"levenshtein","value":"We refund your order"})",
            refund, false);
    }

    void eachType() {
        QFETCH(std::string, spec);
        QFETCH(QString, output);
        QFETCH(bool, pass);
        const AssertionResult r = run(json::parse(spec), outputOf(output));
        QVERIFY2(r.pass == pass, qPrintable(r.reason));
        QCOMPARE(r.score, pass ? 1.0 : 0.0);
        QVERIFY(!r.reason.isEmpty());
    }

    void levenshteinDistances() {
        QCOMPARE(levenshteinDistance(QStringLiteral("kitten"), QStringLiteral("sitting")), 3);
        QCOMPARE(levenshteinDistance(QString(), QStringLiteral("abc")), 3);
        QCOMPARE(levenshteinDistance(QStringLiteral("é😀"), QStringLiteral("e😀")), 1);
        // "We will refund your order." -> "We refund your order.": delete "will " = 5 edits;
        // the default threshold is 5 so that passes; the row above deletes one more char.
        QCOMPARE(levenshteinDistance(QStringLiteral("We will refund your order."),
                                     QStringLiteral("We refund your order.")),
                 5);
        QCOMPARE(wordCount(QStringLiteral("  a\tb\n c  ")), qsizetype(3));
        QCOMPARE(codePointCount(QStringLiteral("a😀")), qsizetype(2));
    }

    void reasonsAreHuman() {
        const AssertionResult r =
            run(json{{"type", "contains"}, {"value", "refund"}}, outputOf(QStringLiteral("No.")));
        QCOMPARE(r.reason, QStringLiteral("expected output to contain 'refund'"));
        const AssertionResult n =
            run(json{{"type", "not-icontains"}, {"value", "no"}}, outputOf(QStringLiteral("No.")));
        QCOMPARE(n.reason, QStringLiteral("expected output not to contain 'no' (ignoring case)"));
        QCOMPARE(n.type, QStringLiteral("not-icontains"));
        const AssertionResult all = run(json{{"type", "contains-all"}, {"value", {"a", "b", "c"}}},
                                        outputOf(QStringLiteral("b")));
        QCOMPARE(all.reason, QStringLiteral("expected output to contain all of 'a', 'b', 'c' "
                                            "(missing 'a', 'c')"));
        const AssertionResult slow =
            run(json{{"type", "latency"}, {"threshold", 500}}, outputOf(QStringLiteral("x")));
        QCOMPARE(
            slow.reason,
            QStringLiteral("expected output to have latency at most 500 ms (latency was 800 ms)"));
        CellOutput cached = outputOf(QStringLiteral("x"));
        cached.latencyMs.reset();
        const AssertionResult unknown = run(json{{"type", "latency"}, {"threshold", 500}}, cached);
        QVERIFY(!unknown.pass);
        QVERIFY(unknown.reason.contains(u"unknown"));
    }

    void inverseFlipsEveryType() {
        const CellOutput out = outputOf(QStringLiteral("{\"a\": 1}"));
        for (const char *type : {"is-json", "contains-json"}) {
            const AssertionResult plain = run(json{{"type", type}}, out);
            const AssertionResult inverted = run(json{{"type", std::string("not-") + type}}, out);
            QVERIFY(plain.pass);
            QVERIFY(!inverted.pass);
            QCOMPARE(inverted.score, 0.0);
        }
        QVERIFY(run(json{{"type", "not-regex"}, {"value", "^\\d+$"}}, out).pass);
        QVERIFY(!run(json{{"type", "not-latency"}, {"threshold", 1000}}, out).pass);
    }

    void valuesAreTemplates() {
        const json vars{{"city", "Paris"}, {"n", 4}, {"nested", {{"k", "v"}}}};
        const CellOutput out = outputOf(QStringLiteral("Paris has 4 v"));
        QVERIFY(run(json{{"type", "contains"}, {"value", "{{ city }}"}}, out, vars).pass);
        QVERIFY(
            run(json{{"type", "contains-all"}, {"value", {"{{city}}", "{{ n }}", "{{nested.k}}"}}},
                out, vars)
                .pass);
        const AssertionResult missing =
            run(json{{"type", "contains"}, {"value", "{{ town }}"}}, out, vars);
        QVERIFY(!missing.pass);
        QCOMPARE(missing.reason,
                 QStringLiteral("cannot render the assertion value: unknown variable 'town'"));
        // A plugged-in renderer replaces the default.
        auto a = parseAssertion(json{{"type", "equals"}, {"value", "{{ anything }}"}});
        TRELLIS_VERIFY_OK(a);
        const TemplateRenderer upper = [](const QString &, const json &) -> Result<QString> {
            return QStringLiteral("OK");
        };
        QVERIFY(checkAssertion(*a, outputOf(QStringLiteral("OK")), vars, upper).pass);
    }

    void parseErrorsNameTheField_data() {
        QTest::addColumn<std::string>("spec");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        auto row = [](const char *name, const char *spec, const char *field, const char *msg) {
            QTest::newRow(name) << std::string(spec) << QString::fromUtf8(field)
                                << QString::fromUtf8(msg);
        };
        row("no type", R"({"value":"x"})", "assert[0].type", "needs a string type");
        row("unknown type", R"({"type":"containz"})", "assert[0].type",
            "unknown assertion type: 'containz'");
        row("javascript", R"({"type":"javascript","value":"1"})", "assert[0].type",
            "JavaScript assertions cannot run in Trellis");
        row("similar", R"({"type":"not-similar","value":"x"})", "assert[0].type",
            "does not support this promptfoo assertion type yet: 'similar'");
        row("no value", R"({"type":"contains"})", "assert[0].value", "needs a non-empty string");
        row("bad weight", R"({"type":"contains","value":"x","weight":-1})", "assert[0].weight",
            "weight must be a number >= 0");
        row("bad threshold", R"({"type":"levenshtein","value":"x","threshold":"5"})",
            "assert[0].threshold", "threshold must be a number");
        row("latency", R"({"type":"latency"})", "assert[0].threshold",
            "latency needs a threshold (the maximum in milliseconds)");
        row("regex",
            "{\"type\":\"regex\",\"value\":\"(a\"}" /* not raw: moc miscounts "(" in raw strings */,
            "assert[0].value", "");
        row("schema", R"({"type":"json-schema","value":{"type":"nope"}})", "assert[0].value",
            "invalid JSON Schema");
        row("bounds", R"({"type":"word-count","value":{"min":5,"max":2}})", "assert[0].value",
            "min is greater than max");
        row("typo", R"({"type":"contains","valeu":"x"})", "assert[0].valeu",
            "unknown field 'valeu'");
        row("transform", R"x({"type":"contains","value":"x","transform":"output.trim()"})x",
            "assert[0].transform", "JavaScript expression");
        row("list", R"({"type":"contains-any","value":[1, {}]})", "assert[0].value",
            "needs a list of strings");
    }

    void parseErrorsNameTheField() {
        QFETCH(std::string, spec);
        QFETCH(QString, field);
        QFETCH(QString, message);
        auto list = parseAssertions(json::array({json::parse(spec)}));
        QVERIFY(!list);
        QCOMPARE(list.error().field, field);
        QVERIFY2(list.error().message.contains(message), qPrintable(list.error().message));
    }

    void parsesPromptfooFields() {
        auto a = parseAssertion(json::parse(
            R"({"type":"not-llm-rubric","value":"is rude","weight":2.5,"threshold":0.7,
                "metric":"tone","provider":"openai:gpt-4o","rubricPrompt":"{{output}}"})"));
        TRELLIS_VERIFY_OK(a);
        QCOMPARE(a->kind, AssertionKind::LlmRubric);
        QVERIFY(a->inverse);
        QCOMPARE(a->weight, 2.5);
        QCOMPARE(*a->threshold, 0.7);
        QCOMPARE(a->metric, QStringLiteral("tone"));
        QCOMPARE(a->provider, QStringLiteral("openai:gpt-4o"));
        QCOMPARE(a->typeName(), QStringLiteral("not-llm-rubric"));
        auto csvStyle = parseAssertion(json{{"type", "word-count"}, {"value", "3"}});
        TRELLIS_VERIFY_OK(csvStyle);
        QVERIFY(csvStyle->value == json(3.0));
    }

    void weightedScoreAndThreshold() {
        // contains (weight 2) passes, icontains (weight 1) fails, regex (weight 1) passes:
        // score = (2*1 + 1*0 + 1*1) / (2 + 1 + 1) = 3/4 = 0.75.
        auto spec = parseTestSpec(json::parse(R"({"assert":[
            {"type":"contains","value":"refund","weight":2},
            {"type":"icontains","value":"cash"},
            {"type":"regex","value":"order"}]})"));
        TRELLIS_VERIFY_OK(spec);
        const CellOutput out = outputOf(QStringLiteral("refund your order"));
        TestResult noThreshold = gradeTest(*spec, out, json::object(), nullptr);
        QCOMPARE(noThreshold.score, 0.75);
        QVERIFY(!noThreshold.pass); // without a threshold every assertion must pass
        QCOMPARE(noThreshold.reason,
                 QStringLiteral("expected output to contain 'cash' (ignoring case)"));
        QCOMPARE(noThreshold.components.size(), size_t(3));

        spec->threshold = 0.75;
        TestResult atThreshold = gradeTest(*spec, out, json::object(), nullptr);
        QVERIFY(atThreshold.pass); // 0.75 >= 0.75
        QCOMPARE(atThreshold.reason, QStringLiteral("weighted score 0.75 >= threshold 0.75"));
        spec->threshold = 0.8;
        QVERIFY(!gradeTest(*spec, out, json::object(), nullptr).pass);
    }

    void weightZeroStillGates() {
        // promptfoo: a weight-0 assertion adds nothing to the score but its failure fails a test
        // without a threshold. Score = (1*1 + 0*0) / (1 + 0) = 1.
        auto spec = parseTestSpec(json::parse(R"({"assert":[
            {"type":"contains","value":"a"},{"type":"contains","value":"zzz","weight":0}]})"));
        TRELLIS_VERIFY_OK(spec);
        TestResult r = gradeTest(*spec, outputOf(QStringLiteral("a")), json::object(), nullptr);
        QCOMPARE(r.score, 1.0);
        QVERIFY(!r.pass);
        // All weights 0: score 0 (promptfoo divides by nothing as 0).
        auto zero = parseTestSpec(
            json::parse(R"({"assert":[{"type":"contains","value":"a","weight":0}]})"));
        QCOMPARE(gradeTest(*zero, outputOf(QStringLiteral("a")), json::object(), nullptr).score,
                 0.0);
    }

    void emptyAndErroredTests() {
        TestResult none =
            gradeTest(TestSpec{}, outputOf(QStringLiteral("x")), json::object(), nullptr);
        QVERIFY(none.pass);
        QCOMPARE(none.score, 1.0);
        CellOutput failed;
        failed.error = QStringLiteral("HTTP 500");
        auto spec =
            parseTestSpec(json::parse(R"({"assert":[{"type":"not-contains","value":"x"}]})"));
        TestResult r = gradeTest(*spec, failed, json::object(), nullptr);
        QVERIFY(r.errored);
        QVERIFY(!r.pass);
        QCOMPARE(r.score, 0.0);
        QCOMPARE(r.reason, QStringLiteral("the call failed: HTTP 500"));
    }
};

QTEST_GUILESS_MAIN(TestAssertions)
#include "test_assertions.moc"
