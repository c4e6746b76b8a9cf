#pragma once

#include "template/parser.h"

#include <initializer_list>

namespace trellis::tmpl::detail {

using TT = Token::Type;

class Parser {
public:
    explicit Parser(std::vector<Token> tokens)
        : m_tokens(std::move(tokens)) {}

    Body parseAll() {
        Body body = parseBody({});
        if (cur().type != TT::Eof)
            fail("unexpected tag");
        return body;
    }

private:
    // --- token helpers ---
    const Token &cur() const { return m_tokens[m_pos]; }
    const Token &peek(size_t n = 1) const {
        return m_tokens[std::min(m_pos + n, m_tokens.size() - 1)];
    }
    void next() {
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
    }
    bool isOp(std::string_view op) const { return cur().type == TT::Operator && cur().text == op; }
    bool isName(std::string_view name) const {
        return cur().type == TT::Name && cur().text == name;
    }
    bool skipOp(std::string_view op) {
        if (!isOp(op))
            return false;
        next();
        return true;
    }
    bool skipName(std::string_view name) {
        if (!isName(name))
            return false;
        next();
        return true;
    }
    [[noreturn]] void fail(const std::string &message) const { failAt(message, cur()); }
    [[noreturn]] static void failAt(const std::string &message, const Token &t) {
        throw TemplateException{message, t.line, t.column};
    }
    static std::string describe(const Token &t) {
        switch (t.type) {
        case TT::Eof:
            return "end of template";
        case TT::VarEnd:
            return "end of print statement";
        case TT::BlockEnd:
            return "end of statement block";
        case TT::Text:
            return "template data";
        case TT::String:
            return "string";
        case TT::Int:
            return "integer";
        case TT::Float:
            return "float";
        default:
            return "'" + t.text + "'";
        }
    }
    void expectOp(std::string_view op) {
        if (!skipOp(op))
            fail("expected '" + std::string(op) + "', got " + describe(cur()));
    }
    std::string expectName() {
        if (cur().type != TT::Name)
            fail("expected name, got " + describe(cur()));
        std::string n = cur().text;
        next();
        return n;
    }
    void expectBlockEnd() {
        if (cur().type != TT::BlockEnd)
            fail("expected end of statement block, got " + describe(cur()));
        next();
    }
    ExprPtr node(Expr::Kind kind, const Token &at) const {
        auto e = std::make_unique<Expr>();
        e->kind = kind;
        e->line = at.line;
        e->column = at.column;
        return e;
    }
    void enter() {
        if (++m_depth > 200)
            fail("template nesting too deep");
    }

    // --- statements ---
    Body parseBody(std::initializer_list<std::string_view> endTags);
    StmtPtr parseStatement();
    StmtPtr parseIf(const Token &at);
    StmtPtr parseFor(const Token &at);
    StmtPtr parseSet(const Token &at);
    StmtPtr parseMacro(const Token &at, bool isCall);
    StmtPtr parseInclude(const Token &at);
    StmtPtr parseImport(const Token &at, bool from);
    StmtPtr parseWith(const Token &at);
    StmtPtr parseBlock(const Token &at);
    void parseSignature(std::vector<MacroParam> &params);
    void endBody(std::string_view tag);

    // --- expressions ---
    ExprPtr parseTuple(bool simplified, bool withCondExpr, bool explicitParens,
                       std::initializer_list<std::string_view> extraEnd = {});
    ExprPtr parseExpression(bool withCondExpr = true);
    ExprPtr parseCondExpr();
    ExprPtr parseLeftChain(const char *keyword, Expr::Kind kind, ExprPtr (Parser::*operand)());
    ExprPtr parseOr();
    ExprPtr parseAnd();
    ExprPtr parseNot();
    ExprPtr parseCompare();
    ExprPtr parseMath1();
    ExprPtr parseConcat();
    ExprPtr parseMath2();
    ExprPtr parsePow();
    ExprPtr parseUnary(bool withFilter);
    ExprPtr parsePrimary();
    ExprPtr parsePostfix(ExprPtr e);
    ExprPtr parseFilterExpr(ExprPtr e);
    ExprPtr parseSubscript(ExprPtr e, const Token &at);
    ExprPtr parseFilter(ExprPtr e, const Token &at);
    ExprPtr parseTest(ExprPtr e, const Token &at);
    void parseCallArgs(Expr &call);
    ExprPtr parseAssignTarget(bool withNamespace, std::initializer_list<std::string_view> extraEnd);
    std::string parseDottedName();

    std::vector<Token> m_tokens;
    size_t m_pos = 0;
    int m_depth = 0;
    std::vector<std::string_view> m_endStack;
};

} // namespace trellis::tmpl::detail
