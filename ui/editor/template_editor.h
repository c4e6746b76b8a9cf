#pragma once

#include "code_editor.h"

namespace trellis::ui {

class JinjaHighlighter;

// The editor of one message template: Jinja highlighting. Its parse error is found off the
// GUI thread by the prompt tab's PromptChecker and shown through setProblem().
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

// An output schema written as JSON: syntax errors with line and column, then the schema
// compiler's verdict. Blank text means "no schema" and is fine.
std::optional<Error> schemaProblem(const QString &text);

} // namespace trellis::ui
