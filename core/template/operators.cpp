// Python arithmetic, membership and slicing semantics for template values.
#include "template/filter_support.h"
#include "template/number_format.h"
#include "template/py_text.h"
#include "template/renderer.h"

#include <cmath>

namespace trellis::tmpl {

namespace {

std::string shortType(const Value &v) {
    const std::string t = v.typeName();
    return t.substr(0, t.find(' '));
}

[[noreturn]] void unsupported(Renderer &r, const char *op, const Value &a, const Value &b,
                              const Expr &at) {
    if (a.isUndefined())
        r.requireDefined(a, at);
    if (b.isUndefined())
        r.requireDefined(b, at);
    r.fail(std::string("unsupported operand type(s) for ") + op + ": '" + shortType(a) + "' and '"
               + shortType(b) + "'",
           at);
}

bool isIntLike(const Value &v) {
    return v.isInt() || v.isBool();
}

double floatMod(double vx, double wx) {
    double mod = std::fmod(vx, wx);
    if (mod != 0.0) {
        if ((wx < 0) != (mod < 0))
            mod += wx;
    } else {
        mod = std::copysign(0.0, wx);
    }
    return mod;
}

double floatFloorDiv(double vx, double wx) {
    double mod = std::fmod(vx, wx);
    double div = (vx - mod) / wx;
    if (mod != 0.0 && ((wx < 0) != (mod < 0)))
        div -= 1.0;
    if (div != 0.0) {
        double floordiv = std::floor(div);
        if (div - floordiv > 0.5)
            floordiv += 1.0;
        return floordiv;
    }
    return std::copysign(0.0, vx / wx);
}

Value repeat(Renderer &r, const Value &seq, std::int64_t n, const Expr &at) {
    if (n <= 0)
        return seq.isString() ? Value(std::string())
               : seq.isList() ? Value::list({})
                              : Value::tuple({});
    if (seq.isString()) {
        const std::string &s = seq.asString();
        r.checkSize(size_t(double(s.size()) * double(n) > 1e15 ? 1e15 : s.size() * size_t(n)), at);
        std::string out;
        out.reserve(s.size() * size_t(n));
        for (std::int64_t i = 0; i < n; ++i)
            out += s;
        return Value(std::move(out));
    }
    const auto &items = seq.asList();
    r.checkSize(
        size_t(double(items.size()) * double(n) > 1e15 ? 1e15 : items.size() * size_t(n)) * 8, at);
    std::vector<Value> out;
    out.reserve(items.size() * size_t(n));
    for (std::int64_t i = 0; i < n; ++i)
        out.insert(out.end(), items.begin(), items.end());
    return seq.isList() ? Value::list(std::move(out)) : Value::tuple(std::move(out));
}

} // namespace

Value binaryOp(Renderer &r, BinOp op, const Value &a, const Value &b, const Expr &at) {
    if (op == BinOp::Concat) {
        if (r.strict()) {
            r.requireDefined(a, at);
            r.requireDefined(b, at);
        }
        std::string out;
        a.appendStr(out);
        b.appendStr(out);
        r.checkSize(out.size(), at);
        return Value(std::move(out));
    }
    const bool ints = isIntLike(a) && isIntLike(b);
    const bool nums = a.isNumber() && b.isNumber();
    std::int64_t x = a.asInt();
    std::int64_t y = b.asInt();
    std::int64_t res = 0;
    switch (op) {
    case BinOp::Add:
        if (ints) {
            if (__builtin_add_overflow(x, y, &res))
                r.fail("integer overflow", at);
            return Value(res);
        }
        if (nums)
            return Value(a.asFloat() + b.asFloat());
        if (a.isString() && b.isString()) {
            r.checkSize(a.asString().size() + b.asString().size(), at);
            // Markup + str escapes the str (Markup.__add__ / __radd__); Markup + Markup stays
            // Markup.
            if (a.isMarkup() && b.isMarkup())
                return Value::markup(a.asString() + b.asString());
            if (a.isMarkup())
                return Value::markup(a.asString() + filters::htmlEscape(b.asString()));
            if (b.isMarkup())
                return Value::markup(filters::htmlEscape(a.asString()) + b.asString());
            return Value(a.asString() + b.asString());
        }
        if (a.type() == b.type() && a.isSequence()) {
            std::vector<Value> items = a.asList();
            items.insert(items.end(), b.asList().begin(), b.asList().end());
            return a.isList() ? Value::list(std::move(items)) : Value::tuple(std::move(items));
        }
        unsupported(r, "+", a, b, at);
    case BinOp::Sub:
        if (ints) {
            if (__builtin_sub_overflow(x, y, &res))
                r.fail("integer overflow", at);
            return Value(res);
        }
        if (nums)
            return Value(a.asFloat() - b.asFloat());
        unsupported(r, "-", a, b, at);
    case BinOp::Mul:
        if (ints) {
            if (__builtin_mul_overflow(x, y, &res))
                r.fail("integer overflow", at);
            return Value(res);
        }
        if (nums)
            return Value(a.asFloat() * b.asFloat());
        if ((a.isString() || a.isSequence()) && isIntLike(b))
            return repeat(r, a, y, at);
        if ((b.isString() || b.isSequence()) && isIntLike(a))
            return repeat(r, b, x, at);
        unsupported(r, "*", a, b, at);
    case BinOp::Div:
        if (nums) {
            if (b.asFloat() == 0.0)
                r.fail("division by zero", at);
            return Value(a.asFloat() / b.asFloat());
        }
        unsupported(r, "/", a, b, at);
    case BinOp::FloorDiv:
        if (ints) {
            if (y == 0)
                r.fail("integer division or modulo by zero", at);
            if (x == INT64_MIN && y == -1)
                r.fail("integer overflow", at);
            std::int64_t q = x / y;
            if ((x % y != 0) && ((x < 0) != (y < 0)))
                --q;
            return Value(q);
        }
        if (nums) {
            if (b.asFloat() == 0.0)
                r.fail("float floor division by zero", at);
            return Value(floatFloorDiv(a.asFloat(), b.asFloat()));
        }
        unsupported(r, "//", a, b, at);
    case BinOp::Mod:
        if (ints) {
            if (y == 0)
                r.fail("integer division or modulo by zero", at);
            if (y == -1)
                return Value(std::int64_t(0));
            std::int64_t m = x % y;
            if (m != 0 && ((m < 0) != (y < 0)))
                m += y;
            return Value(m);
        }
        if (nums) {
            if (b.asFloat() == 0.0)
                r.fail("float modulo", at);
            return Value(floatMod(a.asFloat(), b.asFloat()));
        }
        if (a.isString()) {
            r.requireDefined(b, at);
            return percentFormat(r, a, a.asString(), b, at);
        }
        unsupported(r, "%", a, b, at);
    case BinOp::Pow:
        if (ints && y >= 0) {
            std::int64_t result = 1;
            std::int64_t base = x;
            std::int64_t e = y;
            while (e > 0) {
                if (e & 1) {
                    if (__builtin_mul_overflow(result, base, &result))
                        r.fail("integer overflow", at);
                }
                e >>= 1;
                if (e > 0 && __builtin_mul_overflow(base, base, &base))
                    r.fail("integer overflow", at);
            }
            return Value(result);
        }
        if (nums) {
            const double fx = a.asFloat();
            const double fy = b.asFloat();
            if (fx == 0.0 && fy < 0)
                r.fail("0.0 cannot be raised to a negative power", at);
            if (fx < 0 && fy != std::floor(fy))
                r.fail("negative number cannot be raised to a fractional power", at);
            const double p = std::pow(fx, fy);
            if (std::isinf(p) && !std::isinf(fx) && !std::isinf(fy))
                r.fail("numerical result out of range", at);
            return Value(p);
        }
        unsupported(r, "** or pow()", a, b, at);
    case BinOp::Concat:
        break;
    }
    return Value();
}

bool containsValue(Renderer &r, const Value &container, const Value &item, const Expr &at) {
    switch (container.type()) {
    case Value::Type::String:
        if (!item.isString()) {
            r.requireDefined(item, at);
            r.fail("'in <string>' requires string as left operand, not " + shortType(item), at);
        }
        return container.asString().find(item.asString()) != std::string::npos;
    case Value::Type::List:
    case Value::Type::Tuple:
        for (const Value &v : container.asList()) {
            if (valuesEqual(v, item))
                return true;
        }
        return false;
    case Value::Type::Dict:
        return container.asDict().find(item) != nullptr;
    case Value::Type::Undefined:
        if (r.strict())
            r.requireDefined(container, at);
        return false;
    default:
        r.fail("argument of type '" + shortType(container) + "' is not iterable", at);
    }
}

Value sliceValue(Renderer &r, const Value &v, const Value *start, const Value *stop,
                 const Value *step, const Expr &at) {
    auto toIndex = [&](const Value *p) -> std::int64_t {
        if (!p->isInt() && !p->isBool())
            r.fail("slice indices must be integers or None", at);
        return p->asInt();
    };
    std::int64_t st = step ? toIndex(step) : 1;
    if (st == 0)
        r.fail("slice step cannot be zero", at);
    std::u32string u;
    const bool isStr = v.isString();
    const bool ascii = isStr && py::isAscii(v.asString());
    if (isStr && !ascii)
        u = py::toUtf32(v.asString());
    else if (!isStr && !v.isSequence())
        r.fail("'" + v.typeName() + "' is not subscriptable", at);
    const std::int64_t len =
        isStr ? (ascii ? std::int64_t(v.asString().size()) : std::int64_t(u.size()))
              : std::int64_t(v.asList().size());
    // PySlice_AdjustIndices
    auto adjust = [&](const Value *p, std::int64_t dflt) {
        if (!p)
            return dflt;
        std::int64_t i = toIndex(p);
        if (i < 0) {
            i += len;
            if (i < 0)
                i = st < 0 ? -1 : 0;
        } else if (i >= len) {
            i = st < 0 ? len - 1 : len;
        }
        return i;
    };
    const std::int64_t b = adjust(start, st < 0 ? len - 1 : 0);
    const std::int64_t e = adjust(stop, st < 0 ? -1 : len);
    if (st == 1 && (!isStr || ascii)) {
        // Contiguous slices (messages[1:], s[:100]) copy one range.
        const size_t from = size_t(b);
        const size_t to = size_t(std::max(b, e));
        if (isStr)
            return Value(v.asString().substr(from, to - from));
        const auto &list = v.asList();
        std::vector<Value> items(list.begin() + std::ptrdiff_t(from),
                                 list.begin() + std::ptrdiff_t(to));
        return v.isList() ? Value::list(std::move(items)) : Value::tuple(std::move(items));
    }
    std::vector<std::int64_t> idx;
    if (st > 0) {
        for (std::int64_t i = b; i < e;) {
            idx.push_back(i);
            if (__builtin_add_overflow(i, st, &i))
                break;
        }
    } else {
        for (std::int64_t i = b; i > e;) {
            idx.push_back(i);
            if (__builtin_add_overflow(i, st, &i))
                break;
        }
    }
    if (isStr) {
        std::string out;
        if (ascii) {
            for (const auto i : idx)
                out.push_back(v.asString()[size_t(i)]);
        } else {
            for (const auto i : idx)
                py::appendUtf8(out, u[size_t(i)]);
        }
        return Value(std::move(out));
    }
    std::vector<Value> items;
    items.reserve(idx.size());
    for (const auto i : idx)
        items.push_back(v.asList()[size_t(i)]);
    return v.isList() ? Value::list(std::move(items)) : Value::tuple(std::move(items));
}

} // namespace trellis::tmpl
