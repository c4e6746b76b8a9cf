// Parse-time plans for the renderer's hottest shapes (see DirectRef and ChainPiece in ast.h):
// '+' chains that build prompt lines and `x == 'text'` conditions. The plans only pick a
// quicker way to the same result; the renderer falls back to ordinary evaluation whenever
// a value is not what the plan expects, so they never change output or errors.
#include "template/callable.h"
#include "template/parser.h"

namespace trellis::tmpl {

namespace {

DirectRef directRef(const Expr &e) {
    DirectRef r;
    if (e.kind == Expr::Kind::Name) {
        r.base = &e;
        return r;
    }
    if ((e.kind != Expr::Kind::Item && e.kind != Expr::Kind::Attr) || e.children.empty()
        || e.children[0]->kind != Expr::Kind::Name)
        return r;
    if (e.kind == Expr::Kind::Item) {
        const Expr &k = *e.children[1];
        if (k.kind != Expr::Kind::Const || !k.value.isString())
            return r;
        r.key = k.value.asString();
    } else {
        r.key = e.name;
    }
    r.base = e.children[0].get();
    r.hasKey = true;
    return r;
}

bool noArgs(const Expr &e) {
    return e.children.size() == 1 && e.kwargs.empty() && !e.starArgs && !e.kwStarArgs;
}

// `x|trim` and `x.strip()` without arguments on a direct reference: what gets stripped.
const Expr *strippedOperand(const Expr &e) {
    if (e.kind == Expr::Kind::Filter && e.filter && e.name == "trim" && noArgs(e) && e.children[0])
        return e.children[0].get();
    if (e.kind == Expr::Kind::Call && noArgs(e) && e.children[0]->kind == Expr::Kind::Attr
        && e.children[0]->name == "strip")
        return e.children[0]->children[0].get();
    return nullptr;
}

void planChain(Expr &e) {
    for (size_t i = 0; i < e.addChain.size(); ++i) {
        const Expr &op = *e.addChain[i].first;
        if (op.kind == Expr::Kind::Const && op.value.isString() && !op.value.isMarkup()) {
            if (!e.chainPieces.empty() && e.chainPieces.back().kind == ChainPiece::Kind::Text) {
                e.chainPieces.back().text += op.value.asString();
                ++e.chainPieces.back().count;
                continue;
            }
            ChainPiece p;
            p.kind = ChainPiece::Kind::Text;
            p.first = std::uint32_t(i);
            p.text = op.value.asString();
            e.chainPieces.push_back(std::move(p));
            continue;
        }
        ChainPiece p;
        p.first = std::uint32_t(i);
        if (const Expr *inner = strippedOperand(op)) {
            p.ref = directRef(*inner);
            if (p.ref.base)
                p.kind = ChainPiece::Kind::Stripped;
        } else {
            p.ref = directRef(op);
            if (p.ref.base)
                p.kind = ChainPiece::Kind::Direct;
        }
        e.chainPieces.push_back(std::move(p));
    }
}

// Comparisons, tests and `not` always yield True or False.
bool alwaysBool(const Expr &e) {
    return e.kind == Expr::Kind::Compare || e.kind == Expr::Kind::Test || e.kind == Expr::Kind::Not;
}

void planCompare(Expr &e) {
    if (e.cmpOps.size() != 1 || (e.cmpOps[0] != CmpOp::Eq && e.cmpOps[0] != CmpOp::Ne))
        return;
    if (alwaysBool(*e.children[0]) && alwaysBool(*e.children[1])) {
        e.cmpBools = true;
        return;
    }
    for (int side = 0; side < 2; ++side) {
        const Expr &text = *e.children[size_t(side)];
        if (text.kind != Expr::Kind::Const || !text.value.isString())
            continue;
        DirectRef r = directRef(*e.children[size_t(1 - side)]);
        if (!r.base)
            continue;
        e.cmpRef = std::move(r);
        e.cmpText = &text.value.asString();
        return;
    }
}

// Filters and tests with only constant arguments (`sort(attribute='score')`,
// `indent(4, true)`, `divisibleby(3)`) get them built once.
void planConstArgs(Expr &e) {
    if (e.children.size() < 2 && e.kwargs.empty())
        return;
    if (e.starArgs || e.kwStarArgs)
        return;
    auto args = std::make_shared<CallArgs>();
    for (size_t i = 1; i < e.children.size(); ++i) {
        if (e.children[i]->kind != Expr::Kind::Const)
            return;
        args->positional.push_back(e.children[i]->value);
    }
    for (const auto &[name, value] : e.kwargs) {
        if (value->kind != Expr::Kind::Const)
            return;
        args->kwargs.emplace_back(name, value->value);
    }
    e.constArgs = std::move(args);
}

void planExpr(Expr *e, bool innerChain = false) {
    if (!e)
        return;
    if ((e->kind == Expr::Kind::Filter && e->filter) || (e->kind == Expr::Kind::Test && e->test))
        planConstArgs(*e);
    const bool add = e->kind == Expr::Kind::Binary && e->binOp == BinOp::Add;
    if (add && !innerChain)
        planChain(*e);
    if (e->kind == Expr::Kind::Compare)
        planCompare(*e);
    for (size_t i = 0; i < e->children.size(); ++i)
        planExpr(e->children[i].get(), add && i == 0); // the left '+' is part of this chain
    for (auto &kw : e->kwargs)
        planExpr(kw.second.get());
    planExpr(e->starArgs.get());
    planExpr(e->kwStarArgs.get());
}

} // namespace

void planFastPaths(Body &body) {
    for (auto &s : body) {
        planExpr(s->expr.get());
        planExpr(s->target.get());
        planExpr(s->condition.get());
        planExpr(s->filterExpr.get());
        for (auto &c : s->conditions)
            planExpr(c.get());
        for (auto &p : s->params)
            planExpr(p.defaultValue.get());
        for (auto &[target, value] : s->assignments) {
            planExpr(target.get());
            planExpr(value.get());
        }
        for (auto &b : s->bodies)
            planFastPaths(b);
        planFastPaths(s->body);
        planFastPaths(s->elseBody);
    }
}

} // namespace trellis::tmpl
