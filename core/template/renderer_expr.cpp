// Expression evaluation: names, attribute/item access, calls, filters, tests, logic.
#include "template/py_text.h"
#include "template/renderer.h"

namespace trellis::tmpl {

const Value *Renderer::lookupRef(const Expr &e, const Frame &frame) const {
    const Frame *last = nullptr;
    for (const Frame *f = &frame; f; f = f->parent) {
        if (const Value *v = f->find(e.name))
            return v;
        last = f;
        if (f->includeRoot && e.name == "loop")
            return nullptr;
    }
    if ((!last || !last->isolated) && m_context.isDict()) {
        if (const Value *v = m_context.asDict().find(std::string_view(e.name)))
            return v;
    }
    return builtinGlobal(e.name);
}

namespace {

// The undefined value a failed name lookup yields; its hint is Jinja2's error message.
Value undefinedName(const Expr &e) {
    return Value::undefined("'" + e.name + "' is undefined");
}

// What `a if cond` yields when cond is false.
Value missingElse(const Expr &e) {
    return Value::undefined("the inline if-expression on line " + std::to_string(e.line)
                            + " evaluated to false and no else section was defined.");
}

} // namespace

Value Renderer::lookup(const Expr &e, Frame &frame) const {
    if (const Value *v = findName(e, frame))
        return *v;
    return undefinedName(e);
}

const Value &Renderer::evalRefSlow(const Expr &e, Frame &frame, Value &tmp) {
    switch (e.kind) {
    case Expr::Kind::Const:
        return e.value;
    case Expr::Kind::Name:
        if (const Value *v = findName(e, frame))
            return *v;
        tmp = undefinedName(e);
        return tmp;
    case Expr::Kind::Attr: {
        Value objTmp;
        const Value &obj = evalRef(*e.children[0], frame, objTmp);
        if (obj.isDict() && &obj != &objTmp) {
            if (const Value *v = obj.asDict().find(e.name))
                return *v;
        }
        if (e.loopAttr != LoopAttr::None && obj.isCallable()
            && obj.asCallable().loopCounter(e.loopAttr, tmp))
            return tmp;
        tmp = getAttr(obj, e.name, e);
        return tmp;
    }
    case Expr::Kind::Item: {
        Value objTmp, keyTmp;
        const Value &obj = evalRef(*e.children[0], frame, objTmp);
        const Value &key = evalRef(*e.children[1], frame, keyTmp);
        if (obj.isDict() && &obj != &objTmp) {
            if (const Value *v = obj.asDict().find(key))
                return *v;
        }
        tmp = getItem(obj, key, e);
        return tmp;
    }
    // Logic and conditionals yield one of their operands: pass it through without a copy.
    case Expr::Kind::And:
    case Expr::Kind::Or: {
        Value leftTmp;
        const Value &left = evalRef(*e.children[0], frame, leftTmp);
        if (strict())
            requireDefined(left, *e.children[0]);
        const bool t = left.truthy();
        if ((e.kind == Expr::Kind::And) ? !t : t) {
            if (&left != &leftTmp)
                return left;
            tmp = std::move(leftTmp);
            return tmp;
        }
        return evalRef(*e.children[1], frame, tmp);
    }
    case Expr::Kind::CondExpr: {
        if (evalCond(*e.children[0], frame))
            return evalRef(*e.children[1], frame, tmp);
        if (e.children[2])
            return evalRef(*e.children[2], frame, tmp);
        tmp = missingElse(e);
        return tmp;
    }
    case Expr::Kind::Binary:
        if (e.binOp != BinOp::Add && e.binOp != BinOp::Concat) {
            // Operands in place (no copies); `loop.index0 % 2` and friends stay inline.
            Value leftTmp, rightTmp;
            const Value &a = evalRef(*e.children[0], frame, leftTmp);
            const Value &b = evalRef(*e.children[1], frame, rightTmp);
            if (e.binOp == BinOp::Mod && a.isInt() && b.isInt() && b.asInt() > 0) {
                const std::int64_t m = a.asInt() % b.asInt();
                tmp = Value(m < 0 ? m + b.asInt() : m);
                return tmp;
            }
            tmp = binaryOp(*this, e.binOp, a, b, e);
            return tmp;
        }
        break;
    // The common computed kinds skip the second dispatch through eval().
    case Expr::Kind::Compare:
        tmp = evalCompare(e, frame);
        return tmp;
    case Expr::Kind::Call:
        tmp = evalCall(e, frame);
        return tmp;
    case Expr::Kind::Filter: {
        Value inTmp;
        tmp = applyFilter(e, evalRef(*e.children[0], frame, inTmp), frame);
        return tmp;
    }
    default:
        break;
    }
    tmp = eval(e, frame);
    return tmp;
}

void Renderer::requireDefined(const Value &v, const Expr &at) const {
    if (v.isUndefined())
        fail(v.undefinedHint().empty() ? std::string("value is undefined") : v.undefinedHint(), at);
}

Value Renderer::getAttr(const Value &obj, std::string_view name, const Expr &at) {
    switch (obj.type()) {
    case Value::Type::Undefined:
        requireDefined(obj, at);
        break;
    case Value::Type::Dict:
    case Value::Type::Namespace:
        if (const Value *v = obj.asDict().find(name))
            return *v;
        break;
    case Value::Type::Callable:
        if (auto v = obj.asCallable().attribute(name))
            return *v;
        break;
    case Value::Type::Tuple:
        // groupby() yields (grouper, list) named tuples.
        if (obj.asList().size() == 2 && (name == "grouper" || name == "list"))
            return obj.asList()[name == "grouper" ? 0 : 1];
        break;
    default:
        break;
    }
    return Value::undefined("'" + obj.typeName() + "' has no attribute '" + std::string(name)
                            + "'");
}

Value Renderer::getItem(const Value &obj, const Value &key, const Expr &at) {
    switch (obj.type()) {
    case Value::Type::Undefined:
        requireDefined(obj, at);
        break;
    case Value::Type::Dict:
        if (const Value *v = obj.asDict().find(key))
            return *v;
        break;
    case Value::Type::List:
    case Value::Type::Tuple:
        if (key.isInt() || key.isBool()) {
            const auto &items = obj.asList();
            std::int64_t i = key.asInt();
            if (i < 0)
                i += std::int64_t(items.size());
            if (i >= 0 && i < std::int64_t(items.size()))
                return items[size_t(i)];
            return Value::undefined(obj.typeName() + " has no element "
                                    + std::to_string(key.asInt()));
        }
        break;
    case Value::Type::String:
        if (key.isInt() || key.isBool()) {
            const std::string &s = obj.asString();
            std::int64_t i = key.asInt();
            if (py::isAscii(s)) {
                if (i < 0)
                    i += std::int64_t(s.size());
                if (i >= 0 && i < std::int64_t(s.size()))
                    return Value(std::string(1, s[size_t(i)]));
            } else {
                const std::u32string u = py::toUtf32(s);
                if (i < 0)
                    i += std::int64_t(u.size());
                if (i >= 0 && i < std::int64_t(u.size()))
                    return Value(py::toUtf8(u.substr(size_t(i), 1)));
            }
            return Value::undefined("str object has no element " + std::to_string(key.asInt()));
        }
        break;
    default:
        break;
    }
    if (key.isString())
        return getAttr(obj, key.asString(), at);
    std::string keyRepr;
    key.appendRepr(keyRepr);
    return Value::undefined("'" + obj.typeName() + "' has no attribute " + keyRepr);
}

std::vector<Value> Renderer::iterate(const Value &v, const Expr &at) const {
    switch (v.type()) {
    case Value::Type::Undefined:
        if (strict())
            requireDefined(v, at);
        return {};
    case Value::Type::List:
    case Value::Type::Tuple:
        return v.asList();
    case Value::Type::Dict: {
        std::vector<Value> keys;
        keys.reserve(v.asDict().items.size());
        for (const auto &item : v.asDict().items)
            keys.push_back(item.first);
        return keys;
    }
    case Value::Type::String: {
        std::vector<Value> chars;
        const std::string &s = v.asString();
        if (py::isAscii(s)) {
            chars.reserve(s.size());
            for (const char c : s)
                chars.emplace_back(std::string(1, c));
        } else {
            for (const char32_t c : py::toUtf32(s)) {
                std::string one;
                py::appendUtf8(one, c);
                chars.emplace_back(std::move(one));
            }
        }
        return chars;
    }
    default:
        fail("'" + v.typeName() + "' is not iterable", at);
    }
}

void Renderer::evalArgs(const Expr &e, Frame &frame, CallArgs &args, size_t firstChild) {
    if (e.children.size() > firstChild)
        args.reservePositional(e.children.size() - firstChild);
    if (!e.kwargs.empty())
        args.reserveKwargs(e.kwargs.size());
    for (size_t i = firstChild; i < e.children.size(); ++i)
        args.positional.push_back(eval(*e.children[i], frame));
    if (e.starArgs) {
        const Value extra = eval(*e.starArgs, frame);
        for (const Value &v : iterate(extra, *e.starArgs))
            args.positional.push_back(v);
    }
    for (const auto &[name, expr] : e.kwargs)
        args.kwargs.emplace_back(name, eval(*expr, frame));
    if (e.kwStarArgs) {
        const Value extra = eval(*e.kwStarArgs, frame);
        if (!extra.isDict())
            fail("argument after ** must be a mapping", *e.kwStarArgs);
        for (const auto &[k, v] : extra.asDict().items) {
            if (!k.isString())
                fail("keywords must be strings", *e.kwStarArgs);
            args.kwargs.emplace_back(k.asString(), v);
        }
    }
}

Value Renderer::callValue(const Value &fn, CallArgs &args, const Expr &at) {
    if (fn.isUndefined())
        requireDefined(fn, at);
    if (!fn.isCallable())
        fail("'" + fn.typeName() + "' is not callable", at);
    return fn.asCallable().call(*this, args, at);
}

Value Renderer::evalCall(const Expr &e, Frame &frame) {
    const Expr &callee = *e.children[0];
    if (callee.kind == Expr::Kind::Attr) {
        Value objTmp;
        const Value &obj = evalRef(*callee.children[0], frame, objTmp);
        requireDefined(obj, callee);
        if (obj.isString() || obj.isDict() || obj.isSequence()) {
            CallArgs args;
            evalArgsIfAny(e, frame, args, 1);
            Value result;
            if (callMethod(*this, obj, callee.name, args, e, result))
                return result;
        }
        const Value fn = getAttr(obj, callee.name, callee);
        CallArgs args;
        evalArgsIfAny(e, frame, args, 1);
        return callValue(fn, args, e);
    }
    Value fnTmp;
    const Value &fn = evalRef(callee, frame, fnTmp);
    CallArgs args;
    evalArgsIfAny(e, frame, args, 1);
    return callValue(fn, args, e);
}

Value Renderer::applyFilter(const Expr &f, const Value &input, Frame &frame) {
    CallArgs args;
    const CallArgs &a = filterArgs(f, frame, args);
    if (input.isUndefined() && strict() && f.name != "default" && f.name != "d")
        requireDefined(input, f);
    return f.filter(*this, input, a, f);
}

Value Renderer::evalSlice(const Expr &e, Frame &frame) {
    Value objTmp;
    const Value &obj = evalRef(*e.children[0], frame, objTmp);
    Value parts[3];
    const Value *ptrs[3] = {nullptr, nullptr, nullptr};
    for (int i = 0; i < 3; ++i) {
        if (e.children[size_t(i) + 1]) {
            parts[i] = eval(*e.children[size_t(i) + 1], frame);
            if (!parts[i].isNone())
                ptrs[i] = &parts[i];
        }
    }
    requireDefined(obj, e);
    return sliceValue(*this, obj, ptrs[0], ptrs[1], ptrs[2], e);
}

Value Renderer::evalCompare(const Expr &e, Frame &frame) {
    return Value(compareChain(e, frame));
}

bool Renderer::evalCond(const Expr &e, Frame &frame) {
    // Without strict undefined checks, truth in a condition composes: no operand value needs
    // to be built for `a and b`, `not a`, comparisons or tests.
    if (!strict()) {
        switch (e.kind) {
        case Expr::Kind::Compare:
            return compareChain(e, frame);
        case Expr::Kind::And:
            return evalCond(*e.children[0], frame) && evalCond(*e.children[1], frame);
        case Expr::Kind::Or:
            return evalCond(*e.children[0], frame) || evalCond(*e.children[1], frame);
        case Expr::Kind::Not:
            return !evalCond(*e.children[0], frame);
        case Expr::Kind::Test:
            return testCond(e, frame);
        default:
            break;
        }
    }
    return valueCond(e, frame);
}

// evalCond's cases that need Value locals live apart, so the composing cases above run
// without their stack frame and cleanup.
bool Renderer::testCond(const Expr &e, Frame &frame) {
    Value tmp;
    const Value &v = evalRef(*e.children[0], frame, tmp);
    CallArgs args;
    return e.test(*this, v, filterArgs(e, frame, args), e) != e.negated;
}

bool Renderer::valueCond(const Expr &e, Frame &frame) {
    Value tmp;
    const Value &c = evalRef(e, frame, tmp);
    if (strict())
        requireDefined(c, e);
    return c.truthy();
}

bool Renderer::compareChain(const Expr &e, Frame &frame) {
    if (e.cmpBools) {
        // `(a == b) != (c == d)`: both sides are truth values, no Value needed.
        const bool left = evalCond(*e.children[0], frame);
        return (left == evalCond(*e.children[1], frame)) != (e.cmpOps[0] == CmpOp::Ne);
    }
    if (e.cmpText) {
        // Planned `ref == 'text'`: compared where the value lives.
        if (const Value *v = directValue(e.cmpRef, frame); v && v->isString())
            return sameName(v->asString(), *e.cmpText) != (e.cmpOps[0] == CmpOp::Ne);
    }
    return compareOperands(e, frame);
}

bool Renderer::compareOperands(const Expr &e, Frame &frame) {
    // Two slots alternate so the left operand survives while the right one is evaluated.
    Value tmps[2];
    const Value *leftPtr = &evalRef(*e.children[0], frame, tmps[0]);
    for (size_t i = 0; i < e.cmpOps.size(); ++i) {
        const Value &left = *leftPtr;
        const Value &right = evalRef(*e.children[i + 1], frame, tmps[(i + 1) & 1]);
        bool result = false;
        const CmpOp op = e.cmpOps[i];
        if (strict() && (left.isUndefined() || right.isUndefined()))
            requireDefined(left.isUndefined() ? left : right, e);
        switch (op) {
        case CmpOp::Eq:
        case CmpOp::Ne:
            // String against string (roles, names) is the usual case: compare inline.
            if (left.isString() && right.isString())
                result = sameName(left.asString(), right.asString());
            else if (left.type() == right.type()
                     && (left.isInt() || left.isBool())) // loop counters, nested conditions
                result = left.asInt() == right.asInt();
            else
                result = valuesEqual(left, right);
            if (op == CmpOp::Ne)
                result = !result;
            break;
        case CmpOp::In:
            result = containsValue(*this, right, left, e);
            break;
        case CmpOp::NotIn:
            result = !containsValue(*this, right, left, e);
            break;
        default: {
            bool ok = true;
            const int c = compareValues(left, right, ok);
            if (!ok) {
                if (left.isUndefined() || right.isUndefined())
                    requireDefined(left.isUndefined() ? left : right, e);
                static const char *const names[] = {"", "", "<", "<=", ">", ">="};
                fail(std::string("'") + names[int(op)] + "' not supported between instances of '"
                         + left.typeName().substr(0, left.typeName().find(' ')) + "' and '"
                         + right.typeName().substr(0, right.typeName().find(' ')) + "'",
                     e);
            }
            result = op == CmpOp::Lt   ? c < 0
                     : op == CmpOp::Le ? c <= 0
                     : op == CmpOp::Gt ? c > 0
                                       : c >= 0;
        }
        }
        if (!result)
            return false;
        leftPtr = &right;
    }
    return true;
}

Value Renderer::eval(const Expr &e, Frame &frame) {
    switch (e.kind) {
    case Expr::Kind::Const:
        return e.value;
    case Expr::Kind::Name:
        return lookup(e, frame);
    case Expr::Kind::Attr: {
        Value tmp;
        const Value &obj = evalRef(*e.children[0], frame, tmp);
        Value counter;
        if (e.loopAttr != LoopAttr::None && obj.isCallable()
            && obj.asCallable().loopCounter(e.loopAttr, counter))
            return counter;
        return getAttr(obj, e.name, e);
    }
    case Expr::Kind::Item: {
        Value objTmp, keyTmp;
        const Value &obj = evalRef(*e.children[0], frame, objTmp);
        return getItem(obj, evalRef(*e.children[1], frame, keyTmp), e);
    }
    case Expr::Kind::Slice:
        return evalSlice(e, frame);
    case Expr::Kind::Call:
        return evalCall(e, frame);
    case Expr::Kind::Filter: {
        Value tmp;
        return applyFilter(e, evalRef(*e.children[0], frame, tmp), frame);
    }
    case Expr::Kind::Test: {
        Value tmp;
        const Value &v = evalRef(*e.children[0], frame, tmp);
        CallArgs args;
        const bool r = e.test(*this, v, filterArgs(e, frame, args), e);
        return Value(e.negated ? !r : r);
    }
    case Expr::Kind::Neg:
    case Expr::Kind::Pos: {
        const Value v = eval(*e.children[0], frame);
        if (v.isFloat())
            return Value(e.kind == Expr::Kind::Neg ? -v.asFloat() : v.asFloat());
        if (v.isInt() || v.isBool()) {
            if (e.kind == Expr::Kind::Pos)
                return Value(v.asInt());
            if (v.asInt() == INT64_MIN)
                fail("integer overflow", e);
            return Value(-v.asInt());
        }
        requireDefined(v, e);
        fail(std::string("bad operand type for unary ") + (e.kind == Expr::Kind::Neg ? "-" : "+")
                 + ": '" + v.typeName() + "'",
             e);
    }
    case Expr::Kind::Not: {
        Value tmp;
        const Value &v = evalRef(*e.children[0], frame, tmp);
        if (strict())
            requireDefined(v, e);
        return Value(!v.truthy());
    }
    case Expr::Kind::Binary:
        if (e.binOp == BinOp::Concat) {
            std::string buf;
            appendConcat(e, frame, buf);
            return Value(std::move(buf));
        }
        if (e.binOp == BinOp::Add) {
            std::string buf;
            Value val;
            if (addChain(e, frame, buf, 0, val))
                return Value(std::move(buf));
            return val;
        }
        return binaryOp(*this, e.binOp, eval(*e.children[0], frame), eval(*e.children[1], frame),
                        e);
    case Expr::Kind::Compare:
        return evalCompare(e, frame);
    case Expr::Kind::And:
    case Expr::Kind::Or:
    case Expr::Kind::CondExpr: {
        // evalRef() picks the operand; copy it out only when it is not a temporary.
        Value tmp;
        const Value &v = evalRef(e, frame, tmp);
        if (&v == &tmp)
            return tmp;
        return v;
    }
    case Expr::Kind::List:
    case Expr::Kind::Tuple: {
        std::vector<Value> items;
        items.reserve(e.children.size());
        for (const auto &c : e.children)
            items.push_back(eval(*c, frame));
        return e.kind == Expr::Kind::List ? Value::list(std::move(items))
                                          : Value::tuple(std::move(items));
    }
    case Expr::Kind::Dict: {
        auto dict = std::make_shared<DictObject>();
        for (size_t i = 0; i + 1 < e.children.size(); i += 2) {
            Value key = eval(*e.children[i], frame);
            if (key.isList() || key.isDict() || key.isUndefined())
                fail("unhashable type: '" + key.typeName().substr(0, key.typeName().find(' '))
                         + "'",
                     *e.children[i]);
            dict->set(key, eval(*e.children[i + 1], frame));
        }
        return Value::dict(std::move(dict));
    }
    }
    return Value();
}

} // namespace trellis::tmpl
