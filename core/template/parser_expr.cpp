// Expression grammar, following jinja2/parser.py method by method.
#include "template/parser_impl.h"

namespace trellis::tmpl::detail {

ExprPtr Parser::parseTuple(bool simplified, bool withCondExpr, bool explicitParens,
                           std::initializer_list<std::string_view> extraEnd) {
    const Token at = cur();
    std::vector<ExprPtr> args;
    bool isTuple = false;
    auto atEnd = [&] {
        const Token &t = cur();
        if (t.type == TT::VarEnd || t.type == TT::BlockEnd
            || (t.type == TT::Operator && t.text == ")"))
            return true;
        if (t.type == TT::Name) {
            for (const auto e : extraEnd) {
                if (t.text == e)
                    return true;
            }
        }
        return false;
    };
    while (true) {
        if (!args.empty())
            expectOp(",");
        if (atEnd())
            break;
        if (simplified)
            args.push_back(parsePrimary());
        else
            args.push_back(parseExpression(withCondExpr));
        if (isOp(","))
            isTuple = true;
        else
            break;
    }
    if (!isTuple) {
        if (!args.empty())
            return std::move(args[0]);
        if (!explicitParens)
            fail("Expected an expression, got " + describe(cur()));
    }
    auto e = node(Expr::Kind::Tuple, at);
    e->children = std::move(args);
    return e;
}

ExprPtr Parser::parseExpression(bool withCondExpr) {
    return withCondExpr ? parseCondExpr() : parseOr();
}

ExprPtr Parser::parseCondExpr() {
    enter();
    ExprPtr expr1 = parseOr();
    while (isName("if")) {
        const Token at = cur();
        next();
        ExprPtr cond = parseOr();
        ExprPtr expr3;
        if (skipName("else"))
            expr3 = parseCondExpr();
        auto e = node(Expr::Kind::CondExpr, at);
        e->children.push_back(std::move(cond));
        e->children.push_back(std::move(expr1));
        e->children.push_back(std::move(expr3));
        expr1 = std::move(e);
    }
    --m_depth;
    return expr1;
}

// `operand (keyword operand)*`, folded to the left: `a or b or c` is `(a or b) or c`.
ExprPtr Parser::parseLeftChain(const char *keyword, Expr::Kind kind, ExprPtr (Parser::*operand)()) {
    ExprPtr left = (this->*operand)();
    while (isName(keyword)) {
        const Token at = cur();
        next();
        auto e = node(kind, at);
        e->children.push_back(std::move(left));
        e->children.push_back((this->*operand)());
        left = std::move(e);
    }
    return left;
}

ExprPtr Parser::parseOr() {
    return parseLeftChain("or", Expr::Kind::Or, &Parser::parseAnd);
}

ExprPtr Parser::parseAnd() {
    return parseLeftChain("and", Expr::Kind::And, &Parser::parseNot);
}

ExprPtr Parser::parseNot() {
    if (isName("not")) {
        const Token at = cur();
        next();
        enter();
        auto e = node(Expr::Kind::Not, at);
        e->children.push_back(parseNot());
        --m_depth;
        return e;
    }
    return parseCompare();
}

ExprPtr Parser::parseCompare() {
    const Token at = cur();
    ExprPtr first = parseMath1();
    ExprPtr cmp;
    while (true) {
        CmpOp op;
        if (isOp("=="))
            op = CmpOp::Eq;
        else if (isOp("!="))
            op = CmpOp::Ne;
        else if (isOp("<"))
            op = CmpOp::Lt;
        else if (isOp("<="))
            op = CmpOp::Le;
        else if (isOp(">"))
            op = CmpOp::Gt;
        else if (isOp(">="))
            op = CmpOp::Ge;
        else if (isName("in"))
            op = CmpOp::In;
        else if (isName("not") && peek().type == TT::Name && peek().text == "in") {
            next();
            op = CmpOp::NotIn;
        } else
            break;
        next();
        if (!cmp) {
            cmp = node(Expr::Kind::Compare, at);
            cmp->children.push_back(std::move(first));
        }
        cmp->cmpOps.push_back(op);
        cmp->children.push_back(parseMath1());
    }
    return cmp ? std::move(cmp) : std::move(first);
}

namespace {

ExprPtr binary(ExprPtr left, ExprPtr right, BinOp op, const Token &at) {
    auto e = std::make_unique<Expr>();
    e->kind = Expr::Kind::Binary;
    e->binOp = op;
    e->line = at.line;
    e->column = at.column;
    if (op == BinOp::Add) {
        // The whole left-leaning '+' chain as a flat list, so rendering walks it in a loop.
        if (left->kind == Expr::Kind::Binary && left->binOp == BinOp::Add)
            e->addChain = left->addChain;
        else
            e->addChain.emplace_back(left.get(), nullptr);
        e->addChain.emplace_back(right.get(), e.get());
    }
    e->children.push_back(std::move(left));
    e->children.push_back(std::move(right));
    return e;
}

} // namespace

ExprPtr Parser::parseMath1() {
    ExprPtr left = parseConcat();
    while (isOp("+") || isOp("-")) {
        const Token at = cur();
        next();
        left = binary(std::move(left), parseConcat(), at.text == "+" ? BinOp::Add : BinOp::Sub, at);
    }
    return left;
}

ExprPtr Parser::parseConcat() {
    ExprPtr left = parseMath2();
    while (isOp("~")) {
        const Token at = cur();
        next();
        left = binary(std::move(left), parseMath2(), BinOp::Concat, at);
    }
    return left;
}

ExprPtr Parser::parseMath2() {
    ExprPtr left = parsePow();
    while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
        const Token at = cur();
        next();
        const BinOp op = at.text == "*"    ? BinOp::Mul
                         : at.text == "/"  ? BinOp::Div
                         : at.text == "//" ? BinOp::FloorDiv
                                           : BinOp::Mod;
        left = binary(std::move(left), parsePow(), op, at);
    }
    return left;
}

ExprPtr Parser::parsePow() {
    ExprPtr left = parseUnary(true);
    while (isOp("**")) {
        const Token at = cur();
        next();
        left = binary(std::move(left), parseUnary(true), BinOp::Pow, at);
    }
    return left;
}

ExprPtr Parser::parseUnary(bool withFilter) {
    enter();
    const Token at = cur();
    ExprPtr e;
    if (isOp("-") || isOp("+")) {
        next();
        e = node(at.text == "-" ? Expr::Kind::Neg : Expr::Kind::Pos, at);
        e->children.push_back(parseUnary(false));
    } else {
        e = parsePrimary();
    }
    e = parsePostfix(std::move(e));
    if (withFilter)
        e = parseFilterExpr(std::move(e));
    --m_depth;
    return e;
}

ExprPtr Parser::parsePrimary() {
    enter();
    const Token at = cur();
    ExprPtr e;
    switch (at.type) {
    case TT::Name:
        next();
        if (at.text == "true" || at.text == "True" || at.text == "false" || at.text == "False") {
            e = node(Expr::Kind::Const, at);
            e->value = Value(at.text[0] == 't' || at.text[0] == 'T');
        } else if (at.text == "none" || at.text == "None") {
            e = node(Expr::Kind::Const, at);
            e->value = Value::none();
        } else {
            e = node(Expr::Kind::Name, at);
            e->name = at.text;
        }
        break;
    case TT::String: {
        std::string s = at.text;
        next();
        while (cur().type == TT::String) {
            s += cur().text;
            next();
        }
        e = node(Expr::Kind::Const, at);
        e->value = Value(std::move(s));
        break;
    }
    case TT::Int:
        next();
        e = node(Expr::Kind::Const, at);
        e->value = Value(at.intValue);
        break;
    case TT::Float:
        next();
        e = node(Expr::Kind::Const, at);
        e->value = Value(at.floatValue);
        break;
    case TT::Operator:
        if (at.text == "(") {
            next();
            e = parseTuple(false, true, true);
            expectOp(")");
        } else if (at.text == "[") {
            next();
            e = node(Expr::Kind::List, at);
            while (!isOp("]")) {
                if (!e->children.empty())
                    expectOp(",");
                if (isOp("]"))
                    break;
                e->children.push_back(parseExpression());
            }
            expectOp("]");
        } else if (at.text == "{") {
            next();
            e = node(Expr::Kind::Dict, at);
            while (!isOp("}")) {
                if (!e->children.empty())
                    expectOp(",");
                if (isOp("}"))
                    break;
                e->children.push_back(parseExpression());
                expectOp(":");
                e->children.push_back(parseExpression());
            }
            expectOp("}");
        } else {
            fail("unexpected " + describe(at));
        }
        break;
    default:
        fail("unexpected " + describe(at));
    }
    --m_depth;
    return e;
}

namespace {

LoopAttr loopAttrNamed(std::string_view name) {
    static const std::pair<std::string_view, LoopAttr> kNames[] = {
        {"index", LoopAttr::Index},         {"index0", LoopAttr::Index0},
        {"first", LoopAttr::First},         {"last", LoopAttr::Last},
        {"length", LoopAttr::Length},       {"revindex", LoopAttr::Revindex},
        {"revindex0", LoopAttr::Revindex0},
    };
    for (const auto &[n, attr] : kNames) {
        if (n == name)
            return attr;
    }
    return LoopAttr::None;
}

} // namespace

ExprPtr Parser::parsePostfix(ExprPtr e) {
    while (true) {
        const Token at = cur();
        if (isOp(".")) {
            next();
            if (cur().type == TT::Name) {
                auto a = node(Expr::Kind::Attr, at);
                a->name = cur().text;
                a->loopAttr = loopAttrNamed(a->name);
                a->children.push_back(std::move(e));
                e = std::move(a);
                next();
            } else if (cur().type == TT::Int) {
                auto a = node(Expr::Kind::Item, at);
                a->children.push_back(std::move(e));
                auto idx = node(Expr::Kind::Const, cur());
                idx->value = Value(cur().intValue);
                a->children.push_back(std::move(idx));
                e = std::move(a);
                next();
            } else {
                fail("expected name or number");
            }
        } else if (isOp("[")) {
            next();
            e = parseSubscript(std::move(e), at);
        } else if (isOp("(")) {
            auto c = node(Expr::Kind::Call, at);
            c->children.push_back(std::move(e));
            parseCallArgs(*c);
            e = std::move(c);
        } else {
            return e;
        }
    }
}

ExprPtr Parser::parseSubscript(ExprPtr e, const Token &at) {
    // One subscript or slice, or a tuple of them (which Jinja2 allows for getitem).
    auto parseOne = [&]() -> ExprPtr {
        const Token t = cur();
        ExprPtr start;
        if (!isOp(":")) {
            start = parseExpression();
            if (!isOp(":"))
                return start;
        }
        next();
        auto s = node(Expr::Kind::Slice, t);
        s->children.push_back(nullptr);
        s->children.push_back(std::move(start));
        s->children.push_back(!isOp("]") && !isOp(",") && !isOp(":") ? parseExpression() : nullptr);
        ExprPtr step;
        if (skipOp(":")) {
            if (!isOp("]") && !isOp(","))
                step = parseExpression();
        }
        s->children.push_back(std::move(step));
        return s;
    };
    std::vector<ExprPtr> parts;
    while (!isOp("]")) {
        if (!parts.empty())
            expectOp(",");
        if (isOp("]"))
            break;
        parts.push_back(parseOne());
    }
    expectOp("]");
    if (parts.empty())
        failAt("expected subscript expression", at);
    ExprPtr index;
    for (const auto &part : parts) {
        // A slice inside a subscript tuple (x[1, :]) would index with a slice object, which
        // no template value supports.
        if (parts.size() > 1 && part->kind == Expr::Kind::Slice)
            failAt("slices are not allowed inside a subscript tuple", at);
    }
    if (parts.size() == 1) {
        index = std::move(parts[0]);
    } else {
        index = node(Expr::Kind::Tuple, at);
        index->children = std::move(parts);
    }
    if (index->kind == Expr::Kind::Slice) {
        index->children[0] = std::move(e);
        return index;
    }
    auto item = node(Expr::Kind::Item, at);
    item->children.push_back(std::move(e));
    item->children.push_back(std::move(index));
    return item;
}

void Parser::parseCallArgs(Expr &call) {
    expectOp("(");
    bool first = true;
    while (!isOp(")")) {
        if (!first)
            expectOp(",");
        if (isOp(")"))
            break;
        first = false;
        if (isOp("*")) {
            next();
            call.starArgs = parseExpression();
        } else if (isOp("**")) {
            next();
            call.kwStarArgs = parseExpression();
        } else if (cur().type == TT::Name && peek().type == TT::Operator && peek().text == "=") {
            std::string key = cur().text;
            next();
            next();
            call.kwargs.emplace_back(std::move(key), parseExpression());
        } else {
            if (!call.kwargs.empty() || call.starArgs || call.kwStarArgs)
                fail("invalid syntax for function call expression");
            call.children.push_back(parseExpression());
        }
    }
    next();
}

std::string Parser::parseDottedName() {
    std::string name = expectName();
    while (isOp(".")) {
        next();
        name += "." + expectName();
    }
    return name;
}

ExprPtr Parser::parseFilter(ExprPtr e, const Token &at) {
    // At '|', or at the filter name itself for filter blocks and block sets.
    bool first = true;
    while (first || isOp("|")) {
        if (isOp("|"))
            next();
        first = false;
        const Token nameTok = cur();
        auto f = node(Expr::Kind::Filter, nameTok);
        f->name = parseDottedName();
        f->filter = lookupFilter(f->name);
        f->appendFilter = lookupAppendFilter(f->name, f->filterMarkup);
        if (!f->filter)
            failAt("No filter named '" + f->name + "'.", nameTok);
        f->children.push_back(std::move(e));
        if (isOp("("))
            parseCallArgs(*f);
        e = std::move(f);
    }
    (void)at;
    return e;
}

ExprPtr Parser::parseTest(ExprPtr e, const Token &at) {
    next(); // 'is'
    bool negated = false;
    if (skipName("not"))
        negated = true;
    const Token nameTok = cur();
    auto t = node(Expr::Kind::Test, at);
    t->name = parseDottedName();
    t->test = lookupTest(t->name);
    if (!t->test)
        failAt("No test named '" + t->name + "'.", nameTok);
    t->negated = negated;
    t->children.push_back(std::move(e));
    if (isOp("(")) {
        parseCallArgs(*t);
    } else if ((cur().type == TT::Name || cur().type == TT::String || cur().type == TT::Int
                || cur().type == TT::Float || isOp("[") || isOp("{"))
               && !isName("else") && !isName("or") && !isName("and")) {
        if (isName("is"))
            fail("You cannot chain multiple tests with is");
        t->children.push_back(parsePostfix(parsePrimary()));
    }
    return t;
}

ExprPtr Parser::parseFilterExpr(ExprPtr e) {
    while (true) {
        const Token at = cur();
        if (isOp("|")) {
            e = parseFilter(std::move(e), at);
        } else if (isName("is")) {
            e = parseTest(std::move(e), at);
        } else if (isOp("(")) {
            auto c = node(Expr::Kind::Call, at);
            c->children.push_back(std::move(e));
            parseCallArgs(*c);
            e = std::move(c);
        } else {
            return e;
        }
    }
}

} // namespace trellis::tmpl::detail
