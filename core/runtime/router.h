#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace trellis::tmpl {
class Template;
}

namespace trellis::runtime {

// A routing rule: every criterion that is set must hold; the first rule that matches picks
// the model. `condition` is a Jinja2 expression over the variables (the template engine
// evaluates it), e.g. `lang == "de" and doc|length > 2000`.
struct RoutingRule {
    QString name;
    QString model;              // "provider:model"
    QString taskTag;            // matches the request's task tag or one of the prompt's tags
    qint64 minInputTokens = -1; // estimated tokens of the rendered messages; -1: no bound
    qint64 maxInputTokens = -1;
    QString condition;
};

struct RouteInput {
    QString taskTag;
    QStringList promptTags;
    qint64 inputTokens = 0;
    const nlohmann::json *variables = nullptr;
};

struct RouteChoice {
    QString rule; // name of the matching rule
    QString model;
};

// Rough token count for budgets, routing and rate limits before the provider reports usage:
// about four characters per token for English text (OpenAI's rule of thumb), at least 1.
qint64 estimateTokens(const QString &text);

class Router {
public:
    // Compiles the conditions; an error names the rule.
    static Result<Router> create(std::vector<RoutingRule> rules);
    Router() = default;

    // The first matching rule, or nullopt. A condition that fails to evaluate does not match.
    std::optional<RouteChoice> choose(const RouteInput &input) const;
    const std::vector<RoutingRule> &rules() const { return m_rules; }

private:
    std::vector<RoutingRule> m_rules;
    std::vector<std::shared_ptr<const tmpl::Template>> m_conditions; // null: no condition
};

} // namespace trellis::runtime
