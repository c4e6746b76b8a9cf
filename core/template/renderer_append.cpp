// String building: output and '+' / '~' chains appended straight into one buffer.
#include "template/py_text.h"
#include "template/renderer.h"

namespace trellis::tmpl {

void Renderer::appendFiltered(const Expr &f, const Value &input, Frame &frame, std::string &out) {
    CallArgs args;
    const CallArgs &a = filterArgs(f, frame, args);
    if (input.isUndefined() && strict())
        requireDefined(input, f);
    f.appendFilter(*this, input, a, f, out);
}

bool Renderer::appendPlain(const Expr &e, Frame &frame, std::string &buf, Value &val) {
    Value tmp;
    if (e.kind == Expr::Kind::Filter && e.appendFilter && !e.filterMarkup) {
        const Value &input = evalRef(*e.children[0], frame, tmp);
        if (!input.isMarkup()) {
            appendFiltered(e, input, frame, buf);
            return true;
        }
        val = applyFilter(e, input, frame);
        return false;
    }
    if (e.kind == Expr::Kind::Call && appendStripped(e, frame, buf))
        return true;
    const Value &v = evalRef(e, frame, tmp);
    if (v.isString() && !v.isMarkup()) {
        buf += v.asString();
        return true;
    }
    val = &v == &tmp ? std::move(tmp) : v;
    return false;
}

bool Renderer::appendStripped(const Expr &call, Frame &frame, std::string &buf) {
    // `s.strip()` on a plain string (chat templates strip every message): the stripped text
    // goes straight into `buf`, no intermediate string or call arguments. The callee is
    // evaluated twice only when the fast path does not apply, and evaluating names, items
    // and attributes has no side effects.
    const Expr &callee = *call.children[0];
    if (callee.kind != Expr::Kind::Attr || call.children.size() != 1 || !call.kwargs.empty()
        || call.starArgs || call.kwStarArgs || callee.name != "strip")
        return false;
    const Expr &objExpr = *callee.children[0];
    if (objExpr.kind != Expr::Kind::Name && objExpr.kind != Expr::Kind::Item
        && objExpr.kind != Expr::Kind::Attr)
        return false;
    Value tmp;
    const Value &obj = evalRef(objExpr, frame, tmp);
    if (!obj.isString() || obj.isMarkup())
        return false;
    const std::string &s = obj.asString();
    if (py::stripIsNoop(s, true, true))
        buf += s;
    else
        buf += py::strip(s, true, true);
    return true;
}

void Renderer::appendConcat(const Expr &e, Frame &frame, std::string &buf) {
    if (e.kind == Expr::Kind::Binary && e.binOp == BinOp::Concat) {
        appendConcat(*e.children[0], frame, buf);
        appendConcat(*e.children[1], frame, buf);
        checkSize(buf.size(), e);
        return;
    }
    Value tmp;
    if (e.kind == Expr::Kind::Filter && e.appendFilter) {
        appendFiltered(e, evalRef(*e.children[0], frame, tmp), frame, buf);
        return;
    }
    const Value &v = evalRef(e, frame, tmp);
    if (v.isUndefined() && strict())
        requireDefined(v, e);
    v.appendStr(buf);
}

bool Renderer::addChain(const Expr &e, Frame &frame, std::string &buf, size_t start, Value &val) {
    // Plain strings are appended to `buf` while they last; from the first other operand on,
    // Python '+' semantics take over with the text so far as the left operand.
    const auto &chain = e.addChain;
    if (e.chainPieces.empty()) {
        for (size_t i = 0; i < chain.size(); ++i) {
            if (!appendPlain(*chain[i].first, frame, buf, val))
                return addFailed(e, frame, buf, start, val, i);
            if (i > 0)
                checkSize(buf.size(), *chain[i].second);
        }
        return true;
    }
    for (const ChainPiece &p : e.chainPieces) {
        const size_t before = buf.size();
        switch (p.kind) {
        case ChainPiece::Kind::Text:
            buf += p.text;
            break;
        case ChainPiece::Kind::Direct:
        case ChainPiece::Kind::Stripped:
            if (const Value *v = directValue(p.ref, frame); v && v->isString() && !v->isMarkup()) {
                const std::string &s = v->asString();
                if (p.kind == ChainPiece::Kind::Direct || py::stripIsNoop(s, true, true))
                    buf += s;
                else
                    buf += py::strip(s, true, true);
                break;
            }
            [[fallthrough]]; // not a plain string: the general path decides
        case ChainPiece::Kind::Other:
            if (!appendPlain(*chain[p.first].first, frame, buf, val))
                return addFailed(e, frame, buf, start, val, p.first);
            break;
        }
        if (std::int64_t(buf.size()) > m_options.limits.maxOutputBytes) [[unlikely]]
            checkChainSize(e, p, before);
    }
    return true;
}

void Renderer::checkChainSize(const Expr &e, const ChainPiece &p, size_t before) const {
    // The output outgrew the limit during piece p. Fail where the unplanned chain would have:
    // at the first operand after the chain's head whose append crossed the limit.
    if (p.kind != ChainPiece::Kind::Text) {
        if (p.first > 0)
            failSize(*e.addChain[p.first].second);
        return;
    }
    size_t size = before;
    for (size_t j = p.first; j < p.first + p.count; ++j) {
        size += e.addChain[j].first->value.asString().size();
        if (j > 0 && std::int64_t(size) > m_options.limits.maxOutputBytes)
            failSize(*e.addChain[j].second);
    }
}

bool Renderer::addFailed(const Expr &e, Frame &frame, std::string &buf, size_t start, Value &val,
                         size_t i) {
    // Operand i is not a plain string (it is in `val`); the text before it is buf[start..].
    const auto &chain = e.addChain;
    if (i > 0) {
        const Value right = std::move(val);
        val = Value(buf.substr(start));
        buf.resize(start);
        val = binaryOp(*this, BinOp::Add, val, right, *chain[i].second);
    }
    for (++i; i < chain.size(); ++i) {
        Value tmp;
        val = binaryOp(*this, BinOp::Add, val, evalRef(*chain[i].first, frame, tmp),
                       *chain[i].second);
    }
    return false;
}

} // namespace trellis::tmpl
