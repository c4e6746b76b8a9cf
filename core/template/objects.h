#pragma once

#include "template/renderer.h"

#include <memory>

namespace trellis::tmpl {

// A {% macro %} (or the body of a {% call %} block, as `caller`). A macro sees the frame it
// was defined in (a loop body's target and `loop`, `set` names as they are at call time), as
// a Jinja2 macro closes over its enclosing scope.
class MacroObject : public CallableObject {
public:
    MacroObject(const Stmt &def, Frame &scope, bool isCaller)
        : m_def(def)
        , m_scope(scope)
        , m_scopeAlive(scope.alive)
        , m_isCaller(isCaller) {}

    std::string name() const override { return m_isCaller ? "caller" : m_def.text; }
    Value call(Renderer &r, CallArgs &args, const Expr &site) const override;
    std::optional<Value> attribute(std::string_view name) const override;

    // The call block ended: its frame is gone, so a `caller` kept past it must not run.
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);

private:
    const Stmt &m_def;
    Frame &m_scope;
    const bool *m_scopeAlive; // whether m_scope still exists (Frame::alive), or null
    bool m_isCaller;
};

// The `loop` variable of a for loop; callable for recursive loops.
class LoopObject
    : public CallableObject
    , public std::enable_shared_from_this<LoopObject> {
public:
    LoopObject(const Stmt &loop, Frame &frame, int depth, std::vector<Value> items)
        : m_loop(loop)
        , m_frame(frame)
        , m_depth(depth)
        , m_owned(std::move(items))
        , m_items(&m_owned) {}
    // Iterates a list or tuple without copying it; `source` keeps it alive.
    LoopObject(const Stmt &loop, Frame &frame, int depth, const Value &source)
        : m_loop(loop)
        , m_frame(frame)
        , m_depth(depth)
        , m_source(source)
        , m_items(&m_source.asList()) {}

    std::string name() const override { return "loop"; }
    Value call(Renderer &r, CallArgs &args, const Expr &site) const override;
    std::optional<Value> attribute(std::string_view name) const override;
    bool loopCounter(LoopAttr attr, Value &out) const override;

    const std::vector<Value> &items() const { return *m_items; }
    size_t index = 0;
    bool finished = false;
    mutable std::vector<Value> lastChanged;
    mutable bool changedCalled = false;

private:
    const Stmt &m_loop;
    Frame &m_frame;
    int m_depth;
    Value m_source;
    std::vector<Value> m_owned;
    const std::vector<Value> *m_items;
};

// Builtin global functions (range, dict, namespace, cycler, joiner).
class BuiltinFunction : public CallableObject {
public:
    using Fn = Value (*)(Renderer &, CallArgs &, const Expr &);
    BuiltinFunction(std::string name, Fn fn)
        : m_name(std::move(name))
        , m_fn(fn) {}
    std::string name() const override { return m_name; }
    Value call(Renderer &r, CallArgs &args, const Expr &site) const override {
        return m_fn(r, args, site);
    }

private:
    std::string m_name;
    Fn m_fn;
};

} // namespace trellis::tmpl
