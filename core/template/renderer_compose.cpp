// {% include %}, {% import %} and {% from ... import %}: other templates via the loader.
#include "template/renderer.h"

namespace trellis::tmpl {

std::shared_ptr<const Template> Renderer::loadTemplate(const Value &nameValue, const Expr &at,
                                                       bool ignoreMissing) {
    std::vector<Value> candidates;
    if (nameValue.isSequence())
        candidates = nameValue.asList(); // Jinja2 tries a list of names in order
    else
        candidates.push_back(nameValue);
    for (const Value &candidate : candidates) {
        if (!candidate.isString()) {
            requireDefined(candidate, at);
            fail("template name must be a string", at);
        }
        const QString name = QString::fromStdString(candidate.asString());
        if (auto it = m_loaded.find(name); it != m_loaded.end())
            return it->second;
        if (!m_options.loader)
            fail("no template loader configured to load '" + candidate.asString() + "'", at);
        Result<QString> source = m_options.loader->load(name);
        if (!source.ok())
            continue;
        auto parsed = Template::parse(*source, name);
        if (!parsed.ok()) {
            const Error &e = parsed.error();
            fail("in included template '" + candidate.asString() + "' at " + std::to_string(e.line)
                     + ":" + std::to_string(e.column) + ": "
                     + e.message.section(QLatin1Char('\n'), 0, 0).toStdString(),
                 at);
        }
        m_loaded.emplace(name, *parsed);
        return *parsed;
    }
    if (ignoreMissing)
        return nullptr;
    std::string names;
    for (const Value &c : candidates)
        names += (names.empty() ? "" : ", ") + c.str();
    fail("template not found: " + names, at);
}

void Renderer::execInclude(const Stmt &s, Frame &frame) {
    const Value name = eval(*s.expr, frame);
    const auto tpl = loadTemplate(name, *s.expr, s.ignoreMissing);
    if (!tpl)
        return;
    enterRecursion(s.expr.get(), s.line, s.column);
    Frame root;
    root.parent = s.withContext ? &frame : nullptr;
    root.isolated = !s.withContext;
    root.includeRoot = true;
    {
        const TemplateScope scope(*this, *tpl, root);
        exec(tpl->body(), root);
    }
    leaveRecursion();
}

void Renderer::execImport(const Stmt &s, Frame &frame) {
    const Value name = eval(*s.expr, frame);
    const auto tpl = loadTemplate(name, *s.expr, false);
    enterRecursion(s.expr.get(), s.line, s.column);
    // The module's top level must outlive this statement: its macros refer to it.
    m_moduleFrames.push_back(std::make_unique<Frame>());
    Frame &root = *m_moduleFrames.back();
    root.parent = s.withContext ? &frame : nullptr;
    root.isolated = !s.withContext;
    {
        const TemplateScope scope(*this, *tpl, root);
        capture(tpl->body(), root); // output of an imported template is discarded
    }
    leaveRecursion();
    if (s.kind == Stmt::Kind::Import) {
        auto module = std::make_shared<DictObject>();
        for (const auto &[key, value] : root.vars) {
            if (!key.empty() && key[0] != '_')
                module->set(Value(std::string(key)), value);
        }
        frame.set(s.text, Value::dict(std::move(module)));
        return;
    }
    for (const auto &[importName, alias] : s.imports) {
        const Value *v = root.find(importName);
        if (!v)
            fail("the template " + name.str() + " does not export the requested name '" + importName
                     + "'",
                 *s.expr);
        frame.set(alias, *v);
    }
}

} // namespace trellis::tmpl
