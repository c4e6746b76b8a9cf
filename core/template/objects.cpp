#include "template/objects.h"

namespace trellis::tmpl {

Value MacroObject::call(Renderer &r, CallArgs &args, const Expr &site) const {
    if (!*alive)
        r.fail("'caller' called after its call block ended", site);
    if (m_scopeAlive && !*m_scopeAlive)
        r.fail("macro '" + name() + "' called after the block that defined it ended", site);
    const auto &params = m_def.params;
    if (args.positional.size() > params.size() && !m_def.usesVarargs)
        r.fail("macro '" + name() + "' takes not more than " + std::to_string(params.size())
                   + " argument(s)",
               site);
    r.enterRecursion(&site, site.line, site.column);
    Frame frame;
    frame.parent = &m_scope;
    frame.vars.reserve(params.size() + 3);
    std::vector<bool> bound(params.size(), false);
    for (size_t i = 0; i < params.size() && i < args.positional.size(); ++i) {
        frame.vars.emplace_back(params[i].name, args.positional[i]);
        bound[i] = true;
    }
    auto extraKwargs = std::make_shared<DictObject>();
    Value caller;
    for (auto &[key, value] : args.kwargs) {
        bool matched = false;
        for (size_t i = 0; i < params.size(); ++i) {
            if (params[i].name == key) {
                if (bound[i])
                    r.fail("macro '" + name() + "' got multiple values for argument '"
                               + std::string(key) + "'",
                           site);
                frame.vars.emplace_back(params[i].name, value);
                bound[i] = true;
                matched = true;
                break;
            }
        }
        if (matched)
            continue;
        if (key == "caller" && m_def.usesCaller && !m_isCaller) {
            caller = value;
            continue;
        }
        if (!m_def.usesKwargs)
            r.fail("macro '" + name() + "' takes no keyword argument '" + std::string(key) + "'",
                   site);
        extraKwargs->items.emplace_back(Value(std::string(key)), value);
    }
    // Defaults are evaluated at call time and may refer to earlier parameters.
    for (size_t i = 0; i < params.size(); ++i) {
        if (bound[i])
            continue;
        if (params[i].defaultValue)
            frame.vars.emplace_back(params[i].name, r.eval(*params[i].defaultValue, frame));
        else
            frame.vars.emplace_back(params[i].name, Value::undefined("parameter '" + params[i].name
                                                                     + "' was not provided"));
    }
    if (m_def.usesVarargs) {
        std::vector<Value> rest;
        for (size_t i = params.size(); i < args.positional.size(); ++i)
            rest.push_back(args.positional[i]);
        frame.vars.emplace_back("varargs", Value::tuple(std::move(rest)));
    }
    if (m_def.usesKwargs)
        frame.vars.emplace_back("kwargs", Value::dict(extraKwargs));
    if (m_def.usesCaller && !m_isCaller)
        frame.vars.emplace_back(
            "caller", caller.isUndefined() ? Value::undefined("No caller defined") : caller);
    std::string out = r.capture(m_def.body, frame);
    r.leaveRecursion();
    return Value(std::move(out));
}

std::optional<Value> MacroObject::attribute(std::string_view attr) const {
    if (attr == "name")
        return Value(name());
    if (attr == "arguments") {
        std::vector<Value> names;
        for (const auto &p : m_def.params)
            names.emplace_back(p.name);
        return Value::tuple(std::move(names));
    }
    if (attr == "catch_kwargs")
        return Value(m_def.usesKwargs);
    if (attr == "catch_varargs")
        return Value(m_def.usesVarargs);
    if (attr == "caller")
        return Value(m_def.usesCaller);
    return std::nullopt;
}

Value LoopObject::call(Renderer &r, CallArgs &args, const Expr &site) const {
    if (!m_loop.recursive)
        r.fail("Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.",
               site);
    if (finished)
        r.fail("loop called after the loop ended", site);
    if (args.positional.size() != 1)
        r.fail("loop() takes exactly one argument", site);
    r.enterRecursion(&site, site.line, site.column);
    std::string out = r.renderLoop(m_loop, args.positional[0], m_frame, m_depth + 1);
    r.leaveRecursion();
    return Value(std::move(out));
}

namespace {

class CycleFunction : public CallableObject {
public:
    explicit CycleFunction(size_t index)
        : m_index(index) {}
    std::string name() const override { return "cycle"; }
    Value call(Renderer &r, CallArgs &args, const Expr &site) const override {
        if (args.positional.empty())
            r.fail("no items for cycling given", site);
        return args.positional[m_index % args.positional.size()];
    }

private:
    size_t m_index;
};

class ChangedFunction : public CallableObject {
public:
    explicit ChangedFunction(std::shared_ptr<const LoopObject> loop)
        : m_loop(std::move(loop)) {}
    std::string name() const override { return "changed"; }
    Value call(Renderer &, CallArgs &args, const Expr &) const override {
        const Value now = Value::list(args.positional);
        const Value before = Value::list(m_loop->lastChanged);
        if (m_loop->changedCalled && valuesEqual(now, before))
            return Value(false);
        m_loop->changedCalled = true;
        m_loop->lastChanged = args.positional;
        return Value(true);
    }

private:
    std::shared_ptr<const LoopObject> m_loop;
};

} // namespace

bool LoopObject::loopCounter(LoopAttr attr, Value &out) const {
    const auto n = std::int64_t(m_items->size());
    const auto i = std::int64_t(index);
    switch (attr) {
    case LoopAttr::None:
        return false;
    case LoopAttr::Index:
        out = Value(i + 1);
        return true;
    case LoopAttr::Index0:
        out = Value(i);
        return true;
    case LoopAttr::First:
        out = Value(i == 0);
        return true;
    case LoopAttr::Last:
        out = Value(i == n - 1);
        return true;
    case LoopAttr::Length:
        out = Value(n);
        return true;
    case LoopAttr::Revindex:
        out = Value(n - i);
        return true;
    case LoopAttr::Revindex0:
        out = Value(n - i - 1);
        return true;
    }
    return false;
}

std::optional<Value> LoopObject::attribute(std::string_view attr) const {
    const auto n = std::int64_t(m_items->size());
    const auto i = std::int64_t(index);
    if (attr == "index")
        return Value(i + 1);
    if (attr == "index0")
        return Value(i);
    if (attr == "first")
        return Value(i == 0);
    if (attr == "last")
        return Value(i == n - 1);
    if (attr == "length")
        return Value(n);
    if (attr == "revindex")
        return Value(n - i);
    if (attr == "revindex0")
        return Value(n - i - 1);
    if (attr == "depth")
        return Value(std::int64_t(m_depth + 1));
    if (attr == "depth0")
        return Value(std::int64_t(m_depth));
    if (attr == "previtem")
        return i > 0 ? (*m_items)[size_t(i - 1)] : Value::undefined("there is no previous item");
    if (attr == "nextitem")
        return i + 1 < n ? (*m_items)[size_t(i + 1)] : Value::undefined("there is no next item");
    if (attr == "cycle")
        return Value::callable(std::make_shared<CycleFunction>(index));
    if (attr == "changed")
        return Value::callable(std::make_shared<ChangedFunction>(shared_from_this()));
    return std::nullopt;
}

} // namespace trellis::tmpl
