// Variable discovery: which context names a template reads, and how.
#include "template/ast.h"
#include "template/renderer.h"
#include "template/template.h"

#include <map>
#include <set>

namespace trellis::tmpl {

namespace {

class Collector {
public:
    std::vector<VariableUse> uses;

    void body(const Body &b) {
        for (const auto &s : b)
            stmt(*s);
    }

private:
    struct Scope {
        std::set<std::string> bound;
        std::map<std::string, std::string> loopSources; // loop var -> iterated context var
    };
    std::vector<Scope> m_scopes{Scope{}};
    std::map<std::string, size_t> m_index;

    bool isBound(const std::string &name) const {
        for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it) {
            if (it->bound.count(name))
                return true;
        }
        return false;
    }
    const std::string *loopSource(const std::string &name) const {
        for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it) {
            if (auto f = it->loopSources.find(name); f != it->loopSources.end())
                return &f->second;
            if (it->bound.count(name))
                return nullptr;
        }
        return nullptr;
    }
    VariableUse *use(const Expr &nameExpr) {
        const std::string &name = nameExpr.name;
        if (isBound(name) || (builtinGlobal(name) && name != "loop"))
            return nullptr;
        auto it = m_index.find(name);
        if (it == m_index.end()) {
            VariableUse u;
            u.name = QString::fromStdString(name);
            u.line = nameExpr.line;
            u.column = nameExpr.column;
            it = m_index.emplace(name, uses.size()).first;
            uses.push_back(std::move(u));
        }
        return &uses[it->second];
    }
    static void addAttr(QStringList &list, const std::string &attr) {
        const QString a = QString::fromStdString(attr);
        if (!list.contains(a))
            list.push_back(a);
    }
    void bindTarget(const Expr &target) {
        if (target.kind == Expr::Kind::Name) {
            m_scopes.back().bound.insert(target.name);
            m_scopes.back().loopSources.erase(target.name);
        } else if (target.kind == Expr::Kind::Tuple) {
            for (const auto &c : target.children)
                bindTarget(*c);
        } else if (target.kind == Expr::Kind::Attr && target.children[0]) {
            expr(*target.children[0]); // ns.attr = ...: reads ns
        }
    }

    // An access path rooted at a name: records attribute or item use.
    bool accessOnName(const Expr &e) {
        if ((e.kind != Expr::Kind::Attr && e.kind != Expr::Kind::Item) || !e.children[0]
            || e.children[0]->kind != Expr::Kind::Name)
            return false;
        const Expr &base = *e.children[0];
        std::string attr;
        bool isMapping = false;
        const Expr *dynamicKey = nullptr;
        if (e.kind == Expr::Kind::Attr) {
            attr = e.name;
        } else {
            const Expr &key = *e.children[1];
            if (key.kind == Expr::Kind::Const && key.value.isString())
                attr = key.value.asString();
            else if (!(key.kind == Expr::Kind::Const && key.value.isInt()))
                isMapping = true;
            if (key.kind != Expr::Kind::Const)
                dynamicKey = &key;
        }
        if (const std::string *source = loopSource(base.name)) {
            auto it = m_index.find(*source);
            if (it != m_index.end() && !attr.empty())
                addAttr(uses[it->second].itemAttributes, attr);
            if (dynamicKey)
                expr(*dynamicKey);
            return true;
        }
        if (VariableUse *u = use(base)) {
            if (!attr.empty())
                addAttr(u->attributes, attr);
            if (isMapping)
                u->mapping = true;
            if (e.kind == Expr::Kind::Item && attr.empty() && !isMapping)
                u->plain = true;
        }
        if (dynamicKey)
            expr(*dynamicKey);
        return true;
    }

    void expr(const Expr &e) {
        switch (e.kind) {
        case Expr::Kind::Name:
            if (VariableUse *u = use(e))
                u->plain = true;
            return;
        case Expr::Kind::Attr:
        case Expr::Kind::Item:
            if (accessOnName(e))
                return;
            break;
        case Expr::Kind::Call:
            if (e.children[0]->kind == Expr::Kind::Attr
                && e.children[0]->children[0]->kind == Expr::Kind::Name) {
                const std::string &method = e.children[0]->name;
                if (method == "items" || method == "keys" || method == "values"
                    || method == "get") {
                    if (VariableUse *u = use(*e.children[0]->children[0]))
                        u->mapping = true;
                    for (size_t i = 1; i < e.children.size(); ++i)
                        expr(*e.children[i]);
                    return;
                }
            }
            break;
        case Expr::Kind::Filter:
            if ((e.name == "dictsort" || e.name == "items") && e.children[0]
                && e.children[0]->kind == Expr::Kind::Name) {
                if (VariableUse *u = use(*e.children[0]))
                    u->mapping = true;
                for (size_t i = 1; i < e.children.size(); ++i)
                    expr(*e.children[i]);
                return;
            }
            break;
        default:
            break;
        }
        for (const auto &c : e.children) {
            if (c)
                expr(*c);
        }
        for (const auto &kw : e.kwargs)
            expr(*kw.second);
        if (e.starArgs)
            expr(*e.starArgs);
        if (e.kwStarArgs)
            expr(*e.kwStarArgs);
    }

    void stmt(const Stmt &s) {
        switch (s.kind) {
        case Stmt::Kind::Text:
            return;
        case Stmt::Kind::Output:
            expr(*s.expr);
            return;
        case Stmt::Kind::If:
            for (size_t i = 0; i < s.conditions.size(); ++i) {
                expr(*s.conditions[i]);
                body(s.bodies[i]);
            }
            body(s.elseBody);
            return;
        case Stmt::Kind::For: {
            const Expr &iter = *s.expr;
            std::string source;
            if (iter.kind == Expr::Kind::Name) {
                if (VariableUse *u = use(iter)) {
                    u->iterated = true;
                    source = iter.name;
                }
            } else if (iter.kind == Expr::Kind::Filter && iter.children[0]
                       && iter.children[0]->kind == Expr::Kind::Name
                       && (iter.name == "dictsort" || iter.name == "items")) {
                expr(iter);
            } else if (iter.kind == Expr::Kind::Call
                       && iter.children[0]->kind == Expr::Kind::Attr) {
                expr(iter);
            } else {
                expr(iter);
            }
            m_scopes.push_back({});
            bindTarget(*s.target);
            m_scopes.back().bound.insert("loop");
            if (!source.empty() && s.target->kind == Expr::Kind::Name)
                m_scopes.back().loopSources[s.target->name] = source;
            if (s.condition)
                expr(*s.condition);
            body(s.body);
            m_scopes.pop_back();
            body(s.elseBody);
            return;
        }
        case Stmt::Kind::Set:
            expr(*s.expr);
            bindTarget(*s.target);
            return;
        case Stmt::Kind::SetBlock:
            m_scopes.push_back({});
            body(s.body);
            m_scopes.pop_back();
            if (s.filterExpr)
                expr(*s.filterExpr);
            bindTarget(*s.target);
            return;
        case Stmt::Kind::Macro:
        case Stmt::Kind::CallBlock:
            if (s.kind == Stmt::Kind::Macro)
                m_scopes.back().bound.insert(s.text);
            else
                expr(*s.expr);
            for (const auto &p : s.params) {
                if (p.defaultValue)
                    expr(*p.defaultValue);
            }
            m_scopes.push_back({});
            for (const auto &p : s.params)
                m_scopes.back().bound.insert(p.name);
            m_scopes.back().bound.insert({"varargs", "kwargs", "caller"});
            body(s.body);
            m_scopes.pop_back();
            return;
        case Stmt::Kind::FilterBlock:
            expr(*s.filterExpr);
            body(s.body);
            return;
        case Stmt::Kind::With:
            for (const auto &a : s.assignments)
                expr(*a.second);
            m_scopes.push_back({});
            for (const auto &a : s.assignments)
                bindTarget(*a.first);
            body(s.body);
            m_scopes.pop_back();
            return;
        case Stmt::Kind::Block:
            body(s.body);
            return;
        case Stmt::Kind::Include:
            expr(*s.expr);
            return;
        case Stmt::Kind::Import:
            expr(*s.expr);
            m_scopes.back().bound.insert(s.text);
            return;
        case Stmt::Kind::FromImport:
            expr(*s.expr);
            for (const auto &imp : s.imports)
                m_scopes.back().bound.insert(imp.second);
            return;
        }
    }
};

bool exprReads(const Expr &e, std::string_view name) {
    if (e.kind == Expr::Kind::Name && e.name == name)
        return true;
    for (const auto &c : e.children) {
        if (c && exprReads(*c, name))
            return true;
    }
    for (const auto &kw : e.kwargs) {
        if (exprReads(*kw.second, name))
            return true;
    }
    return (e.starArgs && exprReads(*e.starArgs, name))
           || (e.kwStarArgs && exprReads(*e.kwStarArgs, name));
}

} // namespace

bool bodyReadsName(const Body &body, std::string_view name) {
    for (const auto &s : body) {
        const Stmt &st = *s;
        for (const ExprPtr *e : {&st.expr, &st.target, &st.condition, &st.filterExpr}) {
            if (*e && exprReads(**e, name))
                return true;
        }
        for (const auto &c : st.conditions) {
            if (exprReads(*c, name))
                return true;
        }
        for (const auto &b : st.bodies) {
            if (bodyReadsName(b, name))
                return true;
        }
        for (const auto &a : st.assignments) {
            if (exprReads(*a.second, name))
                return true;
        }
        for (const auto &p : st.params) {
            if (p.defaultValue && exprReads(*p.defaultValue, name))
                return true;
        }
        // A nested macro's own caller/varargs belong to it, not to us.
        if (st.kind == Stmt::Kind::Macro)
            continue;
        if (bodyReadsName(st.body, name) || bodyReadsName(st.elseBody, name))
            return true;
    }
    return false;
}

std::vector<VariableUse> Template::variables() const {
    Collector c;
    c.body(body());
    return c.uses;
}

} // namespace trellis::tmpl
