#pragma once

#include "code_editor.h"

#include <memory>

namespace trellis::tmpl {
class Template;
}

namespace trellis::ui {

class JinjaHighlighter;

// The editor of one message template: Jinja highlighting, and the template engine's parse
// error underlined as you type.
class TemplateEditor : public CodeEditor {
    Q_OBJECT
public:
    explicit TemplateEditor(QWidget *parent = nullptr);
    JinjaHighlighter *highlighter() const { return m_highlighter; }
    // The template as of the last check (null while it does not parse), so variable
    // discovery does not parse a long template a second time.
    const std::shared_ptr<const tmpl::Template> &parsed() const { return m_parsed; }

protected:
    void changeEvent(QEvent *event) override;

private:
    JinjaHighlighter *m_highlighter = nullptr;
    std::shared_ptr<const tmpl::Template> m_parsed;
};

// An output schema written as JSON: syntax errors with line and column, then the schema
// compiler's verdict. Blank text means "no schema" and is fine.
std::optional<Error> schemaProblem(const QString &text);

} // namespace trellis::ui
