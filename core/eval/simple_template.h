#pragma once

#include "common/result.h"

#include <QString>

#include <functional>
#include <nlohmann/json.hpp>

namespace trellis::eval {

// Renders an assertion value (or a rubric prompt) against the row's variables. promptfoo
// renders `value` with Nunjucks; the experiment runner plugs the Jinja engine in here
// (core/template). The default is renderSimpleTemplate.
using TemplateRenderer =
    std::function<Result<QString>(const QString &source, const nlohmann::json &vars)>;

// "{{ name }}" and "{{ a.b }}" substitution, nothing else: strings are inserted as they are,
// other values as compact JSON (integral numbers without ".0"). An unknown variable or an
// unclosed "{{" is an error naming it, so a typo does not silently grade against "".
Result<QString> renderSimpleTemplate(const QString &source, const nlohmann::json &vars);

// A JSON value as JavaScript's String(value) prints it: strings as they are, 4.0 as "4".
QString jsString(const nlohmann::json &value);

} // namespace trellis::eval
