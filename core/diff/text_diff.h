#pragma once

#include "diff/myers.h"
#include "diff/word_diff.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace trellis::diff {

// One row of a side-by-side view. Line numbers are 0-based indexes into TextDiff::oldLines /
// newLines, -1 where the row has no line on that side.
enum class RowKind {
    Equal,  // same line on both sides
    Delete, // only in the old text
    Insert, // only in the new text
    Change, // an old line edited into a new one; the spans mark the changed words
};

struct DiffRow {
    RowKind kind = RowKind::Equal;
    int oldLine = -1;
    int newLine = -1;
    std::vector<TextSpan> oldSpans; // Change rows only
    std::vector<TextSpan> newSpans;
};

// A line diff with word-level changes inside edited lines.
struct TextDiff {
    QStringList oldLines;
    QStringList newLines;
    bool oldEndsWithNewline = false;
    bool newEndsWithNewline = false;
    std::vector<DiffOp> ops;   // line-level edit script (indexes into the line lists)
    std::vector<DiffRow> rows; // the same, as side-by-side rows

    bool isIdentical() const;
    int deletedLines() const;  // old lines not kept as they were (Delete + Change rows)
    int insertedLines() const; // new lines not in the old text (Insert + Change rows)
};

// Lines without their '\n'; a final line without a newline counts as a line.
// "" has no lines, "\n" one empty line.
QStringList splitLines(const QString &text, bool *endsWithNewline = nullptr);

TextDiff diffText(const QString &oldText, const QString &newText);

} // namespace trellis::diff
