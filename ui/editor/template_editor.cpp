#include "template_editor.h"

#include "jinja_highlighter.h"
#include "prompt/json_reader.h"
#include "schema/json_schema.h"

#include <QEvent>

namespace trellis::ui {

TemplateEditor::TemplateEditor(QWidget *parent)
    : CodeEditor(parent)
    , m_highlighter(new JinjaHighlighter(document(), palette())) {
    setPlaceholderText(tr("Message template: text with {{ variables }} and {% tags %}"));
}

void TemplateEditor::changeEvent(QEvent *event) {
    CodeEditor::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->setPalette(palette());
}

std::optional<Error> schemaProblem(const QString &text) {
    if (text.trimmed().isEmpty())
        return std::nullopt;
    prompt::SourceMap map;
    auto doc = prompt::parseJsonDocument(text.toUtf8(), &map);
    if (!doc)
        return doc.error();
    if (!doc->is_object() && !doc->is_boolean())
        return Error(QStringLiteral("a JSON Schema is an object (or true/false)")).at(1, 1);
    auto compiled = schema::compile(*doc);
    if (!compiled) {
        Error error = compiled.error();
        if (error.line == 0)
            error.at(1, 1);
        return error;
    }
    return std::nullopt;
}

} // namespace trellis::ui
