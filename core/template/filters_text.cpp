// String filters, Python %-formatting and tojson.
#include "template/filter_support.h"
#include "template/py_text.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace trellis::tmpl {

namespace filters {

std::int64_t intArg(Renderer &r, const CallArgs &args, size_t pos, const char *name,
                    std::int64_t dflt, const Expr &at) {
    const Value *v = args.get(pos, name);
    if (!v || v->isNone())
        return dflt;
    if (v->isInt() || v->isBool())
        return v->asInt();
    if (v->isFloat() && std::isfinite(v->asFloat()) && std::fabs(v->asFloat()) < 9e18)
        return std::int64_t(v->asFloat());
    r.requireDefined(*v, at);
    r.fail(std::string("argument '") + name + "' must be an integer", at);
}

bool boolArg(const CallArgs &args, size_t pos, const char *name, bool dflt) {
    const Value *v = args.get(pos, name);
    return v ? v->truthy() : dflt;
}

std::string strArg(Renderer &r, const CallArgs &args, size_t pos, const char *name,
                   const std::string &dflt, const Expr &at) {
    const Value *v = args.get(pos, name);
    if (!v)
        return dflt;
    return text(r, *v, at);
}

std::string text(Renderer &r, const Value &v, const Expr &at) {
    if (v.isString())
        return v.asString();
    if (v.isUndefined() && r.strict())
        r.requireDefined(v, at);
    return v.str();
}

Value attrPath(Renderer &r, const Value &item, std::string_view path, const Expr &at) {
    // One plain key of a dict (sort/select/map by attribute): the member, nothing else built.
    if (item.isDict() && !path.empty() && path.find('.') == std::string_view::npos
        && !std::all_of(path.begin(), path.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (const Value *member = item.asDict().find(path))
            return *member;
    }
    Value cur = item;
    size_t start = 0;
    while (start <= path.size()) {
        const size_t dot = path.find('.', start);
        const std::string_view part = path.substr(
            start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        const bool digits = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
            return c >= '0' && c <= '9';
        });
        const Value *member = !digits && cur.isDict() ? cur.asDict().find(part) : nullptr;
        if (member) {
            // The common case (sort/select/map by attribute of a dict) builds no key value.
            Value next = *member;
            cur = std::move(next);
        } else if (digits && part.size() < 18) {
            std::int64_t n = 0;
            std::from_chars(part.data(), part.data() + part.size(), n);
            cur = r.getItem(cur, Value(n), at);
        } else {
            cur = r.getItem(cur, Value(part), at);
        }
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return cur;
}

std::string htmlEscape(const std::string &s) {
    std::string out;
    out.reserve(s.size() + 16);
    for (const char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

namespace {

void jsonString(std::string &out, const std::string &s) {
    // json.dumps(ensure_ascii=True) followed by Jinja2's HTML-safe replacements.
    static const char hex[] = "0123456789abcdef";
    auto u = [&](char32_t c) {
        out += "\\u";
        for (int i = 3; i >= 0; --i)
            out.push_back(hex[(c >> (i * 4)) & 0xF]);
    };
    auto escape = [&](char32_t c) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '<':
        case '>':
        case '&':
        case '\'':
            u(c);
            break;
        default:
            if (c < 0x20 || c >= 0x7F) {
                if (c >= 0x10000) {
                    const char32_t v = c - 0x10000;
                    u(0xD800 + (v >> 10));
                    u(0xDC00 + (v & 0x3FF));
                } else {
                    u(c);
                }
            } else {
                out.push_back(char(c));
            }
        }
    };
    // Runs of characters that need no escaping are copied in one append; one table lookup per
    // byte finds the end of a run (non-ASCII bytes end it too: they are escaped as \uXXXX).
    static constexpr auto kPlain = [] {
        std::array<bool, 256> t{};
        for (int c = 0x20; c < 0x7F; ++c)
            t[size_t(c)] = true;
        for (const char c : {'"', '\\', '<', '>', '&', '\''})
            t[static_cast<unsigned char>(c)] = false;
        return t;
    }();
    out.push_back('"');
    size_t i = 0;
    while (i < s.size()) {
        size_t j = i;
        while (j < s.size() && kPlain[static_cast<unsigned char>(s[j])])
            ++j;
        out.append(s, i, j - i);
        if (j >= s.size())
            break;
        escape(py::decodeOne(s, j));
        i = j;
    }
    out.push_back('"');
}

void jsonValue(Renderer &r, std::string &out, const Value &v, int indent, int level,
               const Expr &at) {
    if (level > 200)
        r.fail("tojson: value nested too deeply", at);
    auto newline = [&](int lvl) {
        if (indent >= 0) {
            out.push_back('\n');
            out.append(size_t(indent * lvl), ' ');
        }
    };
    switch (v.type()) {
    case Value::Type::None:
        out += "null";
        return;
    case Value::Type::Bool:
        out += v.asBool() ? "true" : "false";
        return;
    case Value::Type::Int:
        out += std::to_string(v.asInt());
        return;
    case Value::Type::Float: {
        const double d = v.asFloat();
        if (std::isnan(d))
            out += "NaN";
        else if (std::isinf(d))
            out += d < 0 ? "-Infinity" : "Infinity";
        else
            py::appendFloat(out, d);
        return;
    }
    case Value::Type::String:
        jsonString(out, v.asString());
        return;
    case Value::Type::List:
    case Value::Type::Tuple: {
        const auto &items = v.asList();
        if (items.empty()) {
            out += "[]";
            return;
        }
        out.push_back('[');
        for (size_t i = 0; i < items.size(); ++i) {
            if (i)
                out += indent >= 0 ? "," : ", ";
            newline(level + 1);
            jsonValue(r, out, items[i], indent, level + 1, at);
        }
        newline(level);
        out.push_back(']');
        return;
    }
    case Value::Type::Dict: {
        // Jinja2's default policy: json.dumps(sort_keys=True). Small dicts (the usual case)
        // sort pointers on the stack by insertion, with no allocation.
        using Item = std::pair<Value, Value>;
        const auto &src = v.asDict().items;
        const size_t n = src.size();
        constexpr size_t kSmall = 16;
        const Item *small[kSmall];
        std::vector<const Item *> large;
        if (n > kSmall)
            large.resize(n);
        const Item **items = n > kSmall ? large.data() : small;
        for (size_t i = 0; i < n; ++i) {
            const Value &key = src[i].first;
            if (!key.isString() && !key.isNumber() && !key.isNone())
                r.fail("keys must be str, int, float, bool or None", at);
            items[i] = &src[i];
        }
        if (n == 0) {
            out += "{}";
            return;
        }
        auto less = [&](const Item *a, const Item *b) {
            if (a->first.isString() && b->first.isString())
                return a->first.asString() < b->first.asString(); // UTF-8 order = code points
            bool ok = true;
            const int c = compareValues(a->first, b->first, ok);
            if (!ok)
                r.fail("'<' not supported between dict keys of different types", at);
            return c < 0;
        };
        if (n <= kSmall) {
            for (size_t i = 1; i < n; ++i) {
                for (size_t j = i; j > 0 && less(items[j], items[j - 1]); --j)
                    std::swap(items[j], items[j - 1]);
            }
        } else {
            std::stable_sort(items, items + n, less);
        }
        out.push_back('{');
        for (size_t i = 0; i < n; ++i) {
            if (i)
                out += indent >= 0 ? "," : ", ";
            newline(level + 1);
            const Value &key = items[i]->first;
            if (key.isString())
                jsonString(out, key.asString());
            else if (key.isBool())
                out += key.asBool() ? "\"true\"" : "\"false\"";
            else if (key.isNone())
                out += "\"null\"";
            else
                jsonString(out, key.str());
            out += ": ";
            jsonValue(r, out, items[i]->second, indent, level + 1, at);
        }
        newline(level);
        out.push_back('}');
        return;
    }
    default:
        r.requireDefined(v, at);
        r.fail("Object of type " + v.typeName() + " is not JSON serializable", at);
    }
}

} // namespace

void appendJson(Renderer &r, std::string &out, const Value &v, int indent, const Expr &at) {
    jsonValue(r, out, v, indent, 0, at);
    r.checkSize(out.size(), at);
}

std::string toJson(Renderer &r, const Value &v, int indent, const Expr &at) {
    std::string out;
    appendJson(r, out, v, indent, at);
    return out;
}

} // namespace filters

std::vector<std::string> pySplit(const std::string &s, const Value *sep, std::int64_t maxsplit) {
    std::vector<std::string> parts;
    if (sep && sep->isString() && !sep->asString().empty()) {
        const std::string &d = sep->asString();
        size_t start = 0;
        while (maxsplit < 0 || std::int64_t(parts.size()) < maxsplit) {
            const size_t p = s.find(d, start);
            if (p == std::string::npos)
                break;
            parts.push_back(s.substr(start, p - start));
            start = p + d.size();
        }
        parts.push_back(s.substr(start));
        return parts;
    }
    // Whitespace split: runs of whitespace, no empty strings.
    const std::u32string u = py::toUtf32(s);
    size_t i = 0;
    while (i < u.size()) {
        while (i < u.size() && py::isSpace(u[i]))
            ++i;
        if (i >= u.size())
            break;
        if (maxsplit >= 0 && std::int64_t(parts.size()) >= maxsplit) {
            size_t e = u.size();
            while (e > i && py::isSpace(u[e - 1]))
                --e;
            parts.push_back(py::toUtf8(u.substr(i, e - i)));
            break;
        }
        size_t j = i;
        while (j < u.size() && !py::isSpace(u[j]))
            ++j;
        parts.push_back(py::toUtf8(u.substr(i, j - i)));
        i = j;
    }
    return parts;
}

} // namespace trellis::tmpl
