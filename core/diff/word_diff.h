#pragma once

#include <QHash> // std::hash<QString>
#include <QString>
#include <QStringList>

#include <unordered_map>
#include <vector>

namespace trellis::diff {

// A changed stretch inside one line: [start, start + length) in UTF-16 code units.
struct TextSpan {
    int start = 0;
    int length = 0;

    bool operator==(const TextSpan &) const = default;
};

// Splits a line into words (letters, digits, '_', and whole surrogate pairs), runs of
// whitespace, and single punctuation characters. Concatenating the tokens gives the line.
QStringList tokenize(const QString &line);

// The changed spans of an old and a new version of one line, from a token-level diff.
// Adjacent changed tokens merge into one span.
struct WordChanges {
    std::vector<TextSpan> oldSpans;
    std::vector<TextSpan> newSpans;
};
WordChanges diffWords(const QString &oldLine, const QString &newLine);

// How alike two lines are, 0..1: the share of non-blank tokens they have in common
// (Dice coefficient over token multisets). Used to decide which lines of a change block
// are edits of each other rather than a removal plus an unrelated addition.
double lineSimilarity(const QString &a, const QString &b);

// The same measure on precomputed keys, for comparing many line pairs: a line's key is the
// sorted ids of its non-blank tokens.
std::vector<int> similarityKey(const QString &line, std::unordered_map<QString, int> *ids);
double keySimilarity(const std::vector<int> &a, const std::vector<int> &b);

} // namespace trellis::diff
