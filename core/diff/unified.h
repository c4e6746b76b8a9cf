#pragma once

#include "diff/text_diff.h"

#include <QString>

#include <vector>

namespace trellis::diff {

// A group of changed rows with their context, as in `diff -u`. Starts are 1-based line
// numbers (for an empty side, the line after which the change happens, possibly 0).
struct Hunk {
    int oldStart = 0;
    int oldCount = 0;
    int newStart = 0;
    int newCount = 0;
    int firstRow = 0; // [firstRow, endRow) in TextDiff::rows
    int endRow = 0;
};

std::vector<Hunk> hunks(const TextDiff &diff, int context = 3);

struct UnifiedOptions {
    int context = 3;
    // Edited lines become one line starting with '~' in which changed words are marked
    // "[-old-]{+new+}", like `git diff --word-diff`. Otherwise they are a '-' and a '+' line.
    bool wordDiff = true;
    QString oldLabel; // "--- oldLabel" / "+++ newLabel" header, when both are set
    QString newLabel;
};

// Unified diff text: optional header, then "@@ -a,b +c,d @@" hunks of ' ', '-', '+' (and
// '~') lines, each ending in '\n', with "\ No newline at end of file" where git puts it.
// Empty when the texts are identical.
QString renderUnified(const TextDiff &diff, const UnifiedOptions &options = {});

// One edited line with its changes marked: "a [-b-]{+c+} d".
QString markWords(const QString &oldLine, const QString &newLine, const DiffRow &row);

} // namespace trellis::diff
