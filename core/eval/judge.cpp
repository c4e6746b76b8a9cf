#include "eval/judge.h"

#include "eval/json_extract.h"

#include <cmath>

namespace trellis::eval {

namespace {

const char *const kSystemPrompt =
    "You grade the output of another AI model against a rubric. Read the output and the "
    "rubric, decide whether the output satisfies the rubric, and give a score from 0.0 (not at "
    "all) to 1.0 (fully). Answer with one JSON object and nothing else, shaped as "
    "{\"reason\": \"<why, in one or two sentences>\", \"pass\": true or false, \"score\": "
    "<number between 0.0 and 1.0>}.";

} // namespace

Result<JudgeRequest> buildJudgeRequest(const QString &rubric, const QString &output,
                                       const nlohmann::json &vars, const QString &rubricPrompt,
                                       const TemplateRenderer &render) {
    JudgeRequest request;
    if (rubricPrompt.isEmpty()) {
        request.messages.push_back({{"role", "system"}, {"content", kSystemPrompt}});
        const QString user =
            QStringLiteral("<Output>\n%1\n</Output>\n<Rubric>\n%2\n</Rubric>").arg(output, rubric);
        request.messages.push_back({{"role", "user"}, {"content", user.toStdString()}});
        return request;
    }
    nlohmann::json context = vars.is_object() ? vars : nlohmann::json::object();
    context["output"] = output.toStdString();
    context["rubric"] = rubric.toStdString();
    auto text =
        render ? render(rubricPrompt, context) : renderSimpleTemplate(rubricPrompt, context);
    if (!text)
        return Error(
            QStringLiteral("cannot render the rubric prompt: %1").arg(text.error().message));
    const auto asMessages = parseJsonText(*text);
    if (asMessages && asMessages->is_array() && !asMessages->empty()) {
        for (const auto &m : *asMessages) {
            if (!m.is_object() || !m.contains("role") || !m.contains("content"))
                return Error(QStringLiteral("a rubric prompt given as JSON must be a list of "
                                            "{role, content} messages"));
        }
        request.messages = *asMessages;
    } else {
        request.messages.push_back({{"role", "user"}, {"content", text->toStdString()}});
    }
    return request;
}

Result<JudgeVerdict> parseJudgeVerdict(const QString &text) {
    const auto json = extractJson(text);
    if (!json || !json->is_object())
        return Error(
            QStringLiteral("the judge did not answer with a JSON verdict: %1").arg(text.left(200)));
    JudgeVerdict v;
    std::optional<bool> pass;
    if (json->contains("pass")) {
        const auto &p = json->at("pass");
        if (p.is_boolean())
            pass = p.get<bool>();
        else if (p.is_string() && (p == "true" || p == "false"))
            pass = p == "true";
        else
            return Error(QStringLiteral("the judge's \"pass\" must be true or false"));
    }
    std::optional<double> score;
    if (json->contains("score") && !json->at("score").is_null()) {
        const auto &s = json->at("score");
        if (!s.is_number() || !std::isfinite(s.get<double>()) || s.get<double>() < 0
            || s.get<double>() > 1)
            return Error(QStringLiteral("the judge's \"score\" must be a number from 0 to 1"));
        score = s.get<double>();
    }
    if (!pass && !score)
        return Error(QStringLiteral("the judge's verdict has neither \"pass\" nor \"score\""));
    v.pass = pass ? *pass : *score >= 0.5;
    v.score = score ? *score : (v.pass ? 1.0 : 0.0);
    if (json->contains("reason") && json->at("reason").is_string())
        v.reason = QString::fromStdString(json->at("reason").get<std::string>());
    return v;
}

} // namespace trellis::eval
