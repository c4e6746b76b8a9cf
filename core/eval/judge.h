#pragma once

#include "common/result.h"
#include "eval/simple_template.h"

#include <QString>

#include <nlohmann/json.hpp>
#include <optional>

namespace trellis::eval {

// One request to an LLM judge, built by buildJudgeRequest: chat messages the runtime sends
// to the judge model, which must answer with a JSON verdict.
struct JudgeRequest {
    int assertionIndex = -1; // which assertion of the test it grades
    QString provider;        // judge model asked for by the assertion; empty = runtime default
    // [{"role": "system", "content": ...}, {"role": "user", "content": ...}]
    nlohmann::json messages = nlohmann::json::array();
};

// The judge's answer, promptfoo's llm-rubric shape: {"pass": bool, "score": 0..1, "reason"}.
struct JudgeVerdict {
    bool pass = false;
    double score = 0;
    QString reason;
};

// Implemented by the runtime (a model call through the request pipeline) and by tests (a
// fake). complete() returns the judge model's raw text; an error fails the assertion with
// the error as its reason. Called on the grading thread.
class Judge {
public:
    virtual ~Judge() = default;
    virtual Result<QString> complete(const JudgeRequest &request) = 0;
};

// The judge prompt for `rubric` and `output`. With a custom `rubricPrompt` (promptfoo's
// rubricPrompt), that text is rendered with the row's vars plus "output" and "rubric"; a
// prompt that is a JSON array of messages is used as the message list.
Result<JudgeRequest> buildJudgeRequest(const QString &rubric, const QString &output,
                                       const nlohmann::json &vars, const QString &rubricPrompt = {},
                                       const TemplateRenderer &render = {});

// Reads the verdict from the judge's text: the JSON may be bare, fenced in ```json or
// surrounded by prose. "pass" may be a boolean or "true"/"false"; without "pass", a score
// >= 0.5 passes; without "score", it is 1 for a pass and 0 for a fail. A score outside
// [0, 1] or no verdict at all is an error.
Result<JudgeVerdict> parseJudgeVerdict(const QString &text);

} // namespace trellis::eval
