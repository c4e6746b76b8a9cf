#include "schema/schema_evaluator.h"

#include "schema/json_pointer.h"

namespace trellis::schema {

namespace {

using Json = nlohmann::json;

// Values in the instance, counted without recursion (the instance may be deeply nested).
std::size_t countValues(const Json &instance) {
    std::size_t count = 0;
    std::vector<const Json *> stack{&instance};
    while (!stack.empty()) {
        const Json *value = stack.back();
        stack.pop_back();
        ++count;
        if (value->is_structured()) {
            for (const Json &item : *value)
                stack.push_back(&item);
        }
    }
    return count;
}

} // namespace

Evaluator::Evaluator(const Json &instance, std::vector<ValidationError> *errors)
    : m_errors(errors)
    , m_stepBudget(std::max(minStepBudget, countValues(instance) * stepsPerInstanceValue)) {}

bool Evaluator::run(const Node &root, const Json &instance) {
    const bool ok = evaluate(root, instance);
    if (m_aborted && m_errors)
        m_errors->push_back(m_abortError);
    return ok && !m_aborted;
}

bool Evaluator::evaluate(const Node &node, const Json &instance) {
    if (m_aborted)
        return false;
    if (++m_steps > m_stepBudget) {
        return abortRun(QStringLiteral("validation stopped after %1 steps: the schema is too "
                                       "expensive to evaluate for this value")
                            .arg(m_stepBudget));
    }
    if (m_depth >= maxDepth) {
        return abortRun(QStringLiteral("validation stopped: schema evaluation nested deeper than "
                                       "%1 levels (a $ref cycle that never descends into the "
                                       "value?)")
                            .arg(maxDepth));
    }
    if (node.booleanSchema) {
        if (*node.booleanSchema)
            return true;
        return fail("false", []() -> QString {
            return QStringLiteral("no value is allowed here (the schema is false)");
        });
    }
    ++m_depth;
    // Entering a subschema of another resource extends the dynamic scope ($dynamicRef).
    const bool entersResource = m_scope.empty() || m_scope.back() != node.resource;
    if (entersResource)
        m_scope.push_back(node.resource);
    const bool ok = evaluateKeywords(node, instance);
    if (entersResource)
        m_scope.pop_back();
    --m_depth;
    return ok;
}

bool Evaluator::evaluateKeywords(const Node &node, const Json &instance) {
    bool ok = true;
    for (auto check : {&Evaluator::checkRefs, &Evaluator::checkType, &Evaluator::checkValues,
                       &Evaluator::checkNumber, &Evaluator::checkString, &Evaluator::checkArray,
                       &Evaluator::checkObject, &Evaluator::checkApplicators}) {
        ok = (this->*check)(node, instance) && ok;
        if (!ok && (!m_errors || m_aborted))
            return false;
    }
    return ok;
}

bool Evaluator::child(const Node &node, const Json &instance, std::initializer_list<Token> schema,
                      std::optional<Token> instanceToken) {
    const PathGuard schemaGuard(m_schemaPath, schema);
    if (!instanceToken)
        return evaluate(node, instance);
    const PathGuard instanceGuard(m_instancePath, {*instanceToken});
    return evaluate(node, instance);
}

bool Evaluator::matches(const Node &node, const Json &instance) {
    std::vector<ValidationError> *saved = m_errors;
    m_errors = nullptr;
    const bool ok = evaluate(node, instance);
    m_errors = saved;
    return ok;
}

std::vector<ValidationError> Evaluator::errorsOf(const Node &node, const Json &instance,
                                                 std::initializer_list<Token> schema) {
    std::vector<ValidationError> causes;
    if (!m_errors)
        return causes;
    std::vector<ValidationError> *saved = m_errors;
    m_errors = &causes;
    child(node, instance, schema);
    m_errors = saved;
    return causes;
}

bool Evaluator::checkRefs(const Node &node, const Json &instance) {
    bool ok = true;
    if (node.ref)
        ok = child(*node.ref, instance, {"$ref"});
    if (node.dynamicRef && (ok || m_errors)) {
        const Node *target = node.dynamicRef;
        if (!node.dynamicAnchorName.empty()) {
            // The outermost resource in the dynamic scope that defines the anchor wins.
            for (const Resource *resource : m_scope) {
                const auto it = resource->dynamicAnchors.find(node.dynamicAnchorName);
                if (it != resource->dynamicAnchors.end()) {
                    target = it->second;
                    break;
                }
            }
        }
        ok = child(*target, instance, {"$dynamicRef"}) && ok;
    }
    return ok;
}

bool Evaluator::checkApplicators(const Node &node, const Json &instance) {
    bool ok = true;
    auto done = [&] {
        return !ok && (!m_errors || m_aborted);
    };
    for (std::size_t i = 0; i < node.allOf.size() && !done(); ++i)
        ok = child(*node.allOf[i], instance, {"allOf", i}) && ok;

    if (!node.anyOf.empty() && !done()) {
        bool any = false;
        for (std::size_t i = 0; i < node.anyOf.size() && !any; ++i) {
            const PathGuard guard(m_schemaPath, {"anyOf", i});
            any = matches(*node.anyOf[i], instance);
        }
        if (!any) {
            std::vector<ValidationError> causes;
            for (std::size_t i = 0; i < node.anyOf.size() && m_errors; ++i) {
                for (ValidationError &error : errorsOf(*node.anyOf[i], instance, {"anyOf", i}))
                    causes.push_back(std::move(error));
            }
            ok = fail(
                     "anyOf",
                     [&]() -> QString {
                         return QStringLiteral("must match at least one of the %1 schemas in anyOf")
                             .arg(node.anyOf.size());
                     },
                     std::move(causes))
                 && ok;
        }
    }

    if (!node.oneOf.empty() && !done()) {
        std::vector<std::size_t> matched;
        for (std::size_t i = 0; i < node.oneOf.size() && matched.size() < 2; ++i) {
            const PathGuard guard(m_schemaPath, {"oneOf", i});
            if (matches(*node.oneOf[i], instance))
                matched.push_back(i);
        }
        if (matched.empty()) {
            std::vector<ValidationError> causes;
            for (std::size_t i = 0; i < node.oneOf.size() && m_errors; ++i) {
                for (ValidationError &error : errorsOf(*node.oneOf[i], instance, {"oneOf", i}))
                    causes.push_back(std::move(error));
            }
            ok = fail(
                     "oneOf",
                     [&]() -> QString {
                         return QStringLiteral(
                                    "must match exactly one of the %1 schemas in oneOf, but "
                                    "matches none")
                             .arg(node.oneOf.size());
                     },
                     std::move(causes))
                 && ok;
        } else if (matched.size() > 1) {
            ok = fail("oneOf",
                      [&]() -> QString {
                          return QStringLiteral(
                                     "must match exactly one of the %1 schemas in oneOf, but "
                                     "matches both schema %2 and schema %3")
                              .arg(node.oneOf.size())
                              .arg(matched[0])
                              .arg(matched[1]);
                      })
                 && ok;
        }
    }

    if (node.notSchema && !done()) {
        bool matchesNot = false;
        {
            const PathGuard guard(m_schemaPath, {"not"});
            matchesNot = matches(*node.notSchema, instance);
        }
        if (matchesNot && !m_aborted)
            ok = fail("not",
                      []() -> QString {
                          return QStringLiteral("must not match the schema in 'not'");
                      })
                 && ok;
    }

    if (node.ifSchema && !done()) {
        bool condition = false;
        {
            const PathGuard guard(m_schemaPath, {"if"});
            condition = matches(*node.ifSchema, instance);
        }
        if (condition && node.thenSchema)
            ok = child(*node.thenSchema, instance, {"then"}) && ok;
        else if (!condition && node.elseSchema && !m_aborted)
            ok = child(*node.elseSchema, instance, {"else"}) && ok;
    }

    if (instance.is_object()) {
        for (const auto &[name, schema] : node.dependentSchemas) {
            if (done())
                break;
            if (instance.contains(name))
                ok = child(*schema, instance, {"dependentSchemas", std::string_view(name)}) && ok;
        }
    }
    return ok && !m_aborted;
}

bool Evaluator::abortRun(const QString &message) {
    // Recorded here, not through fail(): the limit may be hit inside a fast-mode probe
    // (anyOf, not, if) whose errors are discarded, and it must still be reported.
    m_aborted = true;
    m_abortError.instanceLocation = pointer(m_instancePath);
    m_abortError.schemaLocation = pointer(m_schemaPath);
    m_abortError.keyword = QStringLiteral("$limit");
    m_abortError.message = message;
    return false;
}

QString Evaluator::pointer(const std::vector<Token> &tokens) const {
    std::string out;
    for (const Token &token : tokens) {
        out += '/';
        if (const auto *text = std::get_if<std::string_view>(&token))
            out += escapePointerToken(*text);
        else
            out += std::to_string(std::get<std::size_t>(token));
    }
    return QString::fromStdString(out);
}

} // namespace trellis::schema
