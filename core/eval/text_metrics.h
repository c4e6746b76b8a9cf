#pragma once

#include <QString>

namespace trellis::eval {

// Edit distance (insertions, deletions, substitutions of one code point each).
int levenshteinDistance(const QString &a, const QString &b);
// Unicode code points (an emoji counts once), as promptfoo's character-count.
qsizetype codePointCount(const QString &text);
// Runs of non-whitespace characters.
qsizetype wordCount(const QString &text);

} // namespace trellis::eval
