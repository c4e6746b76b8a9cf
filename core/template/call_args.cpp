// CallArgs buffer recycling (see callable.h).
#include "template/callable.h"

namespace trellis::tmpl {

namespace {

using Kwargs = std::vector<std::pair<std::string_view, Value>>;

// Per thread, so concurrent renders never share a buffer. A handful covers the nesting depth
// of calls inside call arguments.
struct BufferCache {
    std::vector<std::vector<Value>> positional;
    std::vector<Kwargs> kwargs;
};
constexpr size_t kMaxCached = 16;
thread_local BufferCache t_cache;

template <typename Vec>
void take(Vec &v, std::vector<Vec> &cache, size_t n) {
    if (v.capacity() == 0 && !cache.empty()) {
        v = std::move(cache.back());
        cache.pop_back();
    }
    v.reserve(n);
}

template <typename Vec>
void give(Vec &v, std::vector<Vec> &cache) {
    if (v.capacity() == 0 || cache.size() >= kMaxCached || v.capacity() > 64)
        return;
    v.clear();
    cache.push_back(std::move(v));
}

} // namespace

void CallArgs::reservePositional(size_t n) {
    take(positional, t_cache.positional, n);
}

void CallArgs::reserveKwargs(size_t n) {
    take(kwargs, t_cache.kwargs, n);
}

void CallArgs::recycle() {
    give(positional, t_cache.positional);
    give(kwargs, t_cache.kwargs);
}

} // namespace trellis::tmpl
