#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

#include <array>

namespace trellis::ui {

// Jinja2 highlighting for prompt templates: {% tags %}, {{ expressions }}, |filters, strings,
// {# comments #} (also across lines) and Prompty role lines ("system:"). Colours derive from
// the editor's palette, so light and dark themes both read well.
class JinjaHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    enum class Kind {
        Delimiter,
        Keyword,
        Expression,
        Filter,
        String,
        Number,
        Comment,
        Role,
        Count
    };

    explicit JinjaHighlighter(QTextDocument *document, const QPalette &palette);

    // Recomputes the colours (call when the palette changes) and rehighlights.
    void setPalette(const QPalette &palette);
    const QTextCharFormat &format(Kind kind) const { return m_formats[std::size_t(kind)]; }

protected:
    void highlightBlock(const QString &text) override;

private:
    enum State { Text = 0, InComment = 1, InTag = 2, InExpression = 3 };
    void highlightCode(const QString &text, int from, int to);
    void apply(int start, int length, Kind kind);

    std::array<QTextCharFormat, std::size_t(Kind::Count)> m_formats;
};

} // namespace trellis::ui
