#pragma once

#include "eval/assertion.h"
#include "eval/assertion_check.h"
#include "eval/cell_output.h"
#include "eval/judge.h"

#include <vector>

namespace trellis::eval {

// A graded test (one cell): promptfoo semantics. score = sum(score_i * weight_i) /
// sum(weight_i) (0 when the weights add up to 0). Without a test threshold the test passes
// when every assertion passes (weight-0 ones included); with one, when score >= threshold.
// No assertions: pass, score 1. A failed call (CellOutput::error) is `errored`, fails, score 0.
struct TestResult {
    bool pass = false;
    double score = 0;
    QString reason;
    bool errored = false;
    std::vector<AssertionResult> components; // one per assertion, in order
};

TestResult aggregateResults(std::vector<AssertionResult> components,
                            std::optional<double> threshold);

// Grades one cell in two steps so the runtime can make judge calls asynchronously:
//   TestGrader g(spec, output, vars);
//   for each r in g.judgeRequests(): send r, later g.setJudgeResponse(i, text or error)
//   g.result()
// Deterministic assertions are checked in the constructor. result() before every judge
// request is answered reports the missing ones as failed ("no judge verdict").
class TestGrader {
public:
    TestGrader(const TestSpec &spec, const CellOutput &output, const nlohmann::json &vars,
               TemplateRenderer render = {});

    const std::vector<JudgeRequest> &judgeRequests() const { return m_requests; }
    void setJudgeResponse(size_t requestIndex, const Result<QString> &text);
    bool isComplete() const;
    TestResult result() const;

private:
    void prepareJudge(size_t index, const Assertion &assertion);

    TestSpec m_spec; // a copy: the grader may outlive the caller's spec
    CellOutput m_output;
    nlohmann::json m_vars;
    TemplateRenderer m_render;
    std::vector<AssertionResult> m_results;
    std::vector<JudgeRequest> m_requests;
    std::vector<bool> m_answered;
};

// Grades synchronously, asking `judge` (may be null when the spec has no llm-rubric) for each
// rubric in turn.
TestResult gradeTest(const TestSpec &spec, const CellOutput &output, const nlohmann::json &vars,
                     Judge *judge, const TemplateRenderer &render = {});

} // namespace trellis::eval
