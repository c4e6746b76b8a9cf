// Jinja2's wordwrap filter: Python's textwrap.wrap(line, width, expand_tabs=False,
// replace_whitespace=False, break_long_words, break_on_hyphens) on every line of the text,
// joined with `wrapstring`.
#include "template/filter_support.h"
#include "template/py_text.h"

#include <QRegularExpression>
#include <QString>

namespace trellis::tmpl::filters {

namespace {

using Chunks = std::vector<std::u32string>;

// textwrap's chunk split: runs of ASCII whitespace and words; with break_on_hyphens also the
// pieces of hyphenated words and em-dashes (TextWrapper.wordsep_re, needs look-behind, hence
// PCRE through QRegularExpression rather than std::regex).
Chunks splitChunks(const std::u32string &line, bool breakOnHyphens) {
    // One per thread: QRegularExpression is only documented reentrant, and renders run in
    // parallel.
    thread_local const QRegularExpression kHyphens(
        QStringLiteral("([\\t\\n\\x0b\\x0c\\r ]+"
                       "|(?<=[\\w!\"'&.,?])-{2,}(?=\\w)"
                       "|[^\\t\\n\\x0b\\x0c\\r ]+?(?:"
                       "-(?:(?<=[^\\d\\W]{2}-)|(?<=[^\\d\\W]-[^\\d\\W]-))(?=[^\\d\\W]-?[^\\d\\W])"
                       "|(?=[\\t\\n\\x0b\\x0c\\r ]|\\z)"
                       "|(?<=[\\w!\"'&.,?])(?=-{2,}\\w)))"),
        QRegularExpression::UseUnicodePropertiesOption);
    Chunks chunks;
    if (!breakOnHyphens) {
        // wordsep_simple_re: whitespace runs and everything between them.
        size_t i = 0;
        while (i < line.size()) {
            auto ws = [](char32_t c) {
                return c == ' ' || (c >= '\t' && c <= '\r');
            };
            const bool inWs = ws(line[i]);
            size_t j = i;
            while (j < line.size() && ws(line[j]) == inWs)
                ++j;
            chunks.push_back(line.substr(i, j - i));
            i = j;
        }
        return chunks;
    }
    const QString text = QString::fromUcs4(line.data(), qsizetype(line.size()));
    auto toU32 = [](QStringView s) {
        const QList<uint> ucs4 = s.toUcs4();
        return std::u32string(ucs4.begin(), ucs4.end());
    };
    qsizetype last = 0;
    auto it = kHyphens.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart() > last)
            chunks.push_back(toU32(QStringView(text).mid(last, m.capturedStart() - last)));
        if (m.capturedLength() > 0)
            chunks.push_back(toU32(m.capturedView()));
        last = m.capturedEnd();
    }
    if (last < text.size())
        chunks.push_back(toU32(QStringView(text).mid(last)));
    return chunks;
}

bool blank(const std::u32string &s) {
    for (const char32_t c : s) {
        if (!py::isSpace(c))
            return false;
    }
    return true;
}

// TextWrapper._wrap_chunks without indents or max_lines.
std::vector<std::u32string> wrapChunks(Chunks chunks, size_t width, bool breakLongWords,
                                       bool breakOnHyphens) {
    std::vector<std::u32string> lines;
    std::reverse(chunks.begin(), chunks.end());
    while (!chunks.empty()) {
        std::vector<std::u32string> cur;
        size_t curLen = 0;
        if (blank(chunks.back()) && !lines.empty())
            chunks.pop_back();
        while (!chunks.empty() && curLen + chunks.back().size() <= width) {
            curLen += chunks.back().size();
            cur.push_back(std::move(chunks.back()));
            chunks.pop_back();
        }
        if (!chunks.empty() && chunks.back().size() > width) {
            // _handle_long_word
            const size_t spaceLeft = width - curLen; // width >= 1 here
            if (breakLongWords) {
                std::u32string &chunk = chunks.back();
                size_t end = spaceLeft;
                if (breakOnHyphens && chunk.size() > spaceLeft) {
                    const size_t hyphen =
                        spaceLeft == 0 ? std::u32string::npos : chunk.rfind(U'-', spaceLeft - 1);
                    if (hyphen != std::u32string::npos && hyphen > 0
                        && chunk.find_first_not_of(U'-') < hyphen)
                        end = hyphen + 1;
                }
                cur.push_back(chunk.substr(0, end));
                chunk.erase(0, end);
            } else if (cur.empty()) {
                cur.push_back(std::move(chunks.back()));
                chunks.pop_back();
            }
        }
        if (!cur.empty() && blank(cur.back()))
            cur.pop_back();
        if (!cur.empty()) {
            std::u32string line;
            for (const auto &c : cur)
                line += c;
            lines.push_back(std::move(line));
        }
    }
    return lines;
}

// str.splitlines() without keepends.
std::vector<std::u32string> splitLines(const std::u32string &s) {
    std::vector<std::u32string> lines;
    size_t start = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const char32_t c = s[i];
        const bool breaks = c == '\n' || c == '\r' || c == 0x0B || c == 0x0C
                            || (c >= 0x1C && c <= 0x1E) || c == 0x85 || c == 0x2028 || c == 0x2029;
        if (!breaks)
            continue;
        lines.push_back(s.substr(start, i - start));
        if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n')
            ++i;
        start = i + 1;
    }
    if (start < s.size())
        lines.push_back(s.substr(start));
    return lines;
}

} // namespace

Value fWordwrap(Renderer &r, const Value &v, const CallArgs &args, const Expr &at) {
    const std::u32string text = py::toUtf32(filters::text(r, v, at));
    const std::int64_t width = intArg(r, args, 0, "width", 79, at);
    const bool breakLongWords = boolArg(args, 1, "break_long_words", true);
    const Value *wrapArg = args.get(2, "wrapstring");
    const std::string wrapstring =
        wrapArg && !wrapArg->isNone() ? filters::text(r, *wrapArg, at) : std::string("\n");
    const bool breakOnHyphens = boolArg(args, 3, "break_on_hyphens", true);
    const std::vector<std::u32string> lines = splitLines(text);
    if (width <= 0 && !lines.empty())
        r.fail("invalid width " + std::to_string(width) + " (must be > 0)", at);
    std::string out;
    bool firstLine = true;
    for (const auto &line : lines) {
        if (!firstLine)
            out += wrapstring;
        firstLine = false;
        bool first = true;
        for (const auto &piece : wrapChunks(splitChunks(line, breakOnHyphens), size_t(width),
                                            breakLongWords, breakOnHyphens)) {
            if (!first)
                out += wrapstring;
            first = false;
            out += py::toUtf8(piece);
            r.checkSize(out.size(), at);
        }
    }
    return Value(std::move(out));
}

} // namespace trellis::tmpl::filters
