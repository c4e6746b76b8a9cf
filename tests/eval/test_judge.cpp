// The llm-rubric assertion: judge prompt construction, verdict parsing, grading through a
// fake Judge (synchronously and in the two-step form the runtime uses).

#include "eval/grader.h"
#include "eval/judge.h"
#include "eval_test_support.h"

#include <QTest>

using namespace trellis;
using namespace trellis::eval;
using nlohmann::json;

namespace {

// Answers every request with a fixed text and remembers what it was asked.
class FakeJudge : public Judge {
public:
    explicit FakeJudge(Result<QString> answer)
        : m_answer(std::move(answer)) {}
    Result<QString> complete(const JudgeRequest &request) override {
        requests.push_back(request);
        return m_answer;
    }
    std::vector<JudgeRequest> requests;

private:
    Result<QString> m_answer;
};

TestSpec specOf(const char *text) {
    auto spec = parseTestSpec(json::parse(text));
    if (!spec)
        qFatal("%s", qPrintable(spec.error().toString()));
    return *spec;
}

CellOutput outputOf(const char *text) {
    CellOutput out;
    out.text = QString::fromUtf8(text);
    return out;
}

} // namespace

class TestJudge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultPrompt() {
        auto request = buildJudgeRequest(QStringLiteral("is polite"), QStringLiteral("Hi!"), {});
        TRELLIS_VERIFY_OK(request);
        QCOMPARE(request->messages.size(), size_t(2));
        QCOMPARE(request->messages[0]["role"].get<std::string>(), std::string("system"));
        const std::string system = request->messages[0]["content"];
        QVERIFY(system.find("\"pass\"") != std::string::npos);
        QVERIFY(system.find("\"score\"") != std::string::npos);
        QCOMPARE(request->messages[1]["content"].get<std::string>(),
                 std::string("<Output>\nHi!\n</Output>\n<Rubric>\nis polite\n</Rubric>"));
    }

    void customRubricPrompt() {
        const json vars{{"lang", "French"}};
        auto text =
            buildJudgeRequest(QStringLiteral("R"), QStringLiteral("O"), vars,
                              QStringLiteral("In {{lang}}: grade {{output}} by {{rubric}}"));
        TRELLIS_VERIFY_OK(text);
        QCOMPARE(text->messages.size(), size_t(1));
        QCOMPARE(text->messages[0]["content"].get<std::string>(),
                 std::string("In French: grade O by R"));
        auto chat = buildJudgeRequest(
            QStringLiteral("R"), QStringLiteral("O"), vars,
            QStringLiteral(
                R"([{"role":"system","content":"judge"},{"role":"user","content":"{{output}}"}])"));
        TRELLIS_VERIFY_OK(chat);
        QCOMPARE(chat->messages.size(), size_t(2));
        QCOMPARE(chat->messages[1]["content"].get<std::string>(), std::string("O"));
        QVERIFY(!buildJudgeRequest(QStringLiteral("R"), QStringLiteral("O"), vars,
                                   QStringLiteral("{{ missing }}")));
    }

    void verdictParsing_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("pass");
        QTest::addColumn<double>("score");
        QTest::newRow("bare") << R"({"pass": true, "score": 0.8, "reason": "fine"})" << true << true
                              << 0.8;
        QTest::newRow("fenced")
            << "Sure.\n```json\n{\"reason\":\"x\",\"pass\":false,\"score\":0.2}\n```" << true
            << false << 0.2;
        QTest::newRow("string pass") << R"({"pass": "true"})" << true << true << 1.0;
        QTest::newRow("score only") << R"(verdict: {"score": 0.4})" << true << false << 0.4;
        QTest::newRow("brace in reason")
            << R"({"reason": "uses { and }", "pass": true, "score": 1})" << true << true << 1.0;
        QTest::newRow("no json") << "I think it passes." << false << false << 0.0;
        QTest::newRow("score > 1") << R"({"pass": true, "score": 7})" << false << false << 0.0;
        QTest::newRow("neither") << R"({"reason": "hm"})" << false << false << 0.0;
        QTest::newRow("bad pass") << R"({"pass": "yes"})" << false << false << 0.0;
    }

    void verdictParsing() {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        QFETCH(bool, pass);
        QFETCH(double, score);
        auto v = parseJudgeVerdict(text);
        QCOMPARE(v.ok(), ok);
        if (ok) {
            QCOMPARE(v->pass, pass);
            QCOMPARE(v->score, score);
        } else {
            QVERIFY(!v.error().message.isEmpty());
        }
    }

    void gradesThroughFakeJudge() {
        FakeJudge judge(QStringLiteral(R"({"pass": true, "score": 0.9, "reason": "polite"})"));
        const TestSpec spec = specOf(R"({"assert":[
            {"type":"llm-rubric","value":"answers about {{topic}}","provider":"judge-model"},
            {"type":"contains","value":"refund","weight":3}]})");
        const TestResult r =
            gradeTest(spec, outputOf("You get a refund."), json{{"topic", "refunds"}}, &judge);
        QCOMPARE(judge.requests.size(), size_t(1));
        QCOMPARE(judge.requests[0].provider, QStringLiteral("judge-model"));
        QCOMPARE(judge.requests[0].assertionIndex, 0);
        // The rubric was rendered with the row's vars.
        QVERIFY(judge.requests[0].messages[1]["content"].get<std::string>().find(
                    "answers about refunds")
                != std::string::npos);
        QVERIFY(r.pass);
        // (0.9 * 1 + 1 * 3) / (1 + 3) = 3.9 / 4 = 0.975
        QCOMPARE(r.score, 0.975);
        QCOMPARE(r.components[0].reason, QStringLiteral("polite"));
    }

    void thresholdAndInverse() {
        FakeJudge judge(QStringLiteral(R"({"pass": true, "score": 0.6, "reason": "ok"})"));
        const TestResult high =
            gradeTest(specOf(R"({"assert":[{"type":"llm-rubric","value":"r","threshold":0.7}]})"),
                      outputOf("x"), json::object(), &judge);
        QVERIFY(!high.pass);
        QCOMPARE(high.components[0].reason,
                 QStringLiteral("judge score 0.6 is below the threshold 0.7: ok"));
        // not-llm-rubric: pass flips, score becomes 1 - 0.6 = 0.4.
        const TestResult inverse =
            gradeTest(specOf(R"({"assert":[{"type":"not-llm-rubric","value":"r"}]})"),
                      outputOf("x"), json::object(), &judge);
        QVERIFY(!inverse.pass);
        QVERIFY(qAbs(inverse.score - 0.4) < 1e-12);
    }

    void judgeFailuresFailTheAssertion() {
        const TestSpec spec = specOf(R"({"assert":[{"type":"llm-rubric","value":"r"}]})");
        FakeJudge broken(Error(QStringLiteral("HTTP 429")));
        const TestResult r = gradeTest(spec, outputOf("x"), json::object(), &broken);
        QVERIFY(!r.pass);
        QCOMPARE(r.components[0].reason, QStringLiteral("the judge call failed: HTTP 429"));
        FakeJudge rambling(QStringLiteral("Looks good to me"));
        QVERIFY(!gradeTest(spec, outputOf("x"), json::object(), &rambling).pass);
        const TestResult none = gradeTest(spec, outputOf("x"), json::object(), nullptr);
        QVERIFY(none.components[0].reason.contains(u"no judge model"));
    }

    void twoStepGrading() {
        const TestSpec spec = specOf(R"({"assert":[
            {"type":"llm-rubric","value":"a"},{"type":"equals","value":"x"},
            {"type":"llm-rubric","value":"b"}]})");
        TestGrader grader(spec, outputOf("x"), json::object());
        QCOMPARE(grader.judgeRequests().size(), size_t(2));
        QCOMPARE(grader.judgeRequests()[1].assertionIndex, 2);
        QVERIFY(!grader.isComplete());
        QVERIFY(!grader.result().pass); // unanswered judges count as failed
        grader.setJudgeResponse(1, QStringLiteral(R"({"pass":true,"score":1})"));
        grader.setJudgeResponse(0, QStringLiteral(R"({"pass":true,"score":0.5})"));
        QVERIFY(grader.isComplete());
        const TestResult r = grader.result();
        QVERIFY(r.pass);
        QCOMPARE(r.score, 2.5 / 3); // (0.5 + 1 + 1) / 3
    }
};

QTEST_GUILESS_MAIN(TestJudge)
#include "test_judge.moc"
