#include "diff/word_diff.h"

#include "diff/myers.h"

#include <algorithm>

namespace trellis::diff {

namespace {

enum class TokenClass { Word, Space, Other };

TokenClass classify(QChar c) {
    if (c.isLetterOrNumber() || c == u'_' || c.isSurrogate() || c.isMark())
        return TokenClass::Word;
    if (c.isSpace())
        return TokenClass::Space;
    return TokenClass::Other;
}

std::vector<int> intern(const QStringList &tokens, IdTable *ids) {
    std::vector<int> out;
    out.reserve(std::size_t(tokens.size()));
    for (const QString &t : tokens)
        out.push_back(internId(ids, t));
    return out;
}

// Adds [start, start + length) to spans, merging with the previous span when they touch.
void addSpan(std::vector<TextSpan> *spans, int start, int length) {
    if (length <= 0)
        return;
    if (!spans->empty() && spans->back().start + spans->back().length == start) {
        spans->back().length += length;
        return;
    }
    spans->push_back({start, length});
}

std::vector<int> offsets(const QStringList &tokens) {
    std::vector<int> out(std::size_t(tokens.size()) + 1, 0);
    for (qsizetype i = 0; i < tokens.size(); ++i)
        out[std::size_t(i) + 1] = out[std::size_t(i)] + int(tokens[i].size());
    return out;
}

} // namespace

QStringList tokenize(const QString &line) {
    QStringList tokens;
    qsizetype i = 0;
    while (i < line.size()) {
        const TokenClass cls = classify(line.at(i));
        qsizetype j = i + 1;
        if (cls != TokenClass::Other) {
            while (j < line.size() && classify(line.at(j)) == cls)
                ++j;
        }
        tokens << line.mid(i, j - i);
        i = j;
    }
    return tokens;
}

WordChanges diffWords(const QString &oldLine, const QString &newLine) {
    const QStringList oldTokens = tokenize(oldLine);
    const QStringList newTokens = tokenize(newLine);
    IdTable ids;
    const std::vector<int> a = intern(oldTokens, &ids);
    const std::vector<int> b = intern(newTokens, &ids);
    const std::vector<int> oldAt = offsets(oldTokens);
    const std::vector<int> newAt = offsets(newTokens);

    // A lone run of whitespace between two changes reads better inside one changed span
    // ("[-quick brown-]" rather than "[-quick-] [-brown-]"), so it counts as changed too.
    std::vector<DiffOp> ops = diffSequences(a, b);
    std::vector<DiffOp> spread;
    for (std::size_t k = 0; k < ops.size(); ++k) {
        const DiffOp &op = ops[k];
        const bool between = k > 0 && k + 1 < ops.size() && ops[k - 1].kind != OpKind::Equal
                             && ops[k + 1].kind != OpKind::Equal;
        if (op.kind == OpKind::Equal && between && op.count == 1
            && oldTokens[op.oldIndex].at(0).isSpace()) {
            spread.push_back({OpKind::Delete, op.oldIndex, op.newIndex, 1});
            spread.push_back({OpKind::Insert, op.oldIndex, op.newIndex, 1});
        } else {
            spread.push_back(op);
        }
    }

    WordChanges changes;
    for (const DiffOp &op : spread) {
        if (op.kind == OpKind::Delete) {
            const int start = oldAt[std::size_t(op.oldIndex)];
            addSpan(&changes.oldSpans, start, oldAt[std::size_t(op.oldIndex + op.count)] - start);
        } else if (op.kind == OpKind::Insert) {
            const int start = newAt[std::size_t(op.newIndex)];
            addSpan(&changes.newSpans, start, newAt[std::size_t(op.newIndex + op.count)] - start);
        }
    }
    return changes;
}

std::vector<int> similarityKey(const QString &line, IdTable *ids) {
    std::vector<int> key;
    for (const QString &t : tokenize(line)) {
        if (!t.at(0).isSpace())
            key.push_back(internId(ids, t));
    }
    std::sort(key.begin(), key.end());
    return key;
}

double keySimilarity(const std::vector<int> &a, const std::vector<int> &b) {
    if (a.empty() && b.empty())
        return 1.0; // both blank
    // Size of the multiset intersection, by merging the sorted keys.
    std::size_t common = 0;
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
        if (a[i] == b[j]) {
            ++common, ++i, ++j;
        } else if (a[i] < b[j]) {
            ++i;
        } else {
            ++j;
        }
    }
    return 2.0 * double(common) / double(a.size() + b.size());
}

double lineSimilarity(const QString &a, const QString &b) {
    if (a == b)
        return 1.0;
    IdTable ids;
    return keySimilarity(similarityKey(a, &ids), similarityKey(b, &ids));
}

} // namespace trellis::diff
