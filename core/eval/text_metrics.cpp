#include "eval/text_metrics.h"

#include <QList>

#include <algorithm>
#include <vector>

namespace trellis::eval {

int levenshteinDistance(const QString &a, const QString &b) {
    const QList<uint> x = a.toUcs4();
    const QList<uint> y = b.toUcs4();
    // Two rows of the dynamic-programming table are enough.
    std::vector<int> prev(size_t(y.size()) + 1), cur(size_t(y.size()) + 1);
    for (size_t j = 0; j < prev.size(); ++j)
        prev[j] = int(j);
    for (qsizetype i = 1; i <= x.size(); ++i) {
        cur[0] = int(i);
        for (qsizetype j = 1; j <= y.size(); ++j) {
            const int substitute = prev[size_t(j - 1)] + (x[i - 1] == y[j - 1] ? 0 : 1);
            cur[size_t(j)] = std::min({prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1, substitute});
        }
        std::swap(prev, cur);
    }
    return prev[size_t(y.size())];
}

qsizetype codePointCount(const QString &text) {
    return text.toUcs4().size();
}

qsizetype wordCount(const QString &text) {
    qsizetype count = 0;
    bool inWord = false;
    for (const QChar c : text) {
        const bool space = c.isSpace();
        if (!space && !inWord)
            ++count;
        inWord = !space;
    }
    return count;
}

} // namespace trellis::eval
