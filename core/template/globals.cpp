// Global functions every Jinja2 environment has: range, dict, namespace, cycler, joiner.
#include "template/objects.h"

namespace trellis::tmpl {

namespace {

Value gRange(Renderer &r, CallArgs &args, const Expr &at) {
    std::int64_t start = 0;
    std::int64_t stop = 0;
    std::int64_t step = 1;
    for (const Value &v : args.positional) {
        if (!v.isInt() && !v.isBool()) {
            r.requireDefined(v, at);
            r.fail("'" + v.typeName() + "' object cannot be interpreted as an integer", at);
        }
    }
    switch (args.positional.size()) {
    case 1:
        stop = args.positional[0].asInt();
        break;
    case 2:
        start = args.positional[0].asInt();
        stop = args.positional[1].asInt();
        break;
    case 3:
        start = args.positional[0].asInt();
        stop = args.positional[1].asInt();
        step = args.positional[2].asInt();
        break;
    default: {
        // Appending (not operator+ on a literal) avoids a GCC 12 -O3 -Wrestrict false positive.
        std::string message = "range expected 1 to 3 arguments, got ";
        message += std::to_string(args.positional.size());
        r.fail(message, at);
    }
    }
    if (step == 0)
        r.fail("range() arg 3 must not be zero", at);
    const double count = step > 0 ? (double(stop) - double(start)) / double(step)
                                  : (double(start) - double(stop)) / double(-step);
    if (count > 0)
        r.countIterations(size_t(count), at);
    std::vector<Value> items;
    if (count > 0)
        items.reserve(size_t(count) + 1);
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop;) {
        items.emplace_back(i);
        if (__builtin_add_overflow(i, step, &i))
            break;
    }
    return Value::list(std::move(items));
}

std::shared_ptr<DictObject> kwargsDict(Renderer &r, CallArgs &args, const Expr &at) {
    auto dict = std::make_shared<DictObject>();
    if (args.positional.size() > 1)
        r.fail("expected at most 1 positional argument", at);
    if (!args.positional.empty()) {
        const Value &init = args.positional[0];
        if (init.isDict()) {
            dict->items = init.asDict().items;
        } else {
            for (const Value &pair : r.iterate(init, at)) {
                const auto kv = r.iterate(pair, at);
                if (kv.size() != 2)
                    r.fail("dictionary update sequence element has wrong length", at);
                dict->set(kv[0], kv[1]);
            }
        }
    }
    for (const auto &[k, v] : args.kwargs)
        dict->set(Value(std::string(k)), v);
    return dict;
}

Value gDict(Renderer &r, CallArgs &args, const Expr &at) {
    return Value::dict(kwargsDict(r, args, at));
}

Value gNamespace(Renderer &r, CallArgs &args, const Expr &at) {
    return Value::namespaceObject(kwargsDict(r, args, at));
}

class Cycler
    : public CallableObject
    , public std::enable_shared_from_this<Cycler> {
public:
    explicit Cycler(std::vector<Value> items)
        : m_items(std::move(items)) {}
    std::string name() const override { return "cycler"; }
    Value call(Renderer &r, CallArgs &, const Expr &at) const override {
        r.fail("'Cycler' object is not callable", at);
    }
    std::optional<Value> attribute(std::string_view attr) const override {
        if (attr == "current")
            return m_items[m_pos];
        if (attr == "next" || attr == "reset")
            return Value::callable(std::make_shared<Method>(shared_from_this(), attr == "next"));
        return std::nullopt;
    }

private:
    class Method : public CallableObject {
    public:
        Method(std::shared_ptr<const Cycler> owner, bool next)
            : m_owner(std::move(owner))
            , m_next(next) {}
        std::string name() const override { return m_next ? "next" : "reset"; }
        Value call(Renderer &, CallArgs &, const Expr &) const override {
            if (!m_next) {
                m_owner->m_pos = 0;
                return Value::none();
            }
            const Value v = m_owner->m_items[m_owner->m_pos];
            m_owner->m_pos = (m_owner->m_pos + 1) % m_owner->m_items.size();
            return v;
        }

    private:
        std::shared_ptr<const Cycler> m_owner;
        bool m_next;
    };

    std::vector<Value> m_items;
    mutable size_t m_pos = 0;
};

Value gCycler(Renderer &r, CallArgs &args, const Expr &at) {
    if (args.positional.empty())
        r.fail("at least one item has to be provided", at);
    return Value::callable(std::make_shared<Cycler>(args.positional));
}

class Joiner : public CallableObject {
public:
    explicit Joiner(Value sep)
        : m_sep(std::move(sep)) {}
    std::string name() const override { return "joiner"; }
    Value call(Renderer &, CallArgs &, const Expr &) const override {
        if (!m_used) {
            m_used = true;
            return Value(std::string());
        }
        return m_sep;
    }

private:
    Value m_sep;
    mutable bool m_used = false;
};

Value gJoiner(Renderer &, CallArgs &args, const Expr &) {
    const Value *sep = args.get(0, "sep");
    return Value::callable(std::make_shared<Joiner>(sep ? *sep : Value(", ")));
}

} // namespace

const Value *builtinGlobal(std::string_view name) {
    // Stateless function objects, created once and shared by every render and thread.
    static const std::pair<std::string_view, Value> globals[] = {
        {"range", Value::callable(std::make_shared<BuiltinFunction>("range", gRange))},
        {"dict", Value::callable(std::make_shared<BuiltinFunction>("dict", gDict))},
        {"namespace", Value::callable(std::make_shared<BuiltinFunction>("namespace", gNamespace))},
        {"cycler", Value::callable(std::make_shared<BuiltinFunction>("cycler", gCycler))},
        {"joiner", Value::callable(std::make_shared<BuiltinFunction>("joiner", gJoiner))},
    };
    for (const auto &g : globals) {
        if (g.first == name)
            return &g.second;
    }
    return nullptr;
}

} // namespace trellis::tmpl
