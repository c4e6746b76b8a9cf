#include "schema_sampler.h"

#include <QString>

#include <cmath>

using nlohmann::json;

namespace trellis::providers {

namespace {

constexpr int kMaxDepth = 12; // recursive $refs stop adding optional parts well before this

class Sampler {
public:
    Sampler(const json &root, std::uint64_t seed)
        : m_root(root)
        , m_state(seed | 1) {}

    json sample(const json &schema, int depth) {
        if (!schema.is_object() || depth > kMaxDepth * 2)
            return "dry run";
        if (schema.contains("$ref") && schema["$ref"].is_string())
            return sample(resolve(schema["$ref"].get<std::string>()), depth + 1);
        if (schema.contains("const"))
            return schema["const"];
        if (schema.contains("enum") && schema["enum"].is_array() && !schema["enum"].empty())
            return schema["enum"][next() % schema["enum"].size()];
        if (schema.contains("allOf") && schema["allOf"].is_array())
            return sample(mergeAll(schema), depth + 1);
        for (const char *key : {"anyOf", "oneOf"}) {
            if (schema.contains(key) && schema[key].is_array() && !schema[key].empty())
                return sample(firstNonNull(schema[key]), depth + 1);
        }
        const std::string type = pickType(schema);
        if (type == "object")
            return object(schema, depth);
        if (type == "array")
            return array(schema, depth);
        if (type == "integer" || type == "number")
            return number(schema, type == "integer");
        if (type == "boolean")
            return next() % 2 == 0;
        if (type == "null")
            return nullptr;
        return string(schema);
    }

private:
    std::uint64_t next() {
        // splitmix64: small, fast, and the same on every platform.
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    const json &resolve(const std::string &ref) const {
        static const json empty = json::object();
        if (ref == "#")
            return m_root;
        if (ref.rfind("#/", 0) != 0)
            return empty;
        try {
            const json &target = m_root.at(json::json_pointer(ref.substr(1)));
            return target;
        } catch (const json::exception &) {
            return empty;
        }
    }

    static json firstNonNull(const json &branches) {
        for (const json &b : branches) {
            if (!(b.is_object() && b.value("type", json()) == "null"))
                return b;
        }
        return branches[0];
    }

    json mergeAll(const json &schema) const {
        json merged = schema;
        merged.erase("allOf");
        for (const json &part : schema["allOf"]) {
            const json &p = part.contains("$ref") ? resolve(part["$ref"].get<std::string>()) : part;
            if (!p.is_object())
                continue;
            for (auto it = p.begin(); it != p.end(); ++it) {
                if (it.key() == "properties" && merged.contains("properties"))
                    merged["properties"].update(it.value());
                else if (it.key() == "required" && merged.contains("required") && it->is_array())
                    merged["required"].insert(merged["required"].end(), it->begin(), it->end());
                else if (!merged.contains(it.key()))
                    merged[it.key()] = it.value();
            }
        }
        return merged;
    }

    static std::string pickType(const json &schema) {
        const json t = schema.value("type", json());
        if (t.is_string())
            return t.get<std::string>();
        if (t.is_array()) {
            for (const json &x : t) {
                if (x.is_string() && x != "null")
                    return x.get<std::string>();
            }
            if (!t.empty() && t[0].is_string())
                return t[0].get<std::string>();
        }
        if (schema.contains("properties") || schema.contains("required"))
            return "object";
        if (schema.contains("items") || schema.contains("prefixItems"))
            return "array";
        if (schema.contains("minimum") || schema.contains("maximum"))
            return "number";
        return "string";
    }

    json object(const json &schema, int depth) {
        json out = json::object();
        const json props = schema.value("properties", json::object());
        json required = schema.value("required", json::array());
        if (!required.is_array())
            required = json::array();
        const bool optionalToo = depth < 4;
        if (props.is_object()) {
            for (auto it = props.begin(); it != props.end(); ++it) {
                const bool isRequired =
                    std::find(required.begin(), required.end(), it.key()) != required.end();
                if (isRequired || optionalToo)
                    out[it.key()] = sample(it.value(), depth + 1);
            }
        }
        for (const json &name : required) {
            if (name.is_string() && !out.contains(name.get<std::string>()))
                out[name.get<std::string>()] = "dry run";
        }
        return out;
    }

    json array(const json &schema, int depth) {
        json out = json::array();
        const qint64 minItems = schema.value("minItems", qint64(0));
        const qint64 maxItems = schema.value("maxItems", qint64(1) << 20);
        qint64 count = depth < 4 ? 2 : 0;
        count = std::clamp(count, minItems, maxItems);
        const json prefix = schema.value("prefixItems", json::array());
        const json items = schema.value("items", json::object());
        for (qint64 i = 0; i < count; ++i) {
            if (prefix.is_array() && i < qint64(prefix.size()))
                out.push_back(sample(prefix[size_t(i)], depth + 1));
            else
                out.push_back(sample(items.is_object() ? items : json::object(), depth + 1));
        }
        return out;
    }

    json number(const json &schema, bool integer) {
        double lo = schema.value("minimum", -1e9);
        double hi = schema.value("maximum", 1e9);
        if (schema.contains("exclusiveMinimum") && schema["exclusiveMinimum"].is_number())
            lo = std::max(lo, schema["exclusiveMinimum"].get<double>() + (integer ? 1.0 : 1e-6));
        if (schema.contains("exclusiveMaximum") && schema["exclusiveMaximum"].is_number())
            hi = std::min(hi, schema["exclusiveMaximum"].get<double>() - (integer ? 1.0 : 1e-6));
        if (integer) {
            lo = std::ceil(lo);
            hi = std::floor(hi);
        }
        // Small, readable values: start near the bottom of the allowed range.
        const double base = std::max(lo, std::min(hi, 0.0));
        const double span = std::min(hi - base, 100.0);
        double v = span > 0 ? base + double(next() % std::uint64_t(span + 1)) : base;
        const double step = schema.value("multipleOf", 0.0);
        if (step > 0) {
            v = std::ceil(lo / step) * step;
            if (v > hi)
                v = lo;
        }
        if (integer)
            return json(qint64(v));
        return json(v);
    }

    json string(const json &schema) {
        const std::string format = schema.value("format", std::string());
        std::string s;
        if (format == "date-time")
            s = "2025-01-01T00:00:00Z";
        else if (format == "date")
            s = "2025-01-01";
        else if (format == "time")
            s = "12:00:00Z";
        else if (format == "email")
            s = "dry.run@example.com";
        else if (format == "uri" || format == "url")
            s = "https://example.com/dry-run";
        else if (format == "uuid")
            s = "00000000-0000-4000-8000-"
                + QStringLiteral("%1")
                      .arg(next() % 1000000000000ULL, 12, 10, QLatin1Char('0'))
                      .toStdString();
        else
            s = "dry run " + std::to_string(next() % 1000);
        const size_t minLen = size_t(schema.value("minLength", 0));
        const size_t maxLen = size_t(schema.value("maxLength", 1 << 20));
        while (s.size() < minLen)
            s += 'x';
        if (s.size() > maxLen)
            s.resize(maxLen);
        return s;
    }

    const json &m_root;
    std::uint64_t m_state;
};

} // namespace

json sampleFromSchema(const json &schema, std::uint64_t seed) {
    if (schema.is_boolean())
        return schema.get<bool>() ? json("dry run") : json();
    // A schema of the wrong shape (a string where a number belongs, ...) must not take the
    // dry run down: nlohmann's type errors stop here.
    try {
        Sampler sampler(schema, seed);
        return sampler.sample(schema, 0);
    } catch (const json::exception &) {
        return "dry run";
    }
}

} // namespace trellis::providers
