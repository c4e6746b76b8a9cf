#pragma once

#include "template/value.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace trellis::tmpl {

class Renderer;
struct Expr;
enum class LoopAttr : std::uint8_t;

// Evaluated call arguments. Keyword names point into the template's AST.
// The vectors' buffers come from, and go back to, a small per-thread cache: most filter and
// method calls take an argument or two, and a malloc/free pair per call was a visible share
// of a render.
struct CallArgs {
    std::vector<Value> positional;
    std::vector<std::pair<std::string_view, Value>> kwargs;

    CallArgs() = default;
    CallArgs(const CallArgs &) = default;
    CallArgs &operator=(const CallArgs &) = default;
    ~CallArgs() {
        if (positional.capacity() != 0 || kwargs.capacity() != 0)
            recycle();
    }
    // reserve() that first takes a cached buffer when the vector has none.
    void reservePositional(size_t n);
    void reserveKwargs(size_t n);

    // Python-style binding: positional index `pos` or keyword `name`, else nullptr.
    const Value *get(size_t pos, std::string_view name) const {
        if (pos < positional.size())
            return &positional[pos];
        return kwargs.empty() ? nullptr : getKeyword(name);
    }
    // Overload for literal names: no strlen() when there are no keywords (the usual case).
    const Value *get(size_t pos, const char *name) const {
        if (pos < positional.size())
            return &positional[pos];
        return kwargs.empty() ? nullptr : getKeyword(name);
    }
    const Value *getKeyword(std::string_view name) const {
        for (const auto &[k, v] : kwargs) {
            if (k == name)
                return &v;
        }
        return nullptr;
    }

private:
    void recycle();
};

// Anything a template can call: macros, loop.cycle, globals like range().
class CallableObject {
public:
    virtual ~CallableObject() = default;
    virtual std::string name() const = 0;
    virtual Value call(Renderer &renderer, CallArgs &args, const Expr &site) const = 0;
    // Attribute access (loop.index, macro.name); nullopt when there is none.
    virtual std::optional<Value> attribute(std::string_view) const { return std::nullopt; }
    // loop.index and the other counters without the name compares; false when this object
    // has no such counter (only loops do).
    virtual bool loopCounter(LoopAttr, Value &) const { return false; }
};

} // namespace trellis::tmpl
