#pragma once

#include "template/ast.h"
#include "template/lexer.h"

#include <string_view>

namespace trellis::tmpl {

// Filter and test tables; the parser resolves names once so rendering never looks them up.
FilterFn lookupFilter(std::string_view name);
// The appending form of a filter, when it has one; `markup` tells whether its result is
// Markup whatever the input.
AppendFilterFn lookupAppendFilter(std::string_view name, bool &markup);
TestFn lookupTest(std::string_view name);

// Builds the statement tree. Follows Jinja2's grammar and precedence (including its
// left-associative '**' and filters binding tighter than unary minus). Throws
// TemplateException with the position of the offending token.
Body parseTemplate(std::string_view source);

// Gives names that denote a loop target or `loop` their frame slot (scope_pass.cpp).
void resolveLoopSlots(Body &body);
// Plans '+' chains and `x == 'text'` compares for the renderer's fast paths (fast_paths.cpp).
void planFastPaths(Body &body);

// Whether statements (outside nested macros) read `name`; decides macro caller/varargs/kwargs.
bool bodyReadsName(const Body &body, std::string_view name);

} // namespace trellis::tmpl
