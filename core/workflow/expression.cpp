#include "expression.h"

#include "template/template.h"

namespace trellis::workflow {

namespace {

Status plainExpression(const QString &expression) {
    if (expression.trimmed().isEmpty())
        return Error(QStringLiteral("the expression is empty"));
    for (const char *tag : {"{{", "}}", "{%", "%}", "{#", "#}"})
        if (expression.contains(QLatin1String(tag)))
            return Error(
                QStringLiteral("an expression may not contain '%1'").arg(QLatin1String(tag)));
    return {};
}

Result<QString> renderWrapped(const QString &expression, const QString &prefix,
                              const QString &suffix, const nlohmann::json &context) {
    if (Status s = plainExpression(expression); !s)
        return s.error();
    auto t = tmpl::Template::parse(prefix + expression + suffix, QStringLiteral("expression"));
    if (!t)
        return Error(QStringLiteral("expression '%1': %2").arg(expression, t.error().message));
    tmpl::RenderOptions options;
    options.strictUndefined = true;
    auto out = (*t)->render(context.is_object() ? context : nlohmann::json::object(), options);
    if (!out)
        return Error(QStringLiteral("expression '%1': %2").arg(expression, out.error().message));
    return *out;
}

} // namespace

Status checkExpression(const QString &expression) {
    if (Status s = plainExpression(expression); !s)
        return s;
    auto t = tmpl::Template::parse(QStringLiteral("{{ (") + expression + QStringLiteral(") }}"));
    if (!t)
        return Error(QStringLiteral("expression '%1': %2").arg(expression, t.error().message));
    return {};
}

Result<bool> evaluateCondition(const QString &expression, const nlohmann::json &context) {
    auto out = renderWrapped(expression, QStringLiteral("{% if ("),
                             QStringLiteral(") %}1{% else %}0{% endif %}"), context);
    if (!out)
        return out.error();
    return *out == QStringLiteral("1");
}

Result<nlohmann::json> evaluateExpression(const QString &expression,
                                          const nlohmann::json &context) {
    auto out =
        renderWrapped(expression, QStringLiteral("{{ ("), QStringLiteral(") | tojson }}"), context);
    if (!out)
        return out.error();
    auto parsed = nlohmann::json::parse(out->toStdString(), nullptr, false);
    if (parsed.is_discarded())
        return Error(QStringLiteral("expression '%1' gave no JSON value").arg(expression));
    return parsed;
}

} // namespace trellis::workflow
