#include "eval/assertion_check.h"

#include "eval/json_extract.h"
#include "eval/text_metrics.h"
#include "schema/ecma_regex.h"
#include "schema/json_schema.h"
#include "schema/json_value.h"

namespace trellis::eval {

namespace {

// What a check found: whether it matched, what was expected ("to contain 'x'") and, where it
// helps, what was seen instead.
struct Check {
    bool matched = false;
    QString expectation;
    QString detail;
    double score = -1; // < 0: 1 or 0 from `matched`
};

QStringList textList(const nlohmann::json &value) {
    QStringList out;
    if (value.is_string()) { // "a, b, c"
        for (const QString &item : jsString(value).split(u','))
            out.append(item.trimmed());
        return out;
    }
    for (const auto &item : value)
        out.append(jsString(item));
    return out;
}

QString quotedList(const QStringList &items) {
    QStringList quoted;
    for (const QString &item : items)
        quoted.append(quoteForReason(item));
    return quoted.join(QStringLiteral(", "));
}

Check checkContainsList(AssertionKind kind, const QString &output, const nlohmann::json &value) {
    const bool fold = kind == AssertionKind::IContainsAny || kind == AssertionKind::IContainsAll;
    const bool all = kind == AssertionKind::ContainsAll || kind == AssertionKind::IContainsAll;
    const Qt::CaseSensitivity cs = fold ? Qt::CaseInsensitive : Qt::CaseSensitive;
    const QStringList items = textList(value);
    QStringList missing;
    for (const QString &item : items) {
        if (!output.contains(item, cs))
            missing.append(item);
    }
    Check c;
    if (all) {
        c.matched = missing.isEmpty();
        c.expectation = QStringLiteral("to contain all of %1").arg(quotedList(items));
        if (!missing.isEmpty())
            c.detail = QStringLiteral("missing %1").arg(quotedList(missing));
    } else {
        c.matched = missing.size() < items.size();
        c.expectation = QStringLiteral("to contain one of %1").arg(quotedList(items));
    }
    if (fold)
        c.expectation += QStringLiteral(" (ignoring case)");
    return c;
}

std::optional<nlohmann::json> outputJson(const CellOutput &output, bool embedded) {
    if (output.json)
        return output.json;
    return embedded ? extractJson(output.text) : parseJsonText(output.text);
}

Check checkJson(const Assertion &a, const CellOutput &output) {
    const bool embedded = a.kind == AssertionKind::ContainsJson;
    Check c;
    c.expectation =
        embedded ? QStringLiteral("to contain JSON") : QStringLiteral("to be valid JSON");
    const auto json = outputJson(output, embedded);
    if (!json) {
        c.detail = embedded ? QStringLiteral("no JSON found") : QStringLiteral("it does not parse");
        return c;
    }
    if (!a.schema) {
        c.matched = true;
        return c;
    }
    c.expectation += QStringLiteral(" matching the schema");
    const auto errors = a.schema->validate(*json);
    c.matched = errors.empty();
    if (!errors.empty())
        c.detail = schema::formatErrors(errors, 3).trimmed();
    return c;
}

Check checkCount(const Assertion &a, qsizetype count, const QString &unit) {
    const nlohmann::json &v = a.value;
    Check c;
    c.detail = QStringLiteral("got %1").arg(count);
    if (v.is_number()) {
        const double n = v.get<double>();
        c.matched = double(count) == n;
        c.expectation = QStringLiteral("to have exactly %1 %2").arg(jsString(v), unit);
        return c;
    }
    const bool hasMin = v.contains("min"), hasMax = v.contains("max");
    const double lo = hasMin ? v.at("min").get<double>() : 0;
    const double hi = hasMax ? v.at("max").get<double>() : 0;
    c.matched = (!hasMin || double(count) >= lo) && (!hasMax || double(count) <= hi);
    if (hasMin && hasMax)
        c.expectation = QStringLiteral("to have %1 to %2 %3")
                            .arg(jsString(v.at("min")), jsString(v.at("max")), unit);
    else if (hasMin)
        c.expectation = QStringLiteral("to have at least %1 %2").arg(jsString(v.at("min")), unit);
    else
        c.expectation = QStringLiteral("to have at most %1 %2").arg(jsString(v.at("max")), unit);
    return c;
}

Check checkLimit(std::optional<double> measured, double limit, const QString &what,
                 const QString &unit) {
    Check c;
    c.expectation =
        QStringLiteral("to have %1 at most %2%3").arg(what, QString::number(limit), unit);
    if (!measured) {
        c.detail = QStringLiteral("the %1 is unknown (a cached or unpriced call?)").arg(what);
        return c;
    }
    c.matched = *measured <= limit;
    c.detail = QStringLiteral("%1 was %2%3").arg(what, QString::number(*measured), unit);
    return c;
}

Check runCheck(const Assertion &a, const nlohmann::json &value, const CellOutput &output) {
    const QString &text = output.text;
    switch (a.kind) {
    case AssertionKind::Equals: {
        Check c;
        if (value.is_object() || value.is_array()) {
            const auto json = outputJson(output, false);
            c.matched = json && schema::jsonEqual(*json, value);
            c.expectation = QStringLiteral("to equal the JSON %1")
                                .arg(quoteForReason(QString::fromStdString(value.dump())));
        } else {
            c.matched = text == jsString(value);
            c.expectation = QStringLiteral("to equal %1").arg(quoteForReason(jsString(value)));
        }
        if (!c.matched)
            c.detail = QStringLiteral("got %1").arg(quoteForReason(text));
        return c;
    }
    case AssertionKind::Contains:
    case AssertionKind::IContains: {
        const bool fold = a.kind == AssertionKind::IContains;
        const QString needle = jsString(value);
        return {
            text.contains(needle, fold ? Qt::CaseInsensitive : Qt::CaseSensitive),
            QStringLiteral("to contain %1%2")
                .arg(quoteForReason(needle), fold ? QStringLiteral(" (ignoring case)") : QString()),
            {}};
    }
    case AssertionKind::ContainsAny:
    case AssertionKind::ContainsAll:
    case AssertionKind::IContainsAny:
    case AssertionKind::IContainsAll:
        return checkContainsList(a.kind, text, value);
    case AssertionKind::StartsWith:
        return {text.startsWith(jsString(value)),
                QStringLiteral("to start with %1").arg(quoteForReason(jsString(value))),
                {}};
    case AssertionKind::Regex: {
        auto re = schema::EcmaRegex::compile(value.get<std::string>());
        if (!re)
            return {false, QStringLiteral("to match a valid regex"), re.error().message};
        return {re->search(text.toStdString()),
                QStringLiteral("to match /%1/").arg(jsString(value)),
                {}};
    }
    case AssertionKind::IsJson:
    case AssertionKind::ContainsJson:
    case AssertionKind::JsonSchema:
        return checkJson(a, output);
    case AssertionKind::CharacterCount:
        return checkCount(a, codePointCount(text), QStringLiteral("characters"));
    case AssertionKind::WordCount:
        return checkCount(a, wordCount(text), QStringLiteral("words"));
    case AssertionKind::Latency:
        return checkLimit(output.latencyMs, *a.threshold, QStringLiteral("latency"),
                          QStringLiteral(" ms"));
    case AssertionKind::Cost:
        return checkLimit(output.costUsd, *a.threshold, QStringLiteral("cost"),
                          QStringLiteral(" USD"));
    case AssertionKind::Levenshtein: {
        const double limit = a.threshold.value_or(5);
        const int d = levenshteinDistance(text, jsString(value));
        return {d <= limit,
                QStringLiteral("to be within edit distance %1 of %2")
                    .arg(QString::number(limit), quoteForReason(jsString(value))),
                QStringLiteral("distance %1").arg(d)};
    }
    case AssertionKind::LlmRubric:
        break;
    }
    return {false, QStringLiteral("to be graded by a judge"),
            QStringLiteral("llm-rubric needs a judge (see TestGrader)")};
}

} // namespace

QString quoteForReason(const QString &text) {
    constexpr qsizetype kMax = 120;
    if (text.size() <= kMax)
        return u'\'' + text + u'\'';
    return u'\'' + text.left(kMax) + QStringLiteral("…' (%1 characters)").arg(text.size());
}

Result<nlohmann::json> renderValue(const nlohmann::json &value, const nlohmann::json &vars,
                                   const TemplateRenderer &render) {
    if (value.is_string()) {
        const QString source = QString::fromStdString(value.get<std::string>());
        if (!source.contains(u"{{"))
            return value;
        auto rendered = render ? render(source, vars) : renderSimpleTemplate(source, vars);
        if (!rendered)
            return rendered.error();
        return nlohmann::json(rendered->toStdString());
    }
    if (value.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto &item : value) {
            auto r = renderValue(item, vars, render);
            if (!r)
                return r.error();
            out.push_back(std::move(*r));
        }
        return out;
    }
    return value;
}

AssertionResult checkAssertion(const Assertion &assertion, const CellOutput &output,
                               const nlohmann::json &vars, const TemplateRenderer &render) {
    AssertionResult result;
    result.type = assertion.typeName();
    result.weight = assertion.weight;
    result.metric = assertion.metric;
    const bool schemaValue = assertion.schema != nullptr;
    auto value = schemaValue ? Result<nlohmann::json>(assertion.value)
                             : renderValue(assertion.value, vars, render);
    if (!value) {
        result.reason =
            QStringLiteral("cannot render the assertion value: %1").arg(value.error().message);
        return result;
    }
    const Check c = runCheck(assertion, *value, output);
    const double score = c.score >= 0 ? c.score : (c.matched ? 1.0 : 0.0);
    result.pass = c.matched != assertion.inverse;
    result.score = assertion.inverse ? 1.0 - score : score;
    if (result.pass) {
        result.reason =
            QStringLiteral("passed: output was expected %1%2")
                .arg(assertion.inverse ? QStringLiteral("not ") : QString(), c.expectation);
    } else {
        result.reason =
            QStringLiteral("expected output %1%2")
                .arg(assertion.inverse ? QStringLiteral("not ") : QString(), c.expectation);
        if (!c.detail.isEmpty())
            result.reason += QStringLiteral(" (%1)").arg(c.detail);
    }
    return result;
}

} // namespace trellis::eval
