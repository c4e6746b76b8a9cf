// Statement execution: output, control flow, assignment, macros, composition.
#include "template/objects.h"
#include "template/renderer.h"

namespace trellis::tmpl {

Renderer::Renderer(const RenderOptions &options, const Value &context, const Template &root)
    : m_options(options)
    , m_context(context)
    , m_root(root) {}

std::string Renderer::render() {
    std::string out;
    // Prompt templates loop over messages or documents, so output usually outgrows the source;
    // one generous reservation saves the two or three regrowths (malloc + copy) of each render.
    out.reserve(m_root.source().size() * 2 + 1024);
    m_out = &out;
    Frame root;
    m_template = &m_root;
    m_templateRoot = &root;
    exec(m_root.body(), root);
    return out;
}

void Renderer::failAt(const std::string &message, int line, int column) const {
    throw TemplateException{message, line, column, m_template};
}

void Renderer::fail(const std::string &message, const Expr &at) const {
    failAt(message, at.line, at.column);
}

void Renderer::failSize(const Expr &at) const {
    fail("output size limit of " + std::to_string(m_options.limits.maxOutputBytes)
             + " bytes exceeded",
         at);
}

void Renderer::countIterations(size_t n, const Expr &at) {
    m_iterations += std::int64_t(n);
    if (m_iterations > m_options.limits.maxLoopIterations)
        fail("loop iteration limit of " + std::to_string(m_options.limits.maxLoopIterations)
                 + " exceeded",
             at);
}

void Renderer::enterRecursion(const Expr *, int line, int column) {
    if (++m_depth > m_options.limits.maxRecursionDepth) {
        --m_depth;
        failAt("recursion depth limit of " + std::to_string(m_options.limits.maxRecursionDepth)
                   + " exceeded (recursive macro, loop or include?)",
               line, column);
    }
}

void Renderer::write(const Value &v, const Expr &at) {
    if (v.isString()) {
        m_out->append(v.asString());
    } else {
        if (v.isUndefined() && strict())
            requireDefined(v, at);
        v.appendStr(*m_out);
    }
    checkSize(m_out->size(), at);
}

std::string Renderer::capture(const Body &body, Frame &frame) {
    std::string buffer;
    std::string *saved = m_out;
    m_out = &buffer;
    try {
        exec(body, frame);
    } catch (...) {
        m_out = saved;
        throw;
    }
    m_out = saved;
    return buffer;
}

void Renderer::exec(const Body &body, Frame &frame) {
    for (const auto &s : body)
        execStmt(*s, frame);
}

Value Renderer::applyFilterChain(const Expr &f, const Value &input, Frame &frame) {
    if (!f.children[0])
        return applyFilter(f, input, frame);
    return applyFilter(f, applyFilterChain(*f.children[0], input, frame), frame);
}

void Renderer::assign(const Expr &target, const Value &value, Frame &frame) {
    if (target.kind == Expr::Kind::Name) {
        frame.set(target.name, value);
        return;
    }
    if (target.kind == Expr::Kind::Attr) {
        const Value ns = eval(*target.children[0], frame);
        if (!ns.isNamespace())
            fail("cannot assign attribute on non-namespace object", target);
        ns.namespaceDict().set(Value(target.name), value);
        return;
    }
    // Tuple unpacking.
    if (value.isUndefined())
        requireDefined(value, target);
    const std::vector<Value> items = iterate(value, target);
    if (items.size() != target.children.size())
        fail(items.size() > target.children.size()
                 ? "too many values to unpack (expected " + std::to_string(target.children.size())
                       + ")"
                 : "not enough values to unpack (expected " + std::to_string(target.children.size())
                       + ", got " + std::to_string(items.size()) + ")",
             target);
    for (size_t i = 0; i < items.size(); ++i)
        assign(*target.children[i], items[i], frame);
}

std::string Renderer::renderLoop(const Stmt &s, const Value &iterable, Frame &frame, int depth) {
    // Lists are iterated in place; other iterables and filtered loops get their own vector.
    const bool inPlace = iterable.isSequence() && !s.condition;
    std::vector<Value> items;
    if (!inPlace)
        items = iterate(iterable, *s.expr);
    Frame loopFrame;
    loopFrame.parent = &frame;
    if (s.condition) {
        std::vector<Value> kept;
        for (const Value &item : items) {
            countIterations(1, *s.expr);
            assign(*s.target, item, loopFrame);
            if (evalCond(*s.condition, loopFrame))
                kept.push_back(item);
        }
        items = std::move(kept);
        loopFrame.vars.clear();
    }
    std::string buffer;
    std::string *saved = m_out;
    if (depth > 0)
        m_out = &buffer; // loop(...) returns its output as a value
    try {
        const size_t count = inPlace ? iterable.asList().size() : items.size();
        if (count == 0) {
            Frame elseFrame;
            elseFrame.parent = &frame;
            exec(s.elseBody, elseFrame);
        } else {
            countIterations(count, *s.expr);
            auto loop = inPlace ? std::make_shared<LoopObject>(s, frame, depth, iterable)
                                : std::make_shared<LoopObject>(s, frame, depth, std::move(items));
            loopFrame.vars.reserve(4);
            loopFrame.vars.emplace_back("loop", Value::callable(loop));
            const auto &all = loop->items();
            const std::string &targetName = s.target->name;
            for (size_t i = 0; i < all.size(); ++i) {
                loop->index = i;
                // Like Jinja2, each pass starts from [loop, target]: what the body assigned
                // in the last pass is gone. After the first pass a name target sits in
                // slot 1 (where the scope pass expects it) and is overwritten in place.
                auto &vars = loopFrame.vars;
                if (vars.size() > 1 && vars[1].first.data() == targetName.data()
                    && s.target->kind == Expr::Kind::Name) {
                    if (vars.size() > 2) [[unlikely]]
                        vars.erase(vars.begin() + 2, vars.end());
                    vars[1].second = all[i];
                } else {
                    vars.erase(vars.begin() + 1, vars.end());
                    assign(*s.target, all[i], loopFrame);
                }
                exec(s.body, loopFrame);
            }
            loop->finished = true;
        }
    } catch (...) {
        m_out = saved;
        throw;
    }
    m_out = saved;
    return buffer;
}

void Renderer::execSet(const Stmt &s, Frame &frame) {
    if (s.kind == Stmt::Kind::Set) {
        if (s.target->kind == Expr::Kind::Name) {
            // Names and dict members are copied once, straight from where they live.
            Value tmp;
            const Value &v = evalRef(*s.expr, frame, tmp);
            frame.set(s.target->name, &v == &tmp ? std::move(tmp) : v);
            return;
        }
        assign(*s.target, eval(*s.expr, frame), frame);
        return;
    }
    Value v(capture(s.body, frame));
    if (s.filterExpr)
        v = applyFilterChain(*s.filterExpr, v, frame);
    assign(*s.target, v, frame);
}

void Renderer::execStmt(const Stmt &s, Frame &frame) {
    switch (s.kind) {
    case Stmt::Kind::Text:
        m_out->append(s.text);
        if (std::int64_t(m_out->size()) > m_options.limits.maxOutputBytes)
            failAt("output size limit of " + std::to_string(m_options.limits.maxOutputBytes)
                       + " bytes exceeded",
                   s.line, s.column);
        return;
    case Stmt::Kind::Output: {
        const Expr &e = *s.expr;
        if (e.kind == Expr::Kind::Binary && e.binOp == BinOp::Concat) {
            appendConcat(e, frame, *m_out);
            return;
        }
        if (e.kind == Expr::Kind::Binary && e.binOp == BinOp::Add) {
            const size_t start = m_out->size();
            Value val;
            if (!addChain(e, frame, *m_out, start, val))
                write(val, e);
            return;
        }
        Value tmp;
        if (e.kind == Expr::Kind::Filter && e.appendFilter) {
            appendFiltered(e, evalRef(*e.children[0], frame, tmp), frame, *m_out);
            checkSize(m_out->size(), e);
            return;
        }
        write(evalRef(e, frame, tmp), e);
        return;
    }
    case Stmt::Kind::If:
        for (size_t i = 0; i < s.conditions.size(); ++i) {
            if (evalCond(*s.conditions[i], frame)) {
                exec(s.bodies[i], frame);
                return;
            }
        }
        exec(s.elseBody, frame);
        return;
    case Stmt::Kind::For: {
        const Value iterable = eval(*s.expr, frame);
        renderLoop(s, iterable, frame, 0);
        return;
    }
    case Stmt::Kind::Set:
    case Stmt::Kind::SetBlock:
        execSet(s, frame);
        return;
    case Stmt::Kind::Macro:
        if (!frame.alive)
            frame.alive = &m_frameAlive.emplace_front(true);
        frame.set(s.text, Value::callable(std::make_shared<MacroObject>(s, frame, false)));
        return;
    case Stmt::Kind::CallBlock: {
        auto caller = std::make_shared<MacroObject>(s, frame, true);
        const Expr &call = *s.expr;
        const Value fn = eval(*call.children[0], frame);
        CallArgs args;
        evalArgs(call, frame, args, 1);
        args.kwargs.emplace_back("caller", Value::callable(caller));
        Value result;
        try {
            result = callValue(fn, args, call);
        } catch (...) {
            *caller->alive = false;
            throw;
        }
        *caller->alive = false;
        write(result, call);
        return;
    }
    case Stmt::Kind::FilterBlock: {
        Frame inner;
        inner.parent = &frame;
        const Value body(capture(s.body, inner));
        write(applyFilterChain(*s.filterExpr, body, frame), *s.filterExpr);
        return;
    }
    case Stmt::Kind::With: {
        Frame inner;
        inner.parent = &frame;
        std::vector<Value> values;
        for (const auto &[target, expr] : s.assignments)
            values.push_back(eval(*expr, frame));
        for (size_t i = 0; i < values.size(); ++i)
            assign(*s.assignments[i].first, values[i], inner);
        exec(s.body, inner);
        return;
    }
    case Stmt::Kind::Block: {
        Frame inner;
        inner.parent = &templateRoot();
        exec(s.body, inner);
        return;
    }
    case Stmt::Kind::Include:
        execInclude(s, frame);
        return;
    case Stmt::Kind::Import:
    case Stmt::Kind::FromImport:
        execImport(s, frame);
        return;
    }
}

} // namespace trellis::tmpl
