// str.format() / "...".format(...): fields, conversions and nested format specs.
#include "template/filter_support.h"
#include "template/number_format.h"

#include <algorithm>
#include <string>

namespace trellis::tmpl {

namespace {

// str.format()'s fields: {}, {0}, {name}, {name.attr}, each with an optional conversion (!r,
// !s) and format spec (format_spec.cpp), whose own {} fields are filled in first.
class FormatMethod {
public:
    FormatMethod(Renderer &r, const CallArgs &args, const Expr &at, bool escape)
        : m_r(r)
        , m_args(args)
        , m_at(at)
        , m_escape(escape) {}

    void run(std::string_view fmt, std::string &out, int depth) {
        if (depth > 2)
            m_r.fail("Max string recursion exceeded", m_at);
        for (size_t i = 0; i < fmt.size(); ++i) {
            const char c = fmt[i];
            if (c == '}') {
                if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
                    out.push_back('}');
                    ++i;
                    continue;
                }
                m_r.fail("Single '}' encountered in format string", m_at);
            }
            if (c != '{') {
                out.push_back(c);
                continue;
            }
            if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
                out.push_back('{');
                ++i;
                continue;
            }
            // The field ends at the '}' that closes it; specs may nest {} fields.
            size_t close = i + 1;
            for (int nest = 1; close < fmt.size(); ++close) {
                if (fmt[close] == '{')
                    ++nest;
                else if (fmt[close] == '}' && --nest == 0)
                    break;
            }
            if (close >= fmt.size())
                m_r.fail(std::string(fmt.find('}', i) == std::string_view::npos
                                         ? "Single '{' encountered in format string"
                                         : "expected '}' before end of string"),
                         m_at);
            field(fmt.substr(i + 1, close - i - 1), out, depth);
            i = close;
        }
    }

private:
    void field(std::string_view text, std::string &out, int depth) {
        const size_t nameEnd = text.find_first_of(":!");
        std::string name(text.substr(0, nameEnd));
        char conversion = 0;
        std::string_view spec;
        if (nameEnd != std::string_view::npos && text[nameEnd] == '!') {
            if (nameEnd + 1 >= text.size())
                m_r.fail("end of string while looking for conversion specifier", m_at);
            conversion = text[nameEnd + 1];
            if (nameEnd + 2 < text.size() && text[nameEnd + 2] != ':')
                m_r.fail("expected ':' after conversion specifier", m_at);
            if (nameEnd + 2 < text.size())
                spec = text.substr(nameEnd + 3);
        } else if (nameEnd != std::string_view::npos) {
            spec = text.substr(nameEnd + 1);
        }
        Value v = lookup(name);
        if (conversion == 'r') {
            std::string repr;
            v.appendRepr(repr);
            v = Value(std::move(repr));
        } else if (conversion == 's') {
            v = Value(filters::text(m_r, v, m_at));
        } else if (conversion) {
            m_r.fail(std::string("Unknown conversion specifier ") + conversion, m_at);
        }
        std::string expanded;
        if (spec.find('{') != std::string_view::npos) {
            run(spec, expanded, depth + 1);
            spec = expanded;
        }
        if (!m_escape) {
            appendFormatSpec(m_r, v, spec, m_at, out);
            return;
        }
        // Markup.format(): markupsafe's EscapeFormatter formats, then escapes; a Markup
        // argument goes in as it is and takes no format spec.
        if (v.isMarkup()) {
            if (!spec.empty())
                m_r.fail("Unsupported format specification for Markup.", m_at);
            out += v.asString();
            return;
        }
        std::string field;
        appendFormatSpec(m_r, v, spec, m_at, field);
        out += filters::htmlEscape(field);
    }

    Value lookup(std::string &field) {
        std::string rest;
        const size_t dot = field.find_first_of(".[");
        if (dot != std::string::npos) {
            rest = field.substr(dot);
            field = field.substr(0, dot);
        }
        Value v;
        if (field.empty()) {
            if (m_manual)
                m_r.fail("cannot switch from manual field specification to automatic field "
                         "numbering",
                         m_at);
            m_auto = true;
            if (m_next >= m_args.positional.size())
                m_r.fail("Replacement index " + std::to_string(m_next) + " out of range", m_at);
            v = m_args.positional[m_next++];
        } else if (std::all_of(field.begin(), field.end(),
                               [](char ch) { return ch >= '0' && ch <= '9'; })) {
            if (m_auto)
                m_r.fail("cannot switch from automatic field numbering to manual field "
                         "specification",
                         m_at);
            m_manual = true;
            const size_t idx = field.size() < 9 ? size_t(std::stoul(field)) : SIZE_MAX;
            if (idx >= m_args.positional.size())
                m_r.fail("Replacement index " + field + " out of range", m_at);
            v = m_args.positional[idx];
        } else {
            const Value *kw = m_args.get(SIZE_MAX, field);
            if (!kw)
                m_r.fail("KeyError: '" + field + "'", m_at);
            v = *kw;
        }
        return fieldPath(v, rest);
    }

    // Python's field path: `.name` is getattr (a dict has no attributes), `[key]` getitem with
    // an int for digits, a str otherwise; a missing one is an error, not undefined.
    Value fieldPath(Value v, std::string_view rest) {
        size_t i = 0;
        while (i < rest.size()) {
            const bool attr = rest[i] == '.';
            const size_t end = attr ? rest.find_first_of(".[", i + 1) : rest.find(']', i);
            if (!attr && (rest[i] != '[' || end == std::string_view::npos))
                m_r.fail("Missing ']' in format string", m_at);
            const std::string_view key = rest.substr(
                i + 1, end == std::string_view::npos ? std::string_view::npos : end - i - 1);
            if (key.empty())
                m_r.fail(std::string(attr ? "Empty attribute" : "Empty key") + " in format field",
                         m_at);
            if (attr && v.isDict())
                m_r.fail("'dict' object has no attribute '" + std::string(key) + "'", m_at);
            const bool digits =
                std::all_of(key.begin(), key.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
            if (attr || digits)
                v = filters::attrPath(m_r, v, key, m_at);
            else
                v = m_r.getItem(v, Value(key), m_at);
            if (v.isUndefined())
                m_r.fail(std::string(attr ? "AttributeError: " : "KeyError: ") + "'"
                             + std::string(key) + "'",
                         m_at);
            i = attr ? end : end + 1;
        }
        return v;
    }

    Renderer &m_r;
    const CallArgs &m_args;
    const Expr &m_at;
    bool m_escape;
    size_t m_next = 0;
    bool m_auto = false;
    bool m_manual = false;
};

} // namespace

Value callFormatMethod(Renderer &r, const std::string &fmt, const CallArgs &args, const Expr &at,
                       bool markup) {
    std::string out;
    FormatMethod(r, args, at, markup).run(fmt, out, 0);
    return markup ? Value::markup(std::move(out)) : Value(std::move(out));
}

} // namespace trellis::tmpl
