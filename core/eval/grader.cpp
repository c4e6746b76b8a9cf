#include "eval/grader.h"

namespace trellis::eval {

TestResult aggregateResults(std::vector<AssertionResult> components,
                            std::optional<double> threshold) {
    TestResult test;
    if (components.empty()) {
        test.pass = true;
        test.score = 1;
        test.reason = QStringLiteral("no assertions");
        return test;
    }
    double total = 0, weights = 0;
    QString firstFailure;
    for (const AssertionResult &r : components) {
        total += r.score * r.weight;
        weights += r.weight;
        if (!r.pass && firstFailure.isEmpty())
            firstFailure = r.reason;
    }
    test.score = weights > 0 ? total / weights : 0;
    if (threshold) {
        test.pass = test.score >= *threshold;
        test.reason = QStringLiteral("weighted score %1 %2 threshold %3")
                          .arg(QString::number(test.score, 'f', 2),
                               test.pass ? QStringLiteral(">=") : QStringLiteral("<"),
                               QString::number(*threshold));
    } else {
        test.pass = firstFailure.isEmpty();
        test.reason = test.pass ? QStringLiteral("all assertions passed") : firstFailure;
    }
    test.components = std::move(components);
    return test;
}

TestGrader::TestGrader(const TestSpec &spec, const CellOutput &output, const nlohmann::json &vars,
                       TemplateRenderer render)
    : m_spec(spec)
    , m_output(output)
    , m_vars(vars)
    , m_render(std::move(render)) {
    if (!m_output.error.isEmpty())
        return; // nothing to grade
    m_results.resize(spec.assertions.size());
    for (size_t i = 0; i < spec.assertions.size(); ++i) {
        const Assertion &a = spec.assertions[i];
        if (a.kind == AssertionKind::LlmRubric)
            prepareJudge(i, a);
        else
            m_results[i] = checkAssertion(a, m_output, m_vars, m_render);
    }
    m_answered.assign(m_requests.size(), false);
}

void TestGrader::prepareJudge(size_t index, const Assertion &a) {
    AssertionResult &r = m_results[index];
    r.type = a.typeName();
    r.weight = a.weight;
    r.metric = a.metric;
    r.reason = QStringLiteral("no judge verdict");
    auto rubric = renderValue(a.value.is_null() ? nlohmann::json("") : a.value, m_vars, m_render);
    if (!rubric) {
        r.reason = QStringLiteral("cannot render the rubric: %1").arg(rubric.error().message);
        return;
    }
    const QString rubricText = rubric->is_string()
                                   ? QString::fromStdString(rubric->get<std::string>())
                                   : QString::fromStdString(rubric->dump());
    auto request = buildJudgeRequest(rubricText, m_output.text, m_vars, a.rubricPrompt, m_render);
    if (!request) {
        r.reason = request.error().message;
        return;
    }
    request->assertionIndex = int(index);
    request->provider = a.provider;
    m_requests.push_back(std::move(*request));
}

void TestGrader::setJudgeResponse(size_t requestIndex, const Result<QString> &text) {
    if (requestIndex >= m_requests.size())
        return;
    m_answered[requestIndex] = true;
    const size_t index = size_t(m_requests[requestIndex].assertionIndex);
    const Assertion &a = m_spec.assertions[index];
    AssertionResult &r = m_results[index];
    if (!text) {
        r.pass = false;
        r.score = 0;
        r.reason = QStringLiteral("the judge call failed: %1").arg(text.error().message);
        return;
    }
    auto verdict = parseJudgeVerdict(*text);
    if (!verdict) {
        r.pass = false;
        r.score = 0;
        r.reason = verdict.error().message;
        return;
    }
    bool pass = verdict->pass;
    QString reason = verdict->reason;
    if (a.threshold && verdict->score < *a.threshold) {
        pass = false;
        reason = QStringLiteral("judge score %1 is below the threshold %2%3")
                     .arg(QString::number(verdict->score), QString::number(*a.threshold),
                          reason.isEmpty() ? QString() : QStringLiteral(": ") + reason);
    }
    r.pass = pass != a.inverse;
    r.score = a.inverse ? 1.0 - verdict->score : verdict->score;
    if (reason.isEmpty())
        reason = pass ? QStringLiteral("the judge passed the output")
                      : QStringLiteral("the judge failed the output");
    r.reason = a.inverse && pass
                   ? QStringLiteral("expected the judge to fail the output: ") + reason
                   : reason;
}

bool TestGrader::isComplete() const {
    for (bool answered : m_answered) {
        if (!answered)
            return false;
    }
    return true;
}

TestResult TestGrader::result() const {
    if (!m_output.error.isEmpty()) {
        TestResult failed;
        failed.errored = true;
        failed.reason = QStringLiteral("the call failed: %1").arg(m_output.error);
        return failed;
    }
    return aggregateResults(m_results, m_spec.threshold);
}

TestResult gradeTest(const TestSpec &spec, const CellOutput &output, const nlohmann::json &vars,
                     Judge *judge, const TemplateRenderer &render) {
    TestGrader grader(spec, output, vars, render);
    for (size_t i = 0; i < grader.judgeRequests().size(); ++i) {
        if (judge)
            grader.setJudgeResponse(i, judge->complete(grader.judgeRequests()[i]));
        else
            grader.setJudgeResponse(i, Result<QString>(Error(QStringLiteral("no judge model is "
                                                                            "configured"))));
    }
    return grader.result();
}

} // namespace trellis::eval
