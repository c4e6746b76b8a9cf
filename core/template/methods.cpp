// Python methods templates call on str, dict and list values.
#include "template/number_format.h"
#include "template/py_text.h"
#include "template/renderer.h"

namespace trellis::tmpl {

std::vector<std::string> pySplit(const std::string &s, const Value *sep, std::int64_t maxsplit);

namespace {

std::string strArg(Renderer &r, const CallArgs &args, size_t pos, const char *name,
                   const Expr &at) {
    const Value *v = args.get(pos, name);
    if (!v)
        r.fail(std::string("missing argument '") + name + "'", at);
    if (!v->isString()) {
        r.requireDefined(*v, at);
        r.fail("must be str, not " + v->typeName(), at);
    }
    return v->asString();
}

bool affix(Renderer &r, const std::string &s, const Value *arg, bool prefix, const Expr &at) {
    if (!arg)
        r.fail("startswith/endswith takes at least 1 argument", at);
    auto one = [&](const Value &v) {
        if (!v.isString())
            r.fail("tuple for startswith/endswith must only contain str", at);
        const std::string &a = v.asString();
        if (a.size() > s.size())
            return false;
        return prefix ? s.compare(0, a.size(), a) == 0
                      : s.compare(s.size() - a.size(), a.size(), a) == 0;
    };
    if (arg->isTuple()) {
        for (const Value &v : arg->asList()) {
            if (one(v))
                return true;
        }
        return false;
    }
    return one(*arg);
}

std::string pyTitle(const std::string &s) {
    std::u32string u = py::toUtf32(s);
    bool prevCased = false;
    std::string out;
    for (const char32_t c : u) {
        std::string one;
        py::appendUtf8(one, c);
        const std::string up = py::upper(one);
        const std::string lo = py::lower(one);
        const bool cased = up != lo;
        out += cased ? (prevCased ? lo : up) : one;
        prevCased = cased;
    }
    return out;
}

bool strMethod(Renderer &r, const Value &obj, std::string_view name, CallArgs &args, const Expr &at,
               Value &result) {
    const std::string &s = obj.asString();
    if (name == "upper") {
        result = Value(py::upper(s));
    } else if (name == "lower") {
        result = Value(py::lower(s));
    } else if (name == "strip" || name == "lstrip" || name == "rstrip") {
        const bool left = name != "rstrip";
        const bool right = name != "lstrip";
        const Value *chars = args.get(0, "chars");
        if (chars && chars->isString())
            result = Value(py::stripChars(s, chars->asString(), left, right));
        else if (!obj.isMarkup() && py::stripIsNoop(s, left, right))
            result = obj; // nothing to strip: share the string instead of copying it
        else
            result = Value(py::strip(s, left, right));
    } else if (name == "split") {
        const Value *sep = args.get(0, "sep");
        const Value *max = args.get(1, "maxsplit");
        std::vector<Value> parts;
        for (auto &p : pySplit(s, sep && !sep->isNone() ? sep : nullptr,
                               max && max->isInt() ? max->asInt() : -1))
            parts.emplace_back(std::move(p));
        result = Value::list(std::move(parts));
    } else if (name == "splitlines") {
        std::vector<Value> lines;
        size_t start = 0;
        for (size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '\n' || s[i] == '\r') {
                lines.emplace_back(s.substr(start, i - start));
                if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')
                    ++i;
                start = i + 1;
            }
        }
        if (start < s.size())
            lines.emplace_back(s.substr(start));
        result = Value::list(std::move(lines));
    } else if (name == "replace") {
        CallArgs fargs;
        fargs.positional = args.positional;
        fargs.kwargs = args.kwargs;
        result = r.callFilterByName("replace", obj, fargs, at);
    } else if (name == "startswith" || name == "endswith") {
        result = Value(affix(r, s, args.get(0, "prefix"), name == "startswith", at));
    } else if (name == "title") {
        result = Value(pyTitle(s));
    } else if (name == "capitalize") {
        result = r.callFilterByName("capitalize", obj, args, at);
    } else if (name == "center") {
        result = r.callFilterByName("center", obj, args, at);
    } else if (name == "join") {
        const Value *items = args.get(0, "iterable");
        if (!items)
            r.fail("join() takes exactly one argument", at);
        std::string out;
        bool first = true;
        for (const Value &v : r.iterate(*items, at)) {
            if (!v.isString())
                r.fail("sequence item: expected str instance, " + v.typeName() + " found", at);
            if (!first)
                out += s;
            first = false;
            out += v.asString();
        }
        result = Value(std::move(out));
    } else if (name == "format") {
        result = callFormatMethod(r, s, args, at, obj.isMarkup());
    } else if (name == "count") {
        const std::string sub = strArg(r, args, 0, "sub", at);
        std::int64_t n = 0;
        if (sub.empty()) {
            n = py::length(s) + 1;
        } else {
            for (size_t p = s.find(sub); p != std::string::npos; p = s.find(sub, p + sub.size()))
                ++n;
        }
        result = Value(n);
    } else if (name == "find" || name == "rfind" || name == "index") {
        const std::string sub = strArg(r, args, 0, "sub", at);
        const size_t p = name == "rfind" ? s.rfind(sub) : s.find(sub);
        if (p == std::string::npos && name == "index")
            r.fail("substring not found", at);
        result = Value(p == std::string::npos ? std::int64_t(-1) : py::length(s.substr(0, p)));
    } else if (name == "isdigit" || name == "isalpha" || name == "isalnum" || name == "isspace"
               || name == "islower" || name == "isupper") {
        bool ok = !s.empty();
        if (name == "islower" || name == "isupper") {
            ok = (name == "islower" ? py::lower(s) == s : py::upper(s) == s)
                 && py::lower(s) != py::upper(s);
        } else {
            for (const char32_t c : py::toUtf32(s)) {
                const bool digit = c >= '0' && c <= '9';
                const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0xC0;
                if ((name == "isdigit" && !digit) || (name == "isalpha" && !alpha)
                    || (name == "isalnum" && !alpha && !digit)
                    || (name == "isspace" && !py::isSpace(c)))
                    ok = false;
            }
        }
        result = Value(ok);
    } else {
        return false;
    }
    return true;
}

bool dictMethod(Renderer &r, const Value &obj, std::string_view name, CallArgs &args,
                const Expr &at, Value &result) {
    const auto &items = obj.asDict().items;
    if (name == "items" || name == "keys" || name == "values") {
        std::vector<Value> out;
        out.reserve(items.size());
        for (const auto &[k, v] : items) {
            if (name == "items")
                out.push_back(Value::tuple({k, v}));
            else
                out.push_back(name == "keys" ? k : v);
        }
        result = Value::list(std::move(out));
        return true;
    }
    if (name == "get") {
        const Value *key = args.get(0, "key");
        if (!key)
            r.fail("get expected at least 1 argument, got 0", at);
        const Value *found = obj.asDict().find(*key);
        const Value *fallback = args.get(1, "default");
        result = found ? *found : (fallback ? *fallback : Value::none());
        return true;
    }
    return false;
}

bool listMethod(Renderer &r, const Value &obj, std::string_view name, CallArgs &args,
                const Expr &at, Value &result) {
    const auto &items = obj.asList();
    if (name == "count" || name == "index") {
        const Value *x = args.get(0, "value");
        if (!x)
            r.fail(std::string(name) + "() takes exactly one argument", at);
        std::int64_t n = 0;
        for (size_t i = 0; i < items.size(); ++i) {
            if (valuesEqual(items[i], *x)) {
                if (name == "index") {
                    result = Value(std::int64_t(i));
                    return true;
                }
                ++n;
            }
        }
        if (name == "index")
            r.fail("value is not in list", at);
        result = Value(n);
        return true;
    }
    return false;
}

} // namespace

bool callMethod(Renderer &r, const Value &obj, std::string_view name, CallArgs &args,
                const Expr &at, Value &result) {
    if (obj.isString())
        return strMethod(r, obj, name, args, at, result);
    if (obj.isDict()) {
        // A key of that name wins only when it is not a dict method, as in Python.
        return dictMethod(r, obj, name, args, at, result);
    }
    if (obj.isSequence())
        return listMethod(r, obj, name, args, at, result);
    return false;
}

} // namespace trellis::tmpl
