#include "jinja_highlighter.h"

#include <QPalette>
#include <QRegularExpression>

#include <utility>

namespace trellis::ui {

namespace {

// A hue at a lightness that contrasts with the editor background.
QColor tone(int hue, bool dark, int saturation = 170) {
    return QColor::fromHsl(hue, saturation, dark ? 175 : 85);
}

QColor between(const QColor &a, const QColor &b) {
    return QColor((a.red() + b.red()) / 2, (a.green() + b.green()) / 2, (a.blue() + b.blue()) / 2);
}

} // namespace

JinjaHighlighter::JinjaHighlighter(QTextDocument *document, const QPalette &palette)
    : QSyntaxHighlighter(document) {
    setPalette(palette);
}

void JinjaHighlighter::setPalette(const QPalette &palette) {
    const bool dark = palette.color(QPalette::Base).lightness() < 128;
    auto make = [&](Kind kind, const QColor &colour, bool bold = false, bool italic = false) {
        QTextCharFormat format;
        format.setForeground(colour);
        if (bold)
            format.setFontWeight(QFont::Bold);
        format.setFontItalic(italic);
        m_formats[std::size_t(kind)] = format;
    };
    make(Kind::Delimiter, tone(200, dark), true);
    make(Kind::Keyword, tone(280, dark), true);
    make(Kind::Expression, tone(210, dark, 120));
    make(Kind::Filter, tone(30, dark));
    make(Kind::String, tone(120, dark, 140));
    make(Kind::Number, tone(0, dark, 140));
    make(Kind::Comment, between(palette.color(QPalette::Text), palette.color(QPalette::Base)),
         false, true);
    make(Kind::Role, tone(330, dark), true);
    rehighlight();
}

void JinjaHighlighter::apply(int start, int length, Kind kind) {
    if (length > 0)
        setFormat(start, length, m_formats[std::size_t(kind)]);
}

void JinjaHighlighter::highlightBlock(const QString &text) {
    static const QRegularExpression roleLine(
        QStringLiteral("^\\s*#?\\s*(system|user|assistant|function|tool)\\s*:\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    int state = std::max(0, previousBlockState());
    if (state == Text && roleLine.match(text).hasMatch()) {
        apply(0, int(text.size()), Kind::Role);
        setCurrentBlockState(Text);
        return;
    }
    const int n = int(text.size());
    int i = 0;
    while (i < n) {
        if (state == Text) {
            int open = int(text.indexOf(QLatin1Char('{'), i));
            while (open >= 0 && open + 1 < n && !QStringLiteral("{%#").contains(text[open + 1]))
                open = int(text.indexOf(QLatin1Char('{'), open + 1));
            if (open < 0 || open + 1 >= n)
                break;
            const QChar kind = text[open + 1];
            state = kind == QLatin1Char('#')   ? InComment
                    : kind == QLatin1Char('%') ? InTag
                                               : InExpression;
            apply(open, 2, state == InComment ? Kind::Comment : Kind::Delimiter);
            i = open + 2;
        } else if (state == InComment) {
            const int close = int(text.indexOf(QStringLiteral("#}"), i));
            const int end = close < 0 ? n : close + 2;
            apply(i, end - i, Kind::Comment);
            if (close >= 0)
                state = Text;
            i = end;
        } else {
            const QString closing = state == InTag ? QStringLiteral("%}") : QStringLiteral("}}");
            const int close = int(text.indexOf(closing, i));
            const int end = close < 0 ? n : close;
            highlightCode(text, i, end);
            if (close < 0) {
                i = n;
            } else {
                // "-%}" trims whitespace; the dash belongs to the delimiter.
                const int dash = close > i && text[close - 1] == QLatin1Char('-') ? 1 : 0;
                apply(close - dash, 2 + dash, Kind::Delimiter);
                state = Text;
                i = close + 2;
            }
        }
    }
    setCurrentBlockState(state);
}

void JinjaHighlighter::highlightCode(const QString &text, int from, int to) {
    static const QRegularExpression keyword(QStringLiteral(
        "\\b(if|elif|else|endif|for|endfor|in|not|and|or|is|set|endset|macro|endmacro|call|"
        "endcall|filter|endfilter|block|endblock|extends|include|import|from|as|with|endwith|"
        "raw|endraw|recursive|true|false|none|True|False|None)\\b"));
    static const QRegularExpression filter(QStringLiteral("\\|\\s*[A-Za-z_][A-Za-z0-9_]*"));
    static const QRegularExpression number(QStringLiteral("\\b[0-9]+(\\.[0-9]+)?\\b"));
    static const QRegularExpression string(
        QStringLiteral("\"(\\\\.|[^\"\\\\])*\"?|'(\\\\.|[^'\\\\])*'?"));
    apply(from, to - from, Kind::Expression);
    const QString code = text.left(to);
    // Later rules win: a keyword inside a string is part of the string.
    for (const auto &[pattern, kind] :
         {std::pair{&keyword, Kind::Keyword}, std::pair{&number, Kind::Number},
          std::pair{&filter, Kind::Filter}, std::pair{&string, Kind::String}}) {
        auto it = pattern->globalMatch(code, from);
        while (it.hasNext()) {
            const auto m = it.next();
            apply(int(m.capturedStart()), int(m.capturedLength()), kind);
        }
    }
}

} // namespace trellis::ui
