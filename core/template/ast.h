#pragma once

#include "template/value.h"

#include <memory>
#include <string>
#include <vector>

namespace trellis::tmpl {

class Renderer;
struct Expr;
struct Stmt;
struct CallArgs;
using ExprPtr = std::unique_ptr<Expr>;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

using FilterFn = Value (*)(Renderer &, const Value &, const CallArgs &, const Expr &);
using TestFn = bool (*)(Renderer &, const Value &, const CallArgs &, const Expr &);
// A filter that appends its str() result to `out` instead of returning a value: output and
// string concatenation use it to skip the intermediate string.
using AppendFilterFn = void (*)(Renderer &, const Value &, const CallArgs &, const Expr &,
                                std::string &out);

enum class BinOp : std::uint8_t { Add, Sub, Mul, Div, FloorDiv, Mod, Pow, Concat };
enum class CmpOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn };
// The loop counters an attribute name may denote, resolved at parse time so `loop.index`
// needs no string compares when the object turns out to be a loop.
enum class LoopAttr : std::uint8_t {
    None,
    Index,
    Index0,
    First,
    Last,
    Length,
    Revindex,
    Revindex0
};

// A value the renderer can read in place without evaluating an expression: a name, or a
// constant-key member of a name's dict (`m['role']`, `m.role`). Planned by fast_paths.cpp.
struct DirectRef {
    const Expr *base = nullptr; // the Name node; null: not a direct reference
    std::string key;
    bool hasKey = false;
};

// One step of a planned '+' chain (Expr::chainPieces): adjacent constant strings fused into
// one Text, direct references (optionally stripped: `|trim`, `.strip()`) appended in place,
// anything else evaluated as before. `first` and `count` say which addChain operands it
// covers, so errors, size checks and the general Python '+' path keep their positions.
struct ChainPiece {
    enum class Kind : std::uint8_t { Text, Direct, Stripped, Other };
    Kind kind = Kind::Other;
    std::uint32_t first = 0;
    std::uint32_t count = 1;
    std::string text;
    DirectRef ref;
};

// Expression node. One struct for all kinds keeps the parser and evaluator small; the
// evaluator switches on `kind`.
struct Expr {
    enum class Kind : std::uint8_t {
        Const,  // value
        Name,   // name
        Attr,   // children[0].name
        Item,   // children[0][children[1]]
        Slice,  // children[0][a:b:c], absent parts are nullptr
        Call,   // children[0](children[1..], kwargs)
        Filter, // children[0]|name(children[1..], kwargs); children[0] null in filter blocks
        Test,   // children[0] is [not] name(children[1..])
        Neg,
        Pos,
        Not,
        Binary,  // binOp
        Compare, // children[0] cmpOps[i] children[i+1]
        And,
        Or,
        CondExpr, // children[1] if children[0] else children[2] (may be absent)
        List,
        Tuple,
        Dict, // children alternate key, value
    };
    Kind kind = Kind::Const;
    int line = 0;
    int column = 0;
    bool negated = false; // 'is not'
    BinOp binOp = BinOp::Add;
    LoopAttr loopAttr = LoopAttr::None; // Attr nodes
    // Name nodes the scope pass resolved (scope_pass.cpp): the value is vars[slotIndex] of
    // the frame slotHops parents up. -1: look the name up.
    std::int8_t slotHops = -1;
    std::uint8_t slotIndex = 0;
    Value value;
    std::string name;
    std::vector<ExprPtr> children;
    std::vector<std::pair<std::string, ExprPtr>> kwargs;
    ExprPtr starArgs;
    ExprPtr kwStarArgs;
    std::vector<CmpOp> cmpOps;
    // '+' nodes: the operands of the left-leaning chain this node ends, leftmost first, each
    // with the '+' node that adds it (null for the leftmost). Points into this subtree.
    std::vector<std::pair<const Expr *, const Expr *>> addChain;
    std::vector<ChainPiece> chainPieces; // outermost '+' nodes: the plan for addChain
    // Compare nodes `ref == 'text'` / `ref != 'text'` (either side): compared in place.
    DirectRef cmpRef;
    const std::string *cmpText = nullptr;
    bool cmpBools = false; // Compare nodes: `==` / `!=` between two always-bool operands
    FilterFn filter = nullptr;
    AppendFilterFn appendFilter = nullptr; // Filter nodes whose filter can append
    bool filterMarkup = false; // the filter returns Markup even for plain input (tojson)
    TestFn test = nullptr;
    // Filter and Test nodes whose arguments are all constants: them, evaluated once.
    std::shared_ptr<const CallArgs> constArgs;
};

struct MacroParam {
    std::string name;
    ExprPtr defaultValue;
};

struct Stmt {
    enum class Kind : std::uint8_t {
        Text,        // text
        Output,      // expr
        If,          // conditions[i] -> bodies[i]; elseBody
        For,         // target in expr [if condition] body [else elseBody]
        Set,         // target = expr
        SetBlock,    // target = render(body) | filterExpr
        Macro,       // name(params) body
        CallBlock,   // expr (a call) with caller() = body taking params
        Include,     // expr, ignoreMissing, withContext
        Import,      // expr as name
        FromImport,  // expr import names
        FilterBlock, // filterExpr applied to render(body)
        With,        // targets/values, body
        Block,       // named block rendered in place
    };
    Kind kind = Kind::Text;
    int line = 0;
    int column = 0;
    std::string text;
    ExprPtr expr;
    ExprPtr target;
    ExprPtr condition;
    ExprPtr filterExpr;
    std::vector<ExprPtr> conditions;
    std::vector<Body> bodies;
    Body body;
    Body elseBody;
    std::vector<MacroParam> params;
    std::vector<std::pair<std::string, std::string>> imports; // name, alias
    std::vector<std::pair<ExprPtr, ExprPtr>> assignments;     // with-statement
    bool recursive = false;
    bool ignoreMissing = false;
    bool withContext = true;
    bool usesCaller = false; // macro bodies: which implicit names they read
    bool usesVarargs = false;
    bool usesKwargs = false;
};

} // namespace trellis::tmpl
