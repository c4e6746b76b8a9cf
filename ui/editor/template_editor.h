#pragma once

#include "code_editor.h"

namespace trellis::ui {

class JinjaHighlighter;

// The editor of one message template: Jinja highlighting, and the template engine's parse
// error underlined as you type.
class TemplateEditor : public CodeEditor {
    Q_OBJECT
public:
    explicit TemplateEditor(QWidget *parent = nullptr);
    JinjaHighlighter *highlighter() const { return m_highlighter; }

protected:
    void changeEvent(QEvent *event) override;

private:
    JinjaHighlighter *m_highlighter = nullptr;
};

// The first parse error of a Jinja template, with the engine's line and column.
std::optional<Error> templateProblem(const QString &text);
// An output schema written as JSON: syntax errors with line and column, then the schema
// compiler's verdict. Blank text means "no schema" and is fine.
std::optional<Error> schemaProblem(const QString &text);

} // namespace trellis::ui
