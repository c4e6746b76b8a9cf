// Jinja2's builtin tests (`x is defined`, `n is divisibleby 3`, ...).
#include "template/parser.h"
#include "template/py_text.h"
#include "template/renderer.h"

#include <cmath>
#include <cstring>

namespace trellis::tmpl {

namespace {

const Value &arg(Renderer &r, const CallArgs &args, size_t pos, const char *name, const Expr &at) {
    const Value *v = args.get(pos, name);
    if (!v)
        r.fail(std::string("test is missing required argument '") + name + "'", at);
    return *v;
}

bool numberParity(Renderer &r, const Value &v, const Expr &at, bool even) {
    if (v.isInt() || v.isBool())
        return (v.asInt() % 2 == 0) == even;
    if (v.isFloat()) {
        const double m = std::fmod(v.asFloat(), 2.0);
        return (m == 0.0) == even;
    }
    r.requireDefined(v, at);
    r.fail("unsupported operand type(s) for %: '" + v.typeName() + "' and 'int'", at);
}

bool compareTest(Renderer &r, const Value &v, const CallArgs &args, const Expr &at, int which) {
    const Value &other = arg(r, args, 0, "other", at);
    if (which == 0)
        return valuesEqual(v, other);
    if (which == 1)
        return !valuesEqual(v, other);
    bool ok = true;
    const int c = compareValues(v, other, ok);
    if (!ok) {
        r.requireDefined(v, at);
        r.requireDefined(other, at);
        r.fail("comparison not supported between instances of '" + v.typeName() + "' and '"
                   + other.typeName() + "'",
               at);
    }
    switch (which) {
    case 2:
        return c < 0;
    case 3:
        return c <= 0;
    case 4:
        return c > 0;
    default:
        return c >= 0;
    }
}

bool tDefined(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return !v.isUndefined();
}
bool tUndefined(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isUndefined();
}
bool tNone(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isNone();
}
bool tEven(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    return numberParity(r, v, at, true);
}
bool tOdd(Renderer &r, const Value &v, const CallArgs &, const Expr &at) {
    return numberParity(r, v, at, false);
}
bool tDivisibleBy(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const Value &n = arg(r, args, 0, "num", at);
    const Value m = binaryOp(r, BinOp::Mod, v, n, at);
    return valuesEqual(m, Value(0));
}
bool tString(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isString();
}
bool tNumber(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isNumber();
}
bool tInteger(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isInt();
}
bool tFloat(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isFloat();
}
bool tBoolean(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isBool();
}
bool tTrue(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isBool() && v.asBool();
}
bool tFalse(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isBool() && !v.asBool();
}
bool tMapping(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isDict();
}
bool tIterable(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isString() || v.isSequence() || v.isDict() || v.isUndefined();
}
bool tSequence(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isString() || v.isSequence() || v.isDict() || v.isUndefined();
}
bool tCallable(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isCallable();
}
bool tEscaped(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isMarkup();
}
bool tLower(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    const std::string s = v.str();
    return py::lower(s) == s && py::upper(s) != s;
}
bool tUpper(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    const std::string s = v.str();
    return py::upper(s) == s && py::lower(s) != s;
}
bool tSameAs(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const Value &other = arg(r, args, 0, "other", at);
    if (v.type() != other.type())
        return false;
    switch (v.type()) {
    case Value::Type::None:
    case Value::Type::Undefined:
        return v.isNone();
    case Value::Type::Bool:
        return v.asBool() == other.asBool();
    case Value::Type::Int:
        // CPython caches small ints, so only those are identical.
        return v.asInt() == other.asInt() && v.asInt() >= -5 && v.asInt() <= 256;
    case Value::Type::String:
        return &v.asString() == &other.asString();
    case Value::Type::List:
    case Value::Type::Tuple:
        return &v.asList() == &other.asList();
    case Value::Type::Dict:
    case Value::Type::Namespace:
        return &v.asDict() == &other.asDict();
    default:
        return false;
    }
}
bool tIn(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    return containsValue(r, arg(r, args, 0, "seq", at), v, at);
}
bool tEq(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return compareTest(r, v, a, at, 0);
}
bool tNe(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return compareTest(r, v, a, at, 1);
}
bool tLt(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return compareTest(r, v, a, at, 2);
}
bool tLe(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return compareTest(r, v, a, at, 3);
}
bool tGt(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return compareTest(r, v, a, at, 4);
}
bool tGe(Renderer &r, const Value &v, const CallArgs &a, const Expr &at) {
    return compareTest(r, v, a, at, 5);
}
bool tFilter(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isString() && lookupFilter(v.asString()) != nullptr;
}
bool tTest(Renderer &, const Value &v, const CallArgs &, const Expr &) {
    return v.isString() && lookupTest(v.asString()) != nullptr;
}

struct TestEntry {
    std::string_view name; // a view, so lookups compare lengths before bytes (no strlen)
    TestFn fn;
};

const TestEntry kTests[] = {
    {"defined", tDefined},
    {"undefined", tUndefined},
    {"none", tNone},
    {"even", tEven},
    {"odd", tOdd},
    {"divisibleby", tDivisibleBy},
    {"string", tString},
    {"number", tNumber},
    {"integer", tInteger},
    {"float", tFloat},
    {"boolean", tBoolean},
    {"true", tTrue},
    {"false", tFalse},
    {"mapping", tMapping},
    {"iterable", tIterable},
    {"sequence", tSequence},
    {"callable", tCallable},
    {"escaped", tEscaped},
    {"lower", tLower},
    {"upper", tUpper},
    {"sameas", tSameAs},
    {"in", tIn},
    {"eq", tEq},
    {"equalto", tEq},
    {"==", tEq},
    {"ne", tNe},
    {"!=", tNe},
    {"lt", tLt},
    {"lessthan", tLt},
    {"<", tLt},
    {"le", tLe},
    {"<=", tLe},
    {"gt", tGt},
    {"greaterthan", tGt},
    {">", tGt},
    {"ge", tGe},
    {">=", tGe},
    {"filter", tFilter},
    {"test", tTest},
};

} // namespace

TestFn lookupTest(std::string_view name) {
    for (const auto &t : kTests) {
        if (name == t.name)
            return t.fn;
    }
    return nullptr;
}

bool Renderer::callTestByName(std::string_view name, const Value &input, const CallArgs &args,
                              const Expr &at) {
    const TestFn fn = lookupTest(name);
    if (!fn)
        fail("No test named '" + std::string(name) + "'.", at);
    return fn(*this, input, args, at);
}

} // namespace trellis::tmpl
