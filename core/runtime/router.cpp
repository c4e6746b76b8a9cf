#include "router.h"

#include "template/template.h"

namespace trellis::runtime {

qint64 estimateTokens(const QString &text) {
    return std::max<qint64>(1, (text.size() + 3) / 4);
}

Result<Router> Router::create(std::vector<RoutingRule> rules) {
    Router router;
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const RoutingRule &rule = rules[i];
        const QString field = QStringLiteral("routing[%1]").arg(i);
        if (rule.model.isEmpty() || !rule.model.contains(u':'))
            return Error(QStringLiteral("routing rule needs a model \"provider:model\""))
                .forField(field + QStringLiteral(".model"));
        std::shared_ptr<const tmpl::Template> condition;
        if (!rule.condition.trimmed().isEmpty()) {
            // The expression sits inside an if-block, so anything Jinja2 accepts as a
            // condition works, and nothing but "1" or "" can come out.
            auto parsed = tmpl::Template::parse(QStringLiteral("{% if ") + rule.condition
                                                    + QStringLiteral(" %}1{% endif %}"),
                                                rule.name);
            if (!parsed)
                return Error(QStringLiteral("routing rule \"%1\": bad condition: %2")
                                 .arg(rule.name, parsed.error().message))
                    .forField(field + QStringLiteral(".condition"));
            condition = parsed.value();
        }
        router.m_rules.push_back(rule);
        router.m_conditions.push_back(condition);
    }
    return router;
}

std::optional<RouteChoice> Router::choose(const RouteInput &input) const {
    for (std::size_t i = 0; i < m_rules.size(); ++i) {
        const RoutingRule &rule = m_rules[i];
        if (!rule.taskTag.isEmpty() && rule.taskTag != input.taskTag
            && !input.promptTags.contains(rule.taskTag))
            continue;
        if (rule.minInputTokens >= 0 && input.inputTokens < rule.minInputTokens)
            continue;
        if (rule.maxInputTokens >= 0 && input.inputTokens > rule.maxInputTokens)
            continue;
        if (m_conditions[i]) {
            static const nlohmann::json empty = nlohmann::json::object();
            const nlohmann::json &vars = input.variables ? *input.variables : empty;
            auto rendered = m_conditions[i]->render(vars);
            if (!rendered || rendered.value() != u"1")
                continue;
        }
        return RouteChoice{rule.name, rule.model};
    }
    return std::nullopt;
}

} // namespace trellis::runtime
