// Filters on sequences and mappings, and the filter table.
#include "template/filter_support.h"
#include "template/parser.h"
#include "template/py_text.h"

#include <algorithm>

namespace trellis::tmpl {
namespace filters {

Value fLower(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fUpper(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fCapitalize(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fTitle(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fTrim(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fCenter(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fReplace(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fIndent(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fTruncate(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fWordcount(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fEscape(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fForceEscape(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fSafe(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fString(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fFormat(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fAbs(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fInt(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fFloat(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fRound(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fToJson(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fFilesizeformat(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fUrlencode(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fXmlattr(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fStriptags(Renderer &, const Value &, const CallArgs &, const Expr &);
Value fWordwrap(Renderer &, const Value &, const CallArgs &, const Expr &);
void appendFormat(Renderer &, const Value &, const CallArgs &, const Expr &, std::string &);
void appendIndent(Renderer &, const Value &, const CallArgs &, const Expr &, std::string &);
void appendTrim(Renderer &, const Value &, const CallArgs &, const Expr &, std::string &);
void appendToJson(Renderer &, const Value &, const CallArgs &, const Expr &, std::string &);

namespace {

// Key for case-insensitive comparisons: strings lower-cased, everything else as is.
Value ignoreCase(const Value &v, bool caseSensitive) {
    if (!caseSensitive && v.isString())
        return Value(py::lower(v.asString()));
    return v;
}

int cmp(Renderer &r, const Value &a, const Value &b, const Expr &at) {
    bool ok = true;
    const int c = compareValues(a, b, ok);
    if (!ok)
        r.fail("'<' not supported between instances of '" + a.typeName() + "' and '" + b.typeName()
                   + "'",
               at);
    return c;
}

Value keyOf(Renderer &r, const Value &item, const Value *attribute, const Expr &at) {
    if (!attribute || attribute->isNone())
        return item;
    if (attribute->isInt())
        return r.getItem(item, *attribute, at);
    if (attribute->isString())
        return attrPath(r, item, attribute->asString(), at);
    return attrPath(r, item, text(r, *attribute, at), at);
}

Value fDefault(Renderer &, const Value &v, const CallArgs &args, const Expr &) {
    const Value *dflt = optArg(args, 0, "default_value");
    const bool boolean = boolArg(args, 1, "boolean", false);
    if (v.isUndefined() || (boolean && !v.truthy()))
        return dflt ? *dflt : Value(std::string());
    return v;
}

Value fLength(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    switch (v.type()) {
    case Value::Type::String:
        return Value(py::length(v.asString()));
    case Value::Type::List:
    case Value::Type::Tuple:
        return Value(std::int64_t(v.asList().size()));
    case Value::Type::Dict:
    case Value::Type::Namespace:
        return Value(std::int64_t(v.asDict().items.size()));
    case Value::Type::Undefined:
        return Value(0);
    default:
        r.fail("object of type '" + v.typeName() + "' has no len()", at);
    }
}

Value fList(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    return Value::list(r.iterate(v, at));
}

Value fFirst(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    const auto items = r.iterate(v, at);
    return items.empty() ? Value::undefined("No first item, sequence was empty.") : items.front();
}

Value fLast(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    const auto items = r.iterate(v, at);
    return items.empty() ? Value::undefined("No last item, sequence was empty.") : items.back();
}

Value fReverse(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    if (v.isString()) {
        std::u32string u = py::toUtf32(v.asString());
        std::reverse(u.begin(), u.end());
        return Value(py::toUtf8(u));
    }
    auto items = r.iterate(v, at);
    std::reverse(items.begin(), items.end());
    return Value::list(std::move(items));
}

Value fJoin(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const std::string sep = strArg(r, args, 0, "d", "", at);
    const Value *attribute = optArg(args, 1, "attribute");
    std::string out;
    bool first = true;
    for (const Value &item : r.iterate(v, at)) {
        if (!first)
            out += sep;
        first = false;
        out += text(r, keyOf(r, item, attribute, at), at);
        r.checkSize(out.size(), at);
    }
    return Value(std::move(out));
}

Value fSort(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const bool reverse = boolArg(args, 0, "reverse", false);
    const bool caseSensitive = boolArg(args, 1, "case_sensitive", false);
    const Value *attribute = optArg(args, 2, "attribute");
    std::vector<Value> materialized;
    if (!v.isSequence())
        materialized = r.iterate(v, at);
    const std::vector<Value> &items = v.isSequence() ? v.asList() : materialized;
    std::vector<std::pair<Value, Value>> keyed;
    keyed.reserve(items.size());
    for (const Value &item : items)
        keyed.emplace_back(ignoreCase(keyOf(r, item, attribute, at), caseSensitive), item);
    auto less = [&](const auto &a, const auto &b) {
        return reverse ? cmp(r, b.first, a.first, at) < 0 : cmp(r, a.first, b.first, at) < 0;
    };
    if (keyed.size() <= 16) {
        // Short lists (documents, examples): a stable insertion sort needs no buffer.
        for (size_t i = 1; i < keyed.size(); ++i) {
            for (size_t j = i; j > 0 && less(keyed[j], keyed[j - 1]); --j)
                std::swap(keyed[j], keyed[j - 1]);
        }
    } else {
        std::stable_sort(keyed.begin(), keyed.end(), less);
    }
    std::vector<Value> out;
    out.reserve(keyed.size());
    for (auto &k : keyed)
        out.push_back(std::move(k.second));
    return Value::list(std::move(out));
}

Value fDictsort(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    if (!v.isDict())
        r.fail("dictsort: expected a mapping", at);
    const bool caseSensitive = boolArg(args, 0, "case_sensitive", false);
    const std::string by = strArg(r, args, 1, "by", "key", at);
    const bool reverse = boolArg(args, 2, "reverse", false);
    if (by != "key" && by != "value")
        r.fail("You can only sort by either \"key\" or \"value\"", at);
    std::vector<std::pair<Value, Value>> items = v.asDict().items;
    const bool byKey = by == "key";
    std::stable_sort(items.begin(), items.end(), [&](const auto &a, const auto &b) {
        const Value ka = ignoreCase(byKey ? a.first : a.second, caseSensitive);
        const Value kb = ignoreCase(byKey ? b.first : b.second, caseSensitive);
        return reverse ? cmp(r, kb, ka, at) < 0 : cmp(r, ka, kb, at) < 0;
    });
    std::vector<Value> out;
    for (auto &[k, val] : items)
        out.push_back(Value::tuple({k, val}));
    return Value::list(std::move(out));
}

Value fItems(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    if (v.isUndefined())
        return Value::list({});
    if (!v.isDict())
        r.fail("Can only get item pairs from a mapping.", at);
    std::vector<Value> out;
    for (const auto &[k, val] : v.asDict().items)
        out.push_back(Value::tuple({k, val}));
    return Value::list(std::move(out));
}

Value fUnique(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const bool caseSensitive = boolArg(args, 0, "case_sensitive", false);
    const Value *attribute = optArg(args, 1, "attribute");
    std::vector<Value> seen;
    std::vector<Value> out;
    for (const Value &item : r.iterate(v, at)) {
        const Value key = ignoreCase(keyOf(r, item, attribute, at), caseSensitive);
        if (key.isList() || key.isDict())
            r.fail("unhashable type: '" + key.typeName() + "'", at);
        if (std::none_of(seen.begin(), seen.end(),
                         [&](const Value &s) { return valuesEqual(s, key); })) {
            seen.push_back(key);
            out.push_back(item);
        }
    }
    return Value::list(std::move(out));
}

Value minMax(Renderer &r, const Value &v, const CallArgs &args, const Expr &at, bool wantMax) {
    const bool caseSensitive = boolArg(args, 0, "case_sensitive", false);
    const Value *attribute = optArg(args, 1, "attribute");
    const auto items = r.iterate(v, at);
    if (items.empty())
        return Value::undefined("No aggregated item, sequence was empty.");
    size_t best = 0;
    Value bestKey = ignoreCase(keyOf(r, items[0], attribute, at), caseSensitive);
    for (size_t i = 1; i < items.size(); ++i) {
        Value key = ignoreCase(keyOf(r, items[i], attribute, at), caseSensitive);
        const int c = cmp(r, key, bestKey, at);
        if (wantMax ? c > 0 : c < 0) {
            best = i;
            bestKey = std::move(key);
        }
    }
    return items[best];
}

Value fMax(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    return minMax(r, v, args, at, true);
}
Value fMin(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    return minMax(r, v, args, at, false);
}

Value fSum(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const Value *attribute = optArg(args, 0, "attribute");
    const Value *start = optArg(args, 1, "start");
    Value total = start ? *start : Value(0);
    for (const Value &item : r.iterate(v, at))
        total = binaryOp(r, BinOp::Add, total, keyOf(r, item, attribute, at), at);
    return total;
}

Value fBatch(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const std::int64_t n = intArg(r, args, 0, "linecount", 0, at);
    if (n <= 0)
        r.fail("batch size must be positive", at);
    const Value *fill = optArg(args, 1, "fill_with");
    std::vector<Value> out;
    std::vector<Value> cur;
    for (const Value &item : r.iterate(v, at)) {
        cur.push_back(item);
        if (std::int64_t(cur.size()) == n) {
            out.push_back(Value::list(std::move(cur)));
            cur.clear();
        }
    }
    if (!cur.empty()) {
        if (fill && !fill->isNone()) {
            r.countIterations(size_t(n) - cur.size(), at);
            while (std::int64_t(cur.size()) < n)
                cur.push_back(*fill);
        }
        out.push_back(Value::list(std::move(cur)));
    }
    return Value::list(std::move(out));
}

Value fSlice(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const std::int64_t slices = intArg(r, args, 0, "slices", 0, at);
    if (slices <= 0)
        r.fail("slices must be positive", at);
    r.countIterations(size_t(slices), at); // one list per slice, however short the input
    const Value *fill = optArg(args, 1, "fill_with");
    const auto seq = r.iterate(v, at);
    const std::int64_t length = std::int64_t(seq.size());
    const std::int64_t per = length / slices;
    const std::int64_t extra = length % slices;
    std::int64_t offset = 0;
    std::vector<Value> out;
    for (std::int64_t i = 0; i < slices; ++i) {
        const std::int64_t start = offset + i * per;
        if (i < extra)
            ++offset;
        const std::int64_t end = offset + (i + 1) * per;
        std::vector<Value> part(seq.begin() + start, seq.begin() + end);
        if (fill && !fill->isNone() && i >= extra)
            part.push_back(*fill);
        out.push_back(Value::list(std::move(part)));
    }
    return Value::list(std::move(out));
}

Value fGroupby(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const Value *attribute = optArg(args, 0, "attribute");
    if (!attribute)
        r.fail("groupby() missing required argument 'attribute'", at);
    const Value *dflt = optArg(args, 1, "default");
    const bool caseSensitive = boolArg(args, 2, "case_sensitive", false);
    auto keyFor = [&](const Value &item) {
        Value k = keyOf(r, item, attribute, at);
        if (k.isUndefined() && dflt)
            k = *dflt;
        return k;
    };
    auto items = r.iterate(v, at);
    std::vector<std::pair<Value, Value>> keyed;
    for (const Value &item : items)
        keyed.emplace_back(ignoreCase(keyFor(item), caseSensitive), item);
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto &a, const auto &b) {
        return cmp(r, a.first, b.first, at) < 0;
    });
    std::vector<Value> out;
    size_t i = 0;
    while (i < keyed.size()) {
        size_t j = i;
        std::vector<Value> group;
        while (j < keyed.size() && valuesEqual(keyed[j].first, keyed[i].first))
            group.push_back(keyed[j++].second);
        const Value grouper = caseSensitive ? keyed[i].first : keyFor(group.front());
        out.push_back(Value::tuple({grouper, Value::list(std::move(group))}));
        i = j;
    }
    return Value::list(std::move(out));
}

Value fMap(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const auto items = r.iterate(v, at);
    std::vector<Value> out;
    out.reserve(items.size());
    if (args.positional.empty()) {
        const Value *attribute = args.get(SIZE_MAX, "attribute");
        if (!attribute)
            r.fail("map requires a filter name or attribute=", at);
        const Value *dflt = args.get(SIZE_MAX, "default");
        for (const Value &item : items) {
            Value x = keyOf(r, item, attribute, at);
            if (x.isUndefined() && dflt)
                x = *dflt;
            out.push_back(std::move(x));
        }
        return Value::list(std::move(out));
    }
    const std::string name = text(r, args.positional[0], at);
    CallArgs rest;
    rest.positional.assign(args.positional.begin() + 1, args.positional.end());
    rest.kwargs = args.kwargs;
    for (const Value &item : items) {
        CallArgs copy = rest;
        out.push_back(r.callFilterByName(name, item, copy, at));
    }
    return Value::list(std::move(out));
}

Value selectOrReject(Renderer &r, const Value &v, const CallArgs &args, const Expr &at, bool select,
                     bool byAttr) {
    size_t next = 0;
    std::string attribute;
    if (byAttr) {
        if (args.positional.empty())
            r.fail("Missing parameter for attribute name", at);
        attribute = text(r, args.positional[next++], at);
    }
    // The test is looked up once, not once per item.
    TestFn test = nullptr;
    if (next < args.positional.size()) {
        const std::string name = text(r, args.positional[next++], at);
        test = lookupTest(name);
        if (!test)
            r.fail("No test named '" + name + "'.", at);
    }
    // Tests only read their arguments: one CallArgs serves every item.
    CallArgs testArgs;
    testArgs.positional.assign(args.positional.begin()
                                   + std::ptrdiff_t(std::min(next, args.positional.size())),
                               args.positional.end());
    testArgs.kwargs = args.kwargs;
    std::vector<Value> materialized;
    if (!v.isSequence())
        materialized = r.iterate(v, at);
    const std::vector<Value> &items = v.isSequence() ? v.asList() : materialized;
    std::vector<Value> out;
    out.reserve(items.size());
    for (const Value &item : items) {
        const Value subject = byAttr ? attrPath(r, item, attribute, at) : item;
        const bool ok = test ? test(r, subject, testArgs, at) : subject.truthy();
        if (ok == select)
            out.push_back(item);
    }
    return Value::list(std::move(out));
}

Value fSelect(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return selectOrReject(r, v, a, at, true, false);
}
Value fReject(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return selectOrReject(r, v, a, at, false, false);
}
Value fSelectAttr(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return selectOrReject(r, v, a, at, true, true);
}
Value fRejectAttr(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return selectOrReject(r, v, a, at, false, true);
}

Value fAttr(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const std::string name = strArg(r, args, 0, "name", "", at);
    if (v.isDict())
        return Value::undefined("'dict object' has no attribute '" + name + "'");
    return r.getAttr(v, name, at);
}

struct FilterEntry {
    const char *name;
    FilterFn fn;
};

const FilterEntry kFilters[] = {
    {"abs", fAbs},
    {"attr", fAttr},
    {"batch", fBatch},
    {"capitalize", fCapitalize},
    {"center", fCenter},
    {"count", fLength},
    {"d", fDefault},
    {"default", fDefault},
    {"dictsort", fDictsort},
    {"e", fEscape},
    {"escape", fEscape},
    {"filesizeformat", fFilesizeformat},
    {"first", fFirst},
    {"float", fFloat},
    {"forceescape", fForceEscape},
    {"format", fFormat},
    {"groupby", fGroupby},
    {"indent", fIndent},
    {"int", fInt},
    {"items", fItems},
    {"join", fJoin},
    {"last", fLast},
    {"length", fLength},
    {"list", fList},
    {"lower", fLower},
    {"map", fMap},
    {"max", fMax},
    {"min", fMin},
    {"reject", fReject},
    {"rejectattr", fRejectAttr},
    {"replace", fReplace},
    {"reverse", fReverse},
    {"round", fRound},
    {"safe", fSafe},
    {"select", fSelect},
    {"selectattr", fSelectAttr},
    {"slice", fSlice},
    {"sort", fSort},
    {"string", fString},
    {"striptags", fStriptags},
    {"sum", fSum},
    {"title", fTitle},
    {"tojson", fToJson},
    {"trim", fTrim},
    {"truncate", fTruncate},
    {"unique", fUnique},
    {"upper", fUpper},
    {"urlencode", fUrlencode},
    {"wordcount", fWordcount},
    {"wordwrap", fWordwrap},
    {"xmlattr", fXmlattr},
};

struct AppendFilterEntry {
    const char *name;
    AppendFilterFn fn;
    bool markup;
};

const AppendFilterEntry kAppendFilters[] = {
    {"format", appendFormat, false},
    {"indent", appendIndent, false},
    {"tojson", appendToJson, true},
    {"trim", appendTrim, false},
};

} // namespace
} // namespace filters

FilterFn lookupFilter(std::string_view name) {
    for (const auto &f : filters::kFilters) {
        if (name == f.name)
            return f.fn;
    }
    return nullptr;
}

AppendFilterFn lookupAppendFilter(std::string_view name, bool &markup) {
    for (const auto &f : filters::kAppendFilters) {
        if (name == f.name) {
            markup = f.markup;
            return f.fn;
        }
    }
    return nullptr;
}

Value Renderer::callFilterByName(std::string_view name, const Value &input, const CallArgs &args,
                                 const Expr &at) {
    const FilterFn fn = lookupFilter(name);
    if (!fn)
        fail("No filter named '" + std::string(name) + "'.", at);
    if (input.isUndefined() && strict() && name != "default" && name != "d")
        requireDefined(input, at);
    return fn(*this, input, args, at);
}

} // namespace trellis::tmpl
