// Parse-time scope pass: names that denote a loop's target or its `loop` object get the
// frame slot they live in, so rendering reads them without searching frames by name.
//
// At run time a loop body's frame starts as [loop, target] (renderLoop builds it so), later
// assignments in the body append after those two or overwrite them in place, and statements
// that do not open a frame (if, set, set blocks, nested for headers) run in that same frame.
// A name is resolved only when every frame between its use and the loop that binds it is a
// loop frame known here and none of those loops' bodies could bind the name itself. Anything
// else (macros, call blocks, with/filter blocks, else bodies, loop filters) is a barrier: the
// names behind it keep the ordinary lookup by name.
#include "template/parser.h"

#include <string>
#include <unordered_set>

namespace trellis::tmpl {

namespace {

struct LoopScope {
    const std::string *target = nullptr;   // null: a barrier, nothing behind it is resolved
    std::unordered_set<std::string> bound; // names the body may assign in this frame
};

using Scopes = std::vector<LoopScope>;

void collectTargetNames(const Expr &target, std::unordered_set<std::string> &out) {
    if (target.kind == Expr::Kind::Name)
        out.insert(target.name);
    else if (target.kind == Expr::Kind::Tuple)
        for (const auto &c : target.children)
            collectTargetNames(*c, out);
}

// Every name a body could bind, at any depth: more than the frame itself gets, which only
// makes the pass resolve less.
void collectBound(const Body &body, std::unordered_set<std::string> &out) {
    for (const auto &s : body) {
        if (s->target)
            collectTargetNames(*s->target, out);
        if (s->kind == Stmt::Kind::Macro)
            out.insert(s->text);
        for (const auto &[name, alias] : s->imports) {
            out.insert(name);
            out.insert(alias);
        }
        if (s->kind == Stmt::Kind::Import)
            out.insert(s->text);
        for (const auto &b : s->bodies)
            collectBound(b, out);
        collectBound(s->body, out);
        collectBound(s->elseBody, out);
    }
}

void resolveName(Expr &e, const Scopes &scopes) {
    for (size_t hops = 0; hops < scopes.size() && hops < 127; ++hops) {
        const LoopScope &scope = scopes[scopes.size() - 1 - hops];
        if (!scope.target)
            return;
        if (e.name == "loop") {
            e.slotHops = std::int8_t(hops);
            e.slotIndex = 0;
            return;
        }
        if (*scope.target == e.name) {
            e.slotHops = std::int8_t(hops);
            e.slotIndex = 1;
            return;
        }
        if (scope.bound.count(e.name))
            return;
    }
}

void visitExpr(Expr *e, const Scopes &scopes) {
    if (!e)
        return;
    if (e->kind == Expr::Kind::Name)
        resolveName(*e, scopes);
    for (auto &c : e->children)
        visitExpr(c.get(), scopes);
    for (auto &kw : e->kwargs)
        visitExpr(kw.second.get(), scopes);
    visitExpr(e->starArgs.get(), scopes);
    visitExpr(e->kwStarArgs.get(), scopes);
}

void visitBody(Body &body, Scopes &scopes);

// Runs `fn` with a barrier on top of the scopes (a frame this pass does not model).
template <typename Fn>
void behindBarrier(Scopes &scopes, Fn fn) {
    scopes.emplace_back();
    fn();
    scopes.pop_back();
}

void visitFor(Stmt &s, Scopes &scopes) {
    visitExpr(s.expr.get(), scopes);
    // The filter runs in the loop frame before `loop` exists there: not modelled.
    behindBarrier(scopes, [&] { visitExpr(s.condition.get(), scopes); });
    behindBarrier(scopes, [&] { visitBody(s.elseBody, scopes); });
    LoopScope scope;
    // A target named `loop` replaces the loop object in slot 0; tuple targets fill slots in
    // an order this pass does not track. Both leave the body unresolved.
    if (s.target->kind == Expr::Kind::Name && s.target->name != "loop") {
        scope.target = &s.target->name;
        collectBound(s.body, scope.bound);
    }
    scopes.push_back(std::move(scope));
    visitBody(s.body, scopes);
    scopes.pop_back();
}

void visitStmt(Stmt &s, Scopes &scopes) {
    switch (s.kind) {
    case Stmt::Kind::Output:
        visitExpr(s.expr.get(), scopes);
        return;
    case Stmt::Kind::If:
        for (auto &c : s.conditions)
            visitExpr(c.get(), scopes);
        for (auto &b : s.bodies)
            visitBody(b, scopes);
        visitBody(s.elseBody, scopes);
        return;
    case Stmt::Kind::For:
        visitFor(s, scopes);
        return;
    case Stmt::Kind::Set:
        visitExpr(s.expr.get(), scopes);
        return;
    case Stmt::Kind::SetBlock: // the body is captured in the same frame
        visitBody(s.body, scopes);
        visitExpr(s.filterExpr.get(), scopes);
        return;
    default: {
        // Statements that open frames of their own: their bodies start from scratch.
        Scopes fresh;
        for (auto &b : s.bodies)
            visitBody(b, fresh);
        visitBody(s.body, fresh);
        visitBody(s.elseBody, fresh);
        return;
    }
    }
}

void visitBody(Body &body, Scopes &scopes) {
    for (auto &s : body)
        visitStmt(*s, scopes);
}

} // namespace

void resolveLoopSlots(Body &body) {
    Scopes scopes;
    visitBody(body, scopes);
}

} // namespace trellis::tmpl
