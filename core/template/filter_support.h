#pragma once

#include "template/renderer.h"

#include <string>
#include <string_view>

// Helpers shared by the filter implementations.
namespace trellis::tmpl::filters {

inline const Value *optArg(const CallArgs &args, size_t pos, const char *name) {
    return args.get(pos, name);
}
std::int64_t intArg(Renderer &r, const CallArgs &args, size_t pos, const char *name,
                    std::int64_t dflt, const Expr &at);
bool boolArg(const CallArgs &args, size_t pos, const char *name, bool dflt);
std::string strArg(Renderer &r, const CallArgs &args, size_t pos, const char *name,
                   const std::string &dflt, const Expr &at);
// str() of a value as Jinja2's soft_str sees it; undefined is "" unless strict.
std::string text(Renderer &r, const Value &v, const Expr &at);
// environment.getitem along a dotted attribute path ("user.name", "0").
Value attrPath(Renderer &r, const Value &item, std::string_view path, const Expr &at);
std::string htmlEscape(const std::string &s);
std::string toJson(Renderer &r, const Value &v, int indent, const Expr &at);
// toJson() appended to `out`; the size limit applies to all of `out`.
void appendJson(Renderer &r, std::string &out, const Value &v, int indent, const Expr &at);

} // namespace trellis::tmpl::filters
