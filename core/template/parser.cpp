#include "template/parser_impl.h"

namespace trellis::tmpl {

namespace detail {

Body Parser::parseBody(std::initializer_list<std::string_view> endTags) {
    enter();
    Body body;
    while (true) {
        const Token &t = cur();
        if (t.type == TT::Eof)
            break;
        if (t.type == TT::Text) {
            auto s = std::make_unique<Stmt>();
            s->kind = Stmt::Kind::Text;
            s->line = t.line;
            s->column = t.column;
            s->text = t.text;
            body.push_back(std::move(s));
            next();
            continue;
        }
        if (t.type == TT::VarBegin) {
            next();
            auto s = std::make_unique<Stmt>();
            s->kind = Stmt::Kind::Output;
            s->line = cur().line;
            s->column = cur().column;
            s->expr = parseTuple(false, true, false);
            if (cur().type != TT::VarEnd)
                fail("expected end of print statement, got " + describe(cur()));
            next();
            body.push_back(std::move(s));
            continue;
        }
        if (t.type == TT::BlockBegin) {
            const Token &nameTok = peek();
            if (nameTok.type == TT::Name) {
                for (const auto end : endTags) {
                    if (nameTok.text == end) {
                        --m_depth;
                        return body;
                    }
                }
            }
            next();
            body.push_back(parseStatement());
            continue;
        }
        fail("unexpected " + describe(t));
    }
    if (endTags.size() != 0) {
        std::string expected;
        for (const auto end : endTags)
            expected += (expected.empty() ? "'" : " or '") + std::string(end) + "'";
        fail("unexpected end of template, expected " + expected);
    }
    --m_depth;
    return body;
}

void Parser::endBody(std::string_view tag) {
    // Consumes "{% tag %}" after parseBody stopped at it.
    next(); // BlockBegin
    if (!isName(tag))
        fail("expected '" + std::string(tag) + "'");
    next();
    expectBlockEnd();
}

StmtPtr Parser::parseStatement() {
    const Token at = cur();
    if (at.type != TT::Name)
        fail("tag name expected");
    const std::string &tag = at.text;
    next();
    if (tag == "if")
        return parseIf(at);
    if (tag == "for")
        return parseFor(at);
    if (tag == "set")
        return parseSet(at);
    if (tag == "macro")
        return parseMacro(at, false);
    if (tag == "call")
        return parseMacro(at, true);
    if (tag == "include")
        return parseInclude(at);
    if (tag == "import")
        return parseImport(at, false);
    if (tag == "from")
        return parseImport(at, true);
    if (tag == "with")
        return parseWith(at);
    if (tag == "block")
        return parseBlock(at);
    if (tag == "filter") {
        auto s = std::make_unique<Stmt>();
        s->kind = Stmt::Kind::FilterBlock;
        s->line = at.line;
        s->column = at.column;
        s->filterExpr = parseFilter(nullptr, cur());
        expectBlockEnd();
        s->body = parseBody({"endfilter"});
        endBody("endfilter");
        return s;
    }
    if (tag == "extends")
        failAt("'extends' (template inheritance) is not supported; use include or import", at);
    failAt("Encountered unknown tag '" + tag + "'", at);
}

StmtPtr Parser::parseIf(const Token &at) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::Kind::If;
    s->line = at.line;
    s->column = at.column;
    while (true) {
        s->conditions.push_back(parseTuple(false, true, false));
        expectBlockEnd();
        s->bodies.push_back(parseBody({"elif", "else", "endif"}));
        next(); // BlockBegin
        const std::string tag = cur().text;
        next();
        if (tag == "elif")
            continue;
        if (tag == "else") {
            expectBlockEnd();
            s->elseBody = parseBody({"endif"});
            endBody("endif");
        } else {
            expectBlockEnd();
        }
        return s;
    }
}

StmtPtr Parser::parseFor(const Token &at) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::Kind::For;
    s->line = at.line;
    s->column = at.column;
    s->target = parseAssignTarget(false, {"in"});
    if (!skipName("in"))
        fail("expected 'in', got " + describe(cur()));
    s->expr = parseTuple(false, false, false, {"recursive"});
    if (skipName("if"))
        s->condition = parseExpression();
    if (skipName("recursive"))
        s->recursive = true;
    expectBlockEnd();
    s->body = parseBody({"endfor", "else"});
    next();
    const bool hasElse = isName("else");
    next();
    expectBlockEnd();
    if (hasElse) {
        s->elseBody = parseBody({"endfor"});
        endBody("endfor");
    }
    return s;
}

StmtPtr Parser::parseSet(const Token &at) {
    auto s = std::make_unique<Stmt>();
    s->line = at.line;
    s->column = at.column;
    s->target = parseAssignTarget(true, {});
    if (skipOp("=")) {
        s->kind = Stmt::Kind::Set;
        s->expr = parseTuple(false, true, false);
        expectBlockEnd();
        return s;
    }
    s->kind = Stmt::Kind::SetBlock;
    if (isOp("|"))
        s->filterExpr = parseFilter(nullptr, cur());
    expectBlockEnd();
    s->body = parseBody({"endset"});
    endBody("endset");
    return s;
}

void Parser::parseSignature(std::vector<MacroParam> &params) {
    expectOp("(");
    while (!isOp(")")) {
        if (!params.empty())
            expectOp(",");
        if (isOp(")"))
            break;
        const Token nameTok = cur();
        MacroParam p;
        p.name = expectName();
        if (skipOp("="))
            p.defaultValue = parseExpression();
        else if (!params.empty() && params.back().defaultValue)
            failAt("non-default argument follows default argument", nameTok);
        params.push_back(std::move(p));
    }
    next();
}

StmtPtr Parser::parseMacro(const Token &at, bool isCall) {
    auto s = std::make_unique<Stmt>();
    s->kind = isCall ? Stmt::Kind::CallBlock : Stmt::Kind::Macro;
    s->line = at.line;
    s->column = at.column;
    if (isCall) {
        if (isOp("("))
            parseSignature(s->params);
        const Token callTok = cur();
        s->expr = parseExpression();
        if (s->expr->kind != Expr::Kind::Call)
            failAt("expected call", callTok);
    } else {
        s->text = expectName();
        parseSignature(s->params);
    }
    expectBlockEnd();
    const std::string_view endTag = isCall ? "endcall" : "endmacro";
    s->body = parseBody({endTag});
    endBody(endTag);
    s->usesCaller = !isCall && bodyReadsName(s->body, "caller");
    s->usesVarargs = bodyReadsName(s->body, "varargs");
    s->usesKwargs = bodyReadsName(s->body, "kwargs");
    return s;
}

StmtPtr Parser::parseInclude(const Token &at) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::Kind::Include;
    s->line = at.line;
    s->column = at.column;
    s->expr = parseExpression();
    if (isName("ignore") && peek().type == TT::Name && peek().text == "missing") {
        next();
        next();
        s->ignoreMissing = true;
    }
    if ((isName("with") || isName("without")) && peek().type == TT::Name
        && peek().text == "context") {
        s->withContext = isName("with");
        next();
        next();
    }
    expectBlockEnd();
    return s;
}

StmtPtr Parser::parseImport(const Token &at, bool from) {
    auto s = std::make_unique<Stmt>();
    s->kind = from ? Stmt::Kind::FromImport : Stmt::Kind::Import;
    s->line = at.line;
    s->column = at.column;
    s->withContext = false;
    s->expr = parseExpression();
    auto contextModifier = [&] {
        if ((isName("with") || isName("without")) && peek().type == TT::Name
            && peek().text == "context") {
            s->withContext = isName("with");
            next();
            next();
            return true;
        }
        return false;
    };
    if (!from) {
        if (!skipName("as"))
            fail("expected 'as', got " + describe(cur()));
        s->text = expectName();
        contextModifier();
        expectBlockEnd();
        return s;
    }
    if (!skipName("import"))
        fail("expected 'import', got " + describe(cur()));
    while (true) {
        if (!s->imports.empty() && !skipOp(","))
            break;
        if (contextModifier() || cur().type != TT::Name)
            break;
        std::string name = expectName();
        if (!name.empty() && name[0] == '_')
            fail("names starting with an underline can not be imported");
        std::string alias = name;
        if (skipName("as"))
            alias = expectName();
        s->imports.emplace_back(std::move(name), std::move(alias));
    }
    if (s->imports.empty())
        fail("expected name, got " + describe(cur()));
    expectBlockEnd();
    return s;
}

StmtPtr Parser::parseWith(const Token &at) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::Kind::With;
    s->line = at.line;
    s->column = at.column;
    while (cur().type != TT::BlockEnd) {
        if (!s->assignments.empty())
            expectOp(",");
        ExprPtr target = parseAssignTarget(false, {});
        expectOp("=");
        s->assignments.emplace_back(std::move(target), parseExpression());
    }
    next();
    s->body = parseBody({"endwith"});
    endBody("endwith");
    return s;
}

StmtPtr Parser::parseBlock(const Token &at) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::Kind::Block;
    s->line = at.line;
    s->column = at.column;
    s->text = expectName();
    skipName("scoped");
    skipName("required");
    expectBlockEnd();
    s->body = parseBody({"endblock"});
    next();
    next();
    if (cur().type == TT::Name) {
        if (cur().text != s->text)
            fail("mismatching name for endblock");
        next();
    }
    expectBlockEnd();
    return s;
}

ExprPtr Parser::parseAssignTarget(bool withNamespace,
                                  std::initializer_list<std::string_view> extraEnd) {
    const Token at = cur();
    ExprPtr target;
    if (withNamespace && cur().type == TT::Name && peek().type == TT::Operator
        && peek().text == ".") {
        target = node(Expr::Kind::Attr, at);
        auto base = node(Expr::Kind::Name, at);
        base->name = expectName();
        next();
        target->name = expectName();
        target->children.push_back(std::move(base));
        return target;
    }
    target = parseTuple(true, false, false, extraEnd);
    auto assignable = [](const Expr &e, auto &self) -> bool {
        if (e.kind == Expr::Kind::Name)
            return true;
        if (e.kind != Expr::Kind::Tuple)
            return false;
        for (const auto &c : e.children) {
            if (!self(*c, self))
                return false;
        }
        return true;
    };
    if (!assignable(*target, assignable))
        failAt("can't assign to this expression", at);
    return target;
}

} // namespace detail

Body parseTemplate(std::string_view source) {
    Body body = detail::Parser(tokenize(source)).parseAll();
    resolveLoopSlots(body);
    planFastPaths(body);
    return body;
}

} // namespace trellis::tmpl
