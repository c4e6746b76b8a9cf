// Conditions: truth values of if/elif/inline-if/loop-filter expressions and comparisons,
// with the planned shapes (fast_paths.cpp) first and the general comparison last.
#include "template/renderer.h"

namespace trellis::tmpl {

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
    if (e.cmpInts) {
        std::int64_t a = 0;
        std::int64_t b = 0;
        if (evalInt(*e.children[0], frame, a) && evalInt(*e.children[1], frame, b)) {
            switch (e.cmpOps[0]) {
            case CmpOp::Eq:
                return a == b;
            case CmpOp::Ne:
                return a != b;
            case CmpOp::Lt:
                return a < b;
            case CmpOp::Le:
                return a <= b;
            case CmpOp::Gt:
                return a > b;
            case CmpOp::Ge:
                return a >= b;
            default:
                break;
            }
        }
    }
    return compareOperands(e, frame);
}

bool Renderer::evalInt(const Expr &e, Frame &frame, std::int64_t &out) {
    // Integer arithmetic on planned operands (fast_paths.cpp intShaped). False whenever an
    // operand is not an int or the result would need Python's error or big-int behaviour;
    // the caller then evaluates the comparison the ordinary way (these operands have no side
    // effects, so evaluating them again is safe).
    if (e.kind == Expr::Kind::Const) {
        out = e.value.asInt();
        return true;
    }
    if (e.kind == Expr::Kind::Attr) {
        Value tmp;
        const Value &v = evalRef(e, frame, tmp);
        if (!v.isInt())
            return false;
        out = v.asInt();
        return true;
    }
    std::int64_t a = 0;
    std::int64_t b = 0;
    if (!evalInt(*e.children[0], frame, a) || !evalInt(*e.children[1], frame, b))
        return false;
    switch (e.binOp) {
    case BinOp::Add:
        return !__builtin_add_overflow(a, b, &out);
    case BinOp::Sub:
        return !__builtin_sub_overflow(a, b, &out);
    case BinOp::Mod:
        if (b <= 0)
            return false;
        out = a % b;
        if (out < 0)
            out += b;
        return true;
    default:
        return false;
    }
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

} // namespace trellis::tmpl
