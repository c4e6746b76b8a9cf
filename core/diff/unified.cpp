#include "diff/unified.h"

namespace trellis::diff {

namespace {

const QString kNoNewline = QStringLiteral("\\ No newline at end of file\n");

bool isLastWithoutNewline(int line, const QStringList &lines, bool endsWithNewline) {
    return line >= 0 && line == lines.size() - 1 && !endsWithNewline;
}

} // namespace

std::vector<Hunk> hunks(const TextDiff &diff, int context) {
    context = std::max(context, 0);
    const int rowCount = int(diff.rows.size());
    // Line positions before each row, to number the hunks.
    std::vector<int> oldBefore(std::size_t(rowCount) + 1, 0);
    std::vector<int> newBefore(std::size_t(rowCount) + 1, 0);
    for (int r = 0; r < rowCount; ++r) {
        const DiffRow &row = diff.rows[std::size_t(r)];
        oldBefore[std::size_t(r) + 1] = oldBefore[std::size_t(r)] + (row.oldLine >= 0 ? 1 : 0);
        newBefore[std::size_t(r) + 1] = newBefore[std::size_t(r)] + (row.newLine >= 0 ? 1 : 0);
    }

    std::vector<Hunk> out;
    int r = 0;
    while (r < rowCount) {
        if (diff.rows[std::size_t(r)].kind == RowKind::Equal) {
            ++r;
            continue;
        }
        Hunk hunk;
        hunk.firstRow = std::max(0, r - context);
        // Extend while the next change is within 2 * context equal rows.
        int end = r + 1;
        for (int scan = end; scan < rowCount; ++scan) {
            if (diff.rows[std::size_t(scan)].kind != RowKind::Equal) {
                if (scan - end <= 2 * context)
                    end = scan + 1;
                else
                    break;
            }
        }
        hunk.endRow = std::min(rowCount, end + context);
        const auto first = std::size_t(hunk.firstRow);
        const auto last = std::size_t(hunk.endRow);
        hunk.oldCount = oldBefore[last] - oldBefore[first];
        hunk.newCount = newBefore[last] - newBefore[first];
        hunk.oldStart = oldBefore[first] + (hunk.oldCount > 0 ? 1 : 0);
        hunk.newStart = newBefore[first] + (hunk.newCount > 0 ? 1 : 0);
        out.push_back(hunk);
        r = hunk.endRow;
    }
    return out;
}

QString markWords(const QString &oldLine, const QString &newLine, const DiffRow &row) {
    // Old and new are the same text between the spans, so walking both in step rebuilds the
    // line with each change marked where it happened.
    QString out;
    qsizetype oldPos = 0;
    qsizetype newPos = 0;
    std::size_t oi = 0;
    std::size_t ni = 0;
    while (oldPos < oldLine.size() || newPos < newLine.size()) {
        const qsizetype nextOld =
            oi < row.oldSpans.size() ? row.oldSpans[oi].start : oldLine.size();
        const qsizetype nextNew =
            ni < row.newSpans.size() ? row.newSpans[ni].start : newLine.size();
        const qsizetype equal =
            std::max<qsizetype>(0, std::min(nextOld - oldPos, nextNew - newPos));
        out += oldLine.mid(oldPos, equal);
        oldPos += equal;
        newPos += equal;
        bool progressed = equal > 0;
        if (oi < row.oldSpans.size() && oldPos == row.oldSpans[oi].start) {
            out += QStringLiteral("[-") + oldLine.mid(oldPos, row.oldSpans[oi].length)
                   + QStringLiteral("-]");
            oldPos += row.oldSpans[oi++].length;
            progressed = true;
        }
        if (ni < row.newSpans.size() && newPos == row.newSpans[ni].start) {
            out += QStringLiteral("{+") + newLine.mid(newPos, row.newSpans[ni].length)
                   + QStringLiteral("+}");
            newPos += row.newSpans[ni++].length;
            progressed = true;
        }
        if (!progressed) // spans inconsistent with the lines: show the rest plainly
            break;
    }
    return out;
}

QString renderUnified(const TextDiff &diff, const UnifiedOptions &options) {
    const std::vector<Hunk> all = hunks(diff, options.context);
    if (all.empty())
        return {};
    QString out;
    if (!options.oldLabel.isEmpty() && !options.newLabel.isEmpty())
        out += QStringLiteral("--- ") + options.oldLabel + QStringLiteral("\n+++ ")
               + options.newLabel + u'\n';
    const auto oldLine = [&](int line, QChar prefix) {
        out += prefix + diff.oldLines[line] + u'\n';
        if (isLastWithoutNewline(line, diff.oldLines, diff.oldEndsWithNewline))
            out += kNoNewline;
    };
    const auto newLine = [&](int line, QChar prefix) {
        out += prefix + diff.newLines[line] + u'\n';
        if (isLastWithoutNewline(line, diff.newLines, diff.newEndsWithNewline))
            out += kNoNewline;
    };
    for (const Hunk &h : all) {
        out += QStringLiteral("@@ -%1,%2 +%3,%4 @@\n")
                   .arg(h.oldStart)
                   .arg(h.oldCount)
                   .arg(h.newStart)
                   .arg(h.newCount);
        for (int r = h.firstRow; r < h.endRow; ++r) {
            const DiffRow &row = diff.rows[std::size_t(r)];
            switch (row.kind) {
            case RowKind::Equal:
                oldLine(row.oldLine, u' ');
                break;
            case RowKind::Delete:
                oldLine(row.oldLine, u'-');
                break;
            case RowKind::Insert:
                newLine(row.newLine, u'+');
                break;
            case RowKind::Change: {
                const bool eolDiffers =
                    isLastWithoutNewline(row.oldLine, diff.oldLines, diff.oldEndsWithNewline)
                    != isLastWithoutNewline(row.newLine, diff.newLines, diff.newEndsWithNewline);
                const bool hasSpans = !row.oldSpans.empty() || !row.newSpans.empty();
                if (options.wordDiff && hasSpans && !eolDiffers) {
                    out += u'~'
                           + markWords(diff.oldLines[row.oldLine], diff.newLines[row.newLine], row)
                           + u'\n';
                    if (isLastWithoutNewline(row.newLine, diff.newLines, diff.newEndsWithNewline))
                        out += kNoNewline;
                } else {
                    oldLine(row.oldLine, u'-');
                    newLine(row.newLine, u'+');
                }
                break;
            }
            }
        }
    }
    return out;
}

} // namespace trellis::diff
