#include "diff/text_diff.h"

#include <algorithm>

namespace trellis::diff {

namespace {

// Lines at least this alike are shown as one edited line rather than a removal plus an
// addition.
constexpr double kPairingThreshold = 0.4;
// How far ahead in the inserted lines a deleted line looks for its edited version; keeps
// pairing linear on huge change blocks.
constexpr int kPairingWindow = 32;

std::vector<int> intern(const QStringList &lines, bool endsWithNewline, IdTable *ids) {
    std::vector<int> out;
    out.reserve(std::size_t(lines.size()));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        // A last line without its newline differs from the same text with one, as in git.
        const bool noEol = i == lines.size() - 1 && !endsWithNewline;
        const QString key = noEol ? lines[i] + u'\n' : lines[i];
        out.push_back(internId(ids, key));
    }
    return out;
}

class RowBuilder {
public:
    explicit RowBuilder(TextDiff *diff)
        : m_diff(*diff) {}

    void build() {
        const std::vector<DiffOp> &ops = m_diff.ops;
        for (std::size_t k = 0; k < ops.size(); ++k) {
            const DiffOp &op = ops[k];
            if (op.kind == OpKind::Equal) {
                for (int i = 0; i < op.count; ++i)
                    m_diff.rows.push_back(
                        {RowKind::Equal, op.oldIndex + i, op.newIndex + i, {}, {}});
                continue;
            }
            // A change block: deletions, then (maybe) insertions.
            int delStart = op.oldIndex, delCount = 0, insStart = op.newIndex, insCount = 0;
            if (op.kind == OpKind::Delete) {
                delCount = op.count;
                if (k + 1 < ops.size() && ops[k + 1].kind == OpKind::Insert) {
                    ++k;
                    insStart = ops[k].newIndex;
                    insCount = ops[k].count;
                }
            } else {
                insCount = op.count;
            }
            changeBlock(delStart, delCount, insStart, insCount);
        }
    }

private:
    void changeBlock(int delStart, int delCount, int insStart, int insCount) {
        // Keys are computed once per line: a deleted line is compared with up to
        // kPairingWindow inserted lines.
        std::vector<std::vector<int>> insKeys(static_cast<std::size_t>(insCount));
        for (int j = 0; j < insCount; ++j)
            insKeys[std::size_t(j)] = similarityKey(m_diff.newLines[insStart + j], &m_tokenIds);
        int nextIns = 0; // inserted lines before this are already emitted
        int nextDel = 0;
        for (int i = 0; i < delCount && nextIns < insCount; ++i) {
            const QString &oldLine = m_diff.oldLines[delStart + i];
            const std::vector<int> oldKey = similarityKey(oldLine, &m_tokenIds);
            int best = -1;
            double bestScore = kPairingThreshold;
            for (int j = nextIns; j < std::min(insCount, nextIns + kPairingWindow); ++j) {
                const double score = keySimilarity(oldKey, insKeys[std::size_t(j)]);
                if (score >= bestScore && (best < 0 || score > bestScore)) {
                    best = j;
                    bestScore = score;
                }
            }
            if (best < 0)
                continue;
            for (; nextDel < i; ++nextDel)
                m_diff.rows.push_back({RowKind::Delete, delStart + nextDel, -1, {}, {}});
            for (; nextIns < best; ++nextIns)
                m_diff.rows.push_back({RowKind::Insert, -1, insStart + nextIns, {}, {}});
            const WordChanges words = diffWords(oldLine, m_diff.newLines[insStart + best]);
            m_diff.rows.push_back(
                {RowKind::Change, delStart + i, insStart + best, words.oldSpans, words.newSpans});
            nextDel = i + 1;
            nextIns = best + 1;
        }
        for (; nextDel < delCount; ++nextDel)
            m_diff.rows.push_back({RowKind::Delete, delStart + nextDel, -1, {}, {}});
        for (; nextIns < insCount; ++nextIns)
            m_diff.rows.push_back({RowKind::Insert, -1, insStart + nextIns, {}, {}});
    }

    TextDiff &m_diff;
    IdTable m_tokenIds;
};

} // namespace

bool TextDiff::isIdentical() const {
    return std::all_of(rows.begin(), rows.end(),
                       [](const DiffRow &r) { return r.kind == RowKind::Equal; });
}

int TextDiff::deletedLines() const {
    return int(std::count_if(rows.begin(), rows.end(), [](const DiffRow &r) {
        return r.kind == RowKind::Delete || r.kind == RowKind::Change;
    }));
}

int TextDiff::insertedLines() const {
    return int(std::count_if(rows.begin(), rows.end(), [](const DiffRow &r) {
        return r.kind == RowKind::Insert || r.kind == RowKind::Change;
    }));
}

QStringList splitLines(const QString &text, bool *endsWithNewline) {
    QStringList lines = text.split(u'\n');
    const bool eol = text.endsWith(u'\n');
    if (eol || text.isEmpty())
        lines.removeLast();
    if (endsWithNewline)
        *endsWithNewline = eol;
    return lines;
}

TextDiff diffText(const QString &oldText, const QString &newText) {
    TextDiff diff;
    diff.oldLines = splitLines(oldText, &diff.oldEndsWithNewline);
    diff.newLines = splitLines(newText, &diff.newEndsWithNewline);
    IdTable ids;
    const std::vector<int> a = intern(diff.oldLines, diff.oldEndsWithNewline, &ids);
    const std::vector<int> b = intern(diff.newLines, diff.newEndsWithNewline, &ids);
    diff.ops = diffSequences(a, b);
    RowBuilder(&diff).build();
    return diff;
}

} // namespace trellis::diff
