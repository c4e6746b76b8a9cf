#pragma once

#include "template/ast.h"
#include "template/callable.h"
#include "template/lexer.h"
#include "template/template.h"

#include <forward_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace trellis::tmpl {

// One scope: a template's top level, a loop body, a macro call. Frames live on the C++ stack
// of the statement that opens them; names point into the AST, which outlives the render.
struct Frame {
    Frame *parent = nullptr;
    bool isolated = false;    // root of an import/include without context: no context lookup
    bool includeRoot = false; // included templates see the includer's names, but not `loop`
    std::vector<std::pair<std::string_view, Value>> vars;
    // Set when a macro closes over this frame (macros see the locals of the frame they are
    // defined in, as in Jinja2): a flag the Renderer owns, cleared when the frame ends, so a
    // macro that escaped it (stored in a namespace) fails instead of reading a dead frame.
    bool *alive = nullptr;

    Frame() = default;
    Frame(const Frame &) = delete;
    Frame &operator=(const Frame &) = delete;
    ~Frame() {
        if (alive) [[unlikely]]
            *alive = false;
    }

    const Value *find(std::string_view name) const {
        for (auto it = vars.rbegin(); it != vars.rend(); ++it) {
            if (sameName(it->first, name))
                return &it->second;
        }
        return nullptr;
    }
    void set(std::string_view name, Value value) {
        for (auto &v : vars) {
            if (sameName(v.first, name)) {
                v.second = std::move(value);
                return;
            }
        }
        vars.emplace_back(name, std::move(value));
    }
};

// Executes one render. Not shared between threads: each render() builds its own.
class Renderer {
public:
    Renderer(const RenderOptions &options, const Value &context, const Template &root);

    std::string render();

    // --- used by filters, tests, callables ---
    [[noreturn]] void fail(const std::string &message, const Expr &at) const;
    [[noreturn]] void failAt(const std::string &message, int line, int column) const;
    bool strict() const { return m_options.strictUndefined; }
    // Raises the UndefinedError Jinja2 would raise when `v` is used as a value.
    void requireDefined(const Value &v, const Expr &at) const;
    void checkSize(size_t bytes, const Expr &at) const {
        if (std::int64_t(bytes) > m_options.limits.maxOutputBytes) [[unlikely]]
            failSize(at);
    }
    [[noreturn]] void failSize(const Expr &at) const;
    void countIterations(size_t n, const Expr &at);
    Value eval(const Expr &e, Frame &frame);
    // Like eval(), but returns names, constants and dict members in place instead of copying
    // them (no reference-count traffic); other results are stored in `tmp`. The reference stays
    // valid while the current statement runs: frames change only between statements, context
    // and constants never, and namespace members (the one mutable value) are always copied.
    // Inline fast path (below the class): constants, found names and dict members reached
    // from a name; everything else goes to evalRefSlow(). It declares no Value locals, so
    // the common cases cost no stack frame setup.
    inline const Value &evalRef(const Expr &e, Frame &frame, Value &tmp);
    const Value &evalRefSlow(const Expr &e, Frame &frame, Value &tmp);
    Value getAttr(const Value &obj, std::string_view name, const Expr &at);
    Value getItem(const Value &obj, const Value &key, const Expr &at);
    // Materializes an iterable as Jinja2 would iterate it (dict -> keys, str -> chars).
    std::vector<Value> iterate(const Value &v, const Expr &at) const;
    Value callValue(const Value &fn, CallArgs &args, const Expr &at);
    Value applyFilter(const Expr &filterExpr, const Value &input, Frame &frame);
    Value callFilterByName(std::string_view name, const Value &input, const CallArgs &args,
                           const Expr &at);
    bool callTestByName(std::string_view name, const Value &input, const CallArgs &args,
                        const Expr &at);
    // Renders `body` into a string in a fresh frame (macros, caller, set blocks).
    std::string capture(const Body &body, Frame &frame);
    void exec(const Body &body, Frame &frame);
    void enterRecursion(const Expr *at, int line, int column);
    void leaveRecursion() { --m_depth; }
    std::string renderLoop(const Stmt &loop, const Value &iterable, Frame &frame, int depth);
    Value applyFilterChain(const Expr &filterExpr, const Value &input, Frame &frame);
    const Template &currentTemplate() const { return *m_template; }
    Frame &templateRoot() { return *m_templateRoot; }

private:
    void execStmt(const Stmt &s, Frame &frame);
    void execFor(const Stmt &s, Frame &frame);
    void execSet(const Stmt &s, Frame &frame);
    void execInclude(const Stmt &s, Frame &frame);
    void execImport(const Stmt &s, Frame &frame);
    void assign(const Expr &target, const Value &value, Frame &frame);
    // String building without intermediate values: '~' chains and '+' chains of strings are
    // appended straight into one buffer (the output itself for {{ a ~ b }}).
    void appendConcat(const Expr &e, Frame &frame, std::string &buf);
    bool addChain(const Expr &e, Frame &frame, std::string &buf, size_t start, Value &val);
    bool addFailed(const Expr &e, Frame &frame, std::string &buf, size_t start, Value &val,
                   size_t i);
    void checkChainSize(const Expr &e, const ChainPiece &p, size_t before) const;
    // Appends e's value to `buf` when it is a plain (non-Markup) string, else stores it in
    // `val` and returns false.
    bool appendPlain(const Expr &e, Frame &frame, std::string &buf, Value &val);
    bool appendStripped(const Expr &call, Frame &frame, std::string &buf);
    // Applies a filter that has an appending form (Expr::appendFilter) straight into `out`.
    void appendFiltered(const Expr &f, const Value &input, Frame &frame, std::string &out);
    Value evalCompare(const Expr &e, Frame &frame);
    bool compareChain(const Expr &e, Frame &frame);
    bool compareOperands(const Expr &e, Frame &frame);
    bool evalInt(const Expr &e, Frame &frame, std::int64_t &out);
    // Truth of a condition (if, elif, inline if, loop filter); strict mode checks the
    // condition's value for undefined as Jinja2's StrictUndefined does.
    bool evalCond(const Expr &e, Frame &frame);
    bool testCond(const Expr &e, Frame &frame);
    bool valueCond(const Expr &e, Frame &frame);
    Value evalCall(const Expr &e, Frame &frame);
    Value evalSlice(const Expr &e, Frame &frame);
    Value lookup(const Expr &e, Frame &frame) const;
    // Names the scope pass resolved are read from their frame slot; others are looked up.
    const Value *findName(const Expr &e, const Frame &frame) const {
        if (e.slotHops >= 0) {
            const Frame *f = &frame;
            for (int h = e.slotHops; h > 0 && f; --h)
                f = f->parent;
            if (f && e.slotIndex < f->vars.size()) [[likely]]
                return &f->vars[e.slotIndex].second;
        }
        return lookupRef(e, frame);
    }
    const Value *lookupRef(const Expr &e, const Frame &frame) const;
    // The value a planned DirectRef denotes, in place; null when it is not there (the caller
    // then evaluates the expression the ordinary way).
    const Value *directValue(const DirectRef &r, const Frame &frame) const {
        const Value *v = findName(*r.base, frame);
        if (v && r.hasKey)
            v = v->isDict() ? v->asDict().find(std::string_view(r.key)) : nullptr;
        return v;
    }
    void evalArgs(const Expr &e, Frame &frame, CallArgs &args, size_t firstChild);
    // A filter's or test's arguments: the constants planned at parse time (fast_paths.cpp;
    // filters and tests only read them, so one instance serves every render and thread), or
    // evaluated into `args`.
    const CallArgs &filterArgs(const Expr &e, Frame &frame, CallArgs &args) {
        if (e.constArgs)
            return *e.constArgs;
        evalArgsIfAny(e, frame, args, 1);
        return args;
    }
    // evalArgs() for call sites where most calls pass nothing (filters, tests, methods).
    void evalArgsIfAny(const Expr &e, Frame &frame, CallArgs &args, size_t firstChild) {
        if (e.children.size() > firstChild || !e.kwargs.empty() || e.starArgs || e.kwStarArgs)
            evalArgs(e, frame, args, firstChild);
    }
    void write(const Value &v, const Expr &at);
    std::shared_ptr<const Template> loadTemplate(const Value &name, const Expr &at,
                                                 bool ignoreMissing);

    const RenderOptions &m_options;
    const Value &m_context;
    const Template &m_root;
    std::string *m_out = nullptr;
    int m_depth = 0;
    std::int64_t m_iterations = 0;
    std::map<QString, std::shared_ptr<const Template>> m_loaded;
    // Frame::alive flags (stable addresses), one per frame a macro closed over; declared before
    // m_moduleFrames so that it outlives them (their destructors clear their flags).
    std::forward_list<bool> m_frameAlive;               // (a deque would allocate in every render)
    std::vector<std::unique_ptr<Frame>> m_moduleFrames; // roots that macros may refer to
    // The template whose statements run now (included/imported ones while they run) and its
    // top-level frame; TemplateScope switches them.
    const Template *m_template = nullptr;
    Frame *m_templateRoot = nullptr;

    friend class TemplateScope;
};

const Value &Renderer::evalRef(const Expr &e, Frame &frame, Value &tmp) {
    switch (e.kind) {
    case Expr::Kind::Const:
        return e.value;
    case Expr::Kind::Name:
        if (const Value *v = findName(e, frame))
            return *v;
        break;
    case Expr::Kind::Attr:
    case Expr::Kind::Item: {
        // name.key and name['key'] on a dict: the member in place.
        const Expr &base = *e.children[0];
        if (base.kind != Expr::Kind::Name)
            break;
        const std::string *key = &e.name;
        if (e.kind == Expr::Kind::Item) {
            const Expr &k = *e.children[1];
            if (k.kind != Expr::Kind::Const || !k.value.isString())
                break;
            key = &k.value.asString();
        }
        const Value *obj = findName(base, frame);
        if (obj && obj->isDict()) {
            if (const Value *v = obj->asDict().find(std::string_view(*key)))
                return *v;
        } else if (obj && e.loopAttr != LoopAttr::None && obj->isCallable()) {
            // loop.index and friends: straight from the loop object.
            if (obj->asCallable().loopCounter(e.loopAttr, tmp))
                return tmp;
        }
        break;
    }
    default:
        break;
    }
    return evalRefSlow(e, frame, tmp);
}

// Makes an included or imported template current while it runs (also when it throws).
class TemplateScope {
public:
    TemplateScope(Renderer &r, const Template &tpl, Frame &root)
        : m_r(r)
        , m_savedTemplate(r.m_template)
        , m_savedRoot(r.m_templateRoot) {
        r.m_template = &tpl;
        r.m_templateRoot = &root;
    }
    ~TemplateScope() {
        m_r.m_template = m_savedTemplate;
        m_r.m_templateRoot = m_savedRoot;
    }
    TemplateScope(const TemplateScope &) = delete;
    TemplateScope &operator=(const TemplateScope &) = delete;

private:
    Renderer &m_r;
    const Template *m_savedTemplate;
    Frame *m_savedRoot;
};

// Python operators on Values; they throw through Renderer::fail on TypeError and friends.
Value binaryOp(Renderer &r, BinOp op, const Value &a, const Value &b, const Expr &at);
bool containsValue(Renderer &r, const Value &container, const Value &item, const Expr &at);
// Methods on str/dict/list values that templates commonly call ('x'.upper(), d.items()).
bool callMethod(Renderer &r, const Value &obj, std::string_view name, CallArgs &args,
                const Expr &at, Value &result);
// Globals: range, dict, namespace, cycler, joiner, lipsum-free subset.
const Value *builtinGlobal(std::string_view name);
// Python slicing for str and sequences.
Value sliceValue(Renderer &r, const Value &v, const Value *start, const Value *stop,
                 const Value *step, const Expr &at);

} // namespace trellis::tmpl
