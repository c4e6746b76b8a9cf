// The assertion keywords of Evaluator: one function per instance type.
#include "schema/json_value.h"
#include "schema/schema_evaluator.h"

#include <unordered_map>

namespace trellis::schema {

namespace {

using Json = nlohmann::json;

// A value quoted in a message, shortened so one huge enum cannot flood a repair prompt.
QString show(const Json &value) {
    std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    if (text.size() > 80)
        text = text.substr(0, 77) + "...";
    return QString::fromStdString(text);
}

QString quoteName(std::string_view text) {
    return QLatin1Char('\'') + QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()))
           + QLatin1Char('\'');
}

QString typeList(unsigned types) {
    static const std::pair<unsigned, const char *> names[] = {
        {TypeNull, "null"},      {TypeBoolean, "boolean"}, {TypeObject, "object"},
        {TypeArray, "array"},    {TypeNumber, "number"},   {TypeString, "string"},
        {TypeInteger, "integer"}};
    QStringList parts;
    for (const auto &[bit, name] : names) {
        if (types & bit)
            parts << QLatin1String(name);
    }
    return parts.join(QStringLiteral(" or "));
}

bool hasType(unsigned types, const Json &instance) {
    switch (instance.type()) {
    case Json::value_t::null:
        return types & TypeNull;
    case Json::value_t::boolean:
        return types & TypeBoolean;
    case Json::value_t::object:
        return types & TypeObject;
    case Json::value_t::array:
        return types & TypeArray;
    case Json::value_t::string:
        return types & TypeString;
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
        return (types & TypeNumber) || ((types & TypeInteger) && isIntegerValue(instance));
    default:
        return false;
    }
}

QString plural(std::uint64_t count, const char *one, const char *many) {
    return QString::number(count) + QLatin1Char(' ') + QLatin1String(count == 1 ? one : many);
}

} // namespace

bool Evaluator::checkType(const Node &node, const Json &instance) {
    if (node.types == 0 || hasType(node.types, instance))
        return true;
    return fail("type", [&]() -> QString {
        return QStringLiteral("must be %1, but is %2")
            .arg(typeList(node.types), QLatin1String(jsonTypeName(instance)));
    });
}

bool Evaluator::checkValues(const Node &node, const Json &instance) {
    bool ok = true;
    if (node.enumValues) {
        bool found = false;
        for (const Json &allowed : *node.enumValues) {
            if ((found = jsonEqual(allowed, instance)))
                break;
        }
        if (!found) {
            ok = fail("enum", [&]() -> QString {
                QStringList values;
                for (const Json &allowed : *node.enumValues) {
                    if (values.size() == 10) {
                        values << QStringLiteral("... (%1 more)").arg(node.enumValues->size() - 10);
                        break;
                    }
                    values << show(allowed);
                }
                return QStringLiteral("must be one of: ") + values.join(QStringLiteral(", "));
            });
        }
    }
    if (node.constValue && !jsonEqual(*node.constValue, instance)) {
        ok = fail("const",
                  [&]() -> QString {
                      return QStringLiteral("must be equal to the constant ")
                             + show(*node.constValue);
                  })
             && ok;
    }
    return ok;
}

bool Evaluator::checkNumber(const Node &node, const Json &instance) {
    if (!instance.is_number())
        return true;
    bool ok = true;
    auto bound = [&](const std::optional<Json> &limit, std::string_view keyword,
                     bool (*accept)(int), const char *op) {
        if (limit && !accept(compareNumbers(instance, *limit))) {
            ok =
                fail(
                    keyword,
                    [&]() -> QString {
                        return QStringLiteral("must be %1 %2").arg(QLatin1String(op), show(*limit));
                    })
                && ok;
        }
    };
    bound(
        node.minimum, "minimum", [](int c) { return c >= 0; }, ">=");
    bound(
        node.exclusiveMinimum, "exclusiveMinimum", [](int c) { return c > 0; }, ">");
    bound(
        node.maximum, "maximum", [](int c) { return c <= 0; }, "<=");
    bound(
        node.exclusiveMaximum, "exclusiveMaximum", [](int c) { return c < 0; }, "<");
    if (node.multipleOf && !isMultipleOf(instance, *node.multipleOf)) {
        ok = fail("multipleOf",
                  [&]() -> QString {
                      return QStringLiteral("must be a multiple of ") + show(*node.multipleOf);
                  })
             && ok;
    }
    return ok;
}

bool Evaluator::checkString(const Node &node, const Json &instance) {
    if (!instance.is_string())
        return true;
    const std::string &text = instance.get_ref<const std::string &>();
    bool ok = true;
    if (node.minLength || node.maxLength) {
        const std::size_t length = codePointLength(text);
        if (node.minLength && length < *node.minLength) {
            ok = fail("minLength", [&]() -> QString {
                return QStringLiteral("must have at least %1 (has %2)")
                    .arg(plural(*node.minLength, "character", "characters"))
                    .arg(length);
            });
        }
        if (node.maxLength && length > *node.maxLength) {
            ok = fail("maxLength",
                      [&]() -> QString {
                          return QStringLiteral("must have at most %1 (has %2)")
                              .arg(plural(*node.maxLength, "character", "characters"))
                              .arg(length);
                      })
                 && ok;
        }
    }
    if (node.pattern && (ok || m_errors)) {
        ++m_steps;
        if (!node.pattern->search(text)) {
            ok = fail("pattern",
                      [&]() -> QString {
                          return QStringLiteral("must match pattern ")
                                 + QString::fromStdString(node.pattern->source());
                      })
                 && ok;
        }
    }
    return ok;
}

bool Evaluator::checkArray(const Node &node, const Json &instance) {
    if (!instance.is_array())
        return true;
    const std::size_t size = instance.size();
    bool ok = true;
    auto done = [&] {
        return !ok && (!m_errors || m_aborted);
    };
    if (node.minItems && size < *node.minItems) {
        ok = fail("minItems", [&]() -> QString {
            return QStringLiteral("must have at least %1 (has %2)")
                .arg(plural(*node.minItems, "item", "items"))
                .arg(size);
        });
    }
    if (node.maxItems && size > *node.maxItems) {
        ok = fail("maxItems",
                  [&]() -> QString {
                      return QStringLiteral("must have at most %1 (has %2)")
                          .arg(plural(*node.maxItems, "item", "items"))
                          .arg(size);
                  })
             && ok;
    }
    if (node.uniqueItems && !done()) {
        // Hash buckets keep this linear for the usual case of distinct items.
        std::unordered_multimap<std::size_t, std::size_t> seen;
        for (std::size_t i = 0; i < size && !done(); ++i) {
            const std::size_t hash = jsonHash(instance[i]);
            const auto [first, last] = seen.equal_range(hash);
            for (auto it = first; it != last; ++it) {
                if (!jsonEqual(instance[it->second], instance[i]))
                    continue;
                const std::size_t earlier = it->second;
                ok = fail("uniqueItems",
                          [&]() -> QString {
                              return QStringLiteral(
                                         "must not contain duplicate items (items %1 and %2 are "
                                         "equal)")
                                  .arg(earlier)
                                  .arg(i);
                          })
                     && ok;
                break;
            }
            seen.emplace(hash, i);
        }
    }
    const std::size_t prefix = std::min(size, node.prefixItems.size());
    for (std::size_t i = 0; i < prefix && !done(); ++i)
        ok = child(*node.prefixItems[i], instance[i], {"prefixItems", i}, i) && ok;
    if (node.items && size > node.prefixItems.size() && !done()) {
        if (node.items->booleanSchema == false) {
            ok = fail("items",
                      [&]() -> QString {
                          return QStringLiteral("must have at most %1 (has %2)")
                              .arg(plural(node.prefixItems.size(), "item", "items"))
                              .arg(size);
                      })
                 && ok;
        } else {
            for (std::size_t i = node.prefixItems.size(); i < size && !done(); ++i)
                ok = child(*node.items, instance[i], {"items"}, i) && ok;
        }
    }
    if (!done())
        ok = checkContains(node, instance) && ok;
    return ok && !m_aborted;
}

bool Evaluator::checkContains(const Node &node, const Json &instance) {
    if (!node.contains)
        return true;
    std::size_t count = 0;
    {
        const PathGuard guard(m_schemaPath, {"contains"});
        for (std::size_t i = 0; i < instance.size(); ++i) {
            const PathGuard instanceGuard(m_instancePath, {i});
            if (matches(*node.contains, instance[i]))
                ++count;
        }
    }
    const std::uint64_t minimum = node.minContains.value_or(1);
    bool ok = true;
    if (count < minimum) {
        ok = fail(node.minContains ? "minContains" : "contains", [&]() -> QString {
            return QStringLiteral("must contain at least %1 matching the 'contains' schema "
                                  "(has %2)")
                .arg(plural(minimum, "item", "items"))
                .arg(count);
        });
    }
    if (node.maxContains && count > *node.maxContains) {
        ok =
            fail("maxContains",
                 [&]() -> QString {
                     return QStringLiteral("must contain at most %1 matching the 'contains' schema "
                                           "(has %2)")
                         .arg(plural(*node.maxContains, "item", "items"))
                         .arg(count);
                 })
            && ok;
    }
    return ok;
}

bool Evaluator::checkObject(const Node &node, const Json &instance) {
    if (!instance.is_object())
        return true;
    const std::size_t size = instance.size();
    bool ok = true;
    if (node.minProperties && size < *node.minProperties) {
        ok = fail("minProperties", [&]() -> QString {
            return QStringLiteral("must have at least %1 (has %2)")
                .arg(plural(*node.minProperties, "property", "properties"))
                .arg(size);
        });
    }
    if (node.maxProperties && size > *node.maxProperties) {
        ok = fail("maxProperties",
                  [&]() -> QString {
                      return QStringLiteral("must have at most %1 (has %2)")
                          .arg(plural(*node.maxProperties, "property", "properties"))
                          .arg(size);
                  })
             && ok;
    }
    for (const std::string &name : node.required) {
        if (!instance.contains(name)) {
            ok = fail("required",
                      [&]() -> QString {
                          return QStringLiteral("must have required property ") + quoteName(name);
                      })
                 && ok;
        }
    }
    for (const auto &entry : node.dependentRequired) {
        const std::string &name = entry.first; // not a structured binding: lambdas capture it
        if (!instance.contains(name))
            continue;
        for (const std::string &dependency : entry.second) {
            if (!instance.contains(dependency)) {
                ok = fail("dependentRequired",
                          [&]() -> QString {
                              return QStringLiteral(
                                         "must have property %1 when property %2 is present")
                                  .arg(quoteName(dependency), quoteName(name));
                          })
                     && ok;
            }
        }
    }
    if (!ok && !m_errors)
        return false;
    return checkProperties(node, instance) && ok;
}

bool Evaluator::checkProperties(const Node &node, const Json &instance) {
    bool ok = true;
    auto done = [&] {
        return !ok && (!m_errors || m_aborted);
    };
    for (auto it = instance.begin(); it != instance.end() && !done(); ++it) {
        const std::string &name = it.key();
        bool matched = false;
        const auto property = node.properties.find(name);
        if (property != node.properties.end()) {
            matched = true;
            ok = child(*property->second, it.value(),
                       {"properties", std::string_view(property->first)}, std::string_view(name))
                 && ok;
        }
        for (const auto &[source, pattern] : node.patternProperties) {
            if (done())
                break;
            ++m_steps;
            if (!pattern.regex.search(name))
                continue;
            matched = true;
            ok = child(*pattern.schema, it.value(), {"patternProperties", std::string_view(source)},
                       std::string_view(name))
                 && ok;
        }
        if (matched || !node.additionalProperties || done())
            continue;
        if (node.additionalProperties->booleanSchema == false) {
            ok = fail("additionalProperties",
                      [&]() -> QString {
                          return QStringLiteral("must not have additional property ")
                                 + quoteName(name);
                      })
                 && ok;
        } else {
            ok = child(*node.additionalProperties, it.value(), {"additionalProperties"},
                       std::string_view(name))
                 && ok;
        }
    }
    if (node.propertyNames) {
        for (auto it = instance.begin(); it != instance.end() && !done(); ++it) {
            const Json name(it.key());
            bool valid = false;
            {
                const PathGuard guard(m_schemaPath, {"propertyNames"});
                valid = matches(*node.propertyNames, name);
            }
            if (valid || m_aborted)
                continue;
            ok = fail(
                     "propertyNames",
                     [&]() -> QString {
                         return QStringLiteral("property name %1 is invalid")
                             .arg(quoteName(it.key()));
                     },
                     errorsOf(*node.propertyNames, name, {"propertyNames"}))
                 && ok;
        }
    }
    return ok && !m_aborted;
}

} // namespace trellis::schema
