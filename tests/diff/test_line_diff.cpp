#include "diff/myers.h"
#include "diff/text_diff.h"
#include "diff/unified.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

using namespace trellis::diff;

namespace {

// Applies an edit script to `a` and checks it yields `b`; returns the number of edits.
int applyAndCount(const std::vector<int> &a, const std::vector<int> &b,
                  const std::vector<DiffOp> &ops, bool *ok) {
    std::vector<int> rebuilt;
    int edits = 0;
    int oldPos = 0;
    int newPos = 0;
    *ok = true;
    for (const DiffOp &op : ops) {
        *ok = *ok && op.oldIndex == oldPos && op.newIndex == newPos && op.count > 0;
        if (op.kind == OpKind::Equal) {
            for (int i = 0; i < op.count; ++i) {
                *ok = *ok && a[std::size_t(oldPos + i)] == b[std::size_t(newPos + i)];
                rebuilt.push_back(a[std::size_t(oldPos + i)]);
            }
            oldPos += op.count;
            newPos += op.count;
        } else if (op.kind == OpKind::Delete) {
            oldPos += op.count;
            edits += op.count;
        } else {
            for (int i = 0; i < op.count; ++i)
                rebuilt.push_back(b[std::size_t(newPos + i)]);
            newPos += op.count;
            edits += op.count;
        }
    }
    *ok = *ok && rebuilt == b && oldPos == int(a.size()) && newPos == int(b.size());
    return edits;
}

int lcsLength(const std::vector<int> &a, const std::vector<int> &b) {
    std::vector<std::vector<int>> t(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j)
            t[i][j] =
                a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    return t[a.size()][b.size()];
}

QString numberedLines(int count, int changeEvery) {
    QString text;
    for (int i = 0; i < count; ++i) {
        text += QStringLiteral("line %1 of the prompt").arg(i);
        if (changeEvery > 0 && i % changeEvery == 0)
            text += QStringLiteral(" (edited)");
        text += u'\n';
    }
    return text;
}

} // namespace

class TestLineDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void knownScript() {
        // a b c a b b a -> c b a b a c (the example of Myers' paper): 5 edits.
        const std::vector<int> a{1, 2, 3, 1, 2, 2, 1};
        const std::vector<int> b{3, 2, 1, 2, 1, 3};
        bool ok = false;
        QCOMPARE(applyAndCount(a, b, diffSequences(a, b), &ok), 5);
        QVERIFY(ok);
    }

    void emptyAndIdentical() {
        QVERIFY(diffSequences({}, {}).empty());
        const std::vector<DiffOp> ins = diffSequences({}, {1, 2});
        QCOMPARE(ins.size(), std::size_t(1));
        QVERIFY(ins[0] == (DiffOp{OpKind::Insert, 0, 0, 2}));
        const std::vector<DiffOp> del = diffSequences({1, 2}, {});
        QVERIFY(del[0] == (DiffOp{OpKind::Delete, 0, 0, 2}));
        const std::vector<DiffOp> same = diffSequences({1, 2, 3}, {1, 2, 3});
        QCOMPARE(same.size(), std::size_t(1));
        QVERIFY(same[0] == (DiffOp{OpKind::Equal, 0, 0, 3}));
    }

    void minimalOnRandomInput() {
        // Against the textbook O(NM) LCS: the script is valid and no longer than needed.
        QRandomGenerator rng(42);
        for (int round = 0; round < 400; ++round) {
            std::vector<int> a(std::size_t(rng.bounded(30)));
            std::vector<int> b(std::size_t(rng.bounded(30)));
            const int alphabet = 1 + rng.bounded(5);
            for (int &x : a)
                x = rng.bounded(alphabet);
            for (int &x : b)
                x = rng.bounded(alphabet);
            bool ok = false;
            const int edits = applyAndCount(a, b, diffSequences(a, b), &ok);
            QVERIFY(ok);
            QCOMPARE(edits, int(a.size() + b.size()) - 2 * lcsLength(a, b));
        }
    }

    void splitLinesRules() {
        bool eol = true;
        QCOMPARE(splitLines(QString(), &eol), QStringList());
        QVERIFY(!eol);
        QCOMPARE(splitLines(QStringLiteral("\n"), &eol), QStringList{QString()});
        QVERIFY(eol);
        QCOMPARE(splitLines(QStringLiteral("a\nb"), &eol),
                 (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
        QVERIFY(!eol);
    }

    void rowsOfAnEdit() {
        const TextDiff d =
            diffText(QStringLiteral("You are helpful.\nAnswer briefly.\nBye.\n"),
                     QStringLiteral("You are helpful.\nAnswer in JSON.\nNew line\nBye.\n"));
        QCOMPARE(d.rows.size(), std::size_t(4));
        QCOMPARE(d.rows[0].kind, RowKind::Equal);
        QCOMPARE(d.rows[1].kind, RowKind::Change);
        QCOMPARE(d.rows[1].oldLine, 1);
        QCOMPARE(d.rows[1].newLine, 1);
        QCOMPARE(d.rows[2].kind, RowKind::Insert);
        QCOMPARE(d.rows[2].newLine, 2);
        QCOMPARE(d.rows[3].kind, RowKind::Equal);
        QCOMPARE(d.rows[3].oldLine, 2);
        QCOMPARE(d.rows[3].newLine, 3);
        QCOMPARE(d.deletedLines(), 1);
        QCOMPARE(d.insertedLines(), 2);
        QVERIFY(!d.isIdentical());
        // "briefly" -> "in JSON" as character ranges.
        QCOMPARE(d.rows[1].oldSpans.size(), std::size_t(1));
        QCOMPARE(d.oldLines[1].mid(d.rows[1].oldSpans[0].start, d.rows[1].oldSpans[0].length),
                 QStringLiteral("briefly"));
        QCOMPARE(d.newLines[1].mid(d.rows[1].newSpans[0].start, d.rows[1].newSpans[0].length),
                 QStringLiteral("in JSON"));
    }

    void unrelatedLinesAreNotPaired() {
        const TextDiff d =
            diffText(QStringLiteral("alpha beta\n"), QStringLiteral("gamma delta\n"));
        QCOMPARE(d.rows.size(), std::size_t(2));
        QCOMPARE(d.rows[0].kind, RowKind::Delete);
        QCOMPARE(d.rows[1].kind, RowKind::Insert);
    }

    void unifiedText() {
        const TextDiff d = diffText(QStringLiteral("a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n"),
                                    QStringLiteral("a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\n"));
        UnifiedOptions options;
        options.context = 1;
        options.wordDiff = false;
        options.oldLabel = QStringLiteral("p@1");
        options.newLabel = QStringLiteral("p@2");
        QCOMPARE(renderUnified(d, options), QStringLiteral("--- p@1\n+++ p@2\n"
                                                           "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
                                                           "@@ -10,1 +10,2 @@\n j\n+k\n"));
        options.context = 4; // 8 equal lines between the changes: now one hunk
        const QString merged = renderUnified(d, options);
        QCOMPARE(merged.count(QStringLiteral("@@ -")), 1);
        QVERIFY2(merged.contains(QStringLiteral("+++ p@2\n@@ -1,10 +1,11 @@\n a\n-b\n+B\n c\n")),
                 qPrintable(merged));
    }

    void unifiedWordDiff() {
        const TextDiff d = diffText(QStringLiteral("Classify the ticket quickly.\n"),
                                    QStringLiteral("Classify the support ticket carefully.\n"));
        QCOMPARE(renderUnified(d),
                 QStringLiteral("@@ -1,1 +1,1 @@\n~Classify the {+support +}ticket "
                                "[-quickly-]{+carefully+}.\n"));
    }

    void noNewlineAtEnd() {
        const TextDiff d = diffText(QStringLiteral("a\nb"), QStringLiteral("a\nb\n"));
        QVERIFY(!d.isIdentical());
        QCOMPARE(renderUnified(d),
                 QStringLiteral("@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of "
                                "file\n+b\n"));
    }

    void emptyInputs() {
        QVERIFY(diffText(QString(), QString()).rows.empty());
        QVERIFY(renderUnified(diffText(QString(), QString())).isEmpty());
        QCOMPARE(renderUnified(diffText(QString(), QStringLiteral("x\n"))),
                 QStringLiteral("@@ -0,0 +1,1 @@\n+x\n"));
        QCOMPARE(renderUnified(diffText(QStringLiteral("x\n"), QString())),
                 QStringLiteral("@@ -1,1 +0,0 @@\n-x\n"));
    }

    void identicalInputs() {
        const QString text = numberedLines(50, 0);
        const TextDiff d = diffText(text, text);
        QVERIFY(d.isIdentical());
        QCOMPARE(d.rows.size(), std::size_t(50));
        QVERIFY(renderUnified(d).isEmpty());
    }

    void unicode() {
        const TextDiff d = diffText(QStringLiteral("Grüße an 日本 🎉 heute\n"),
                                    QStringLiteral("Grüße an 中国 🎉 heute\n"));
        QCOMPARE(d.rows.size(), std::size_t(1));
        QCOMPARE(d.rows[0].kind, RowKind::Change);
        QCOMPARE(renderUnified(d),
                 QStringLiteral("@@ -1,1 +1,1 @@\n~Grüße an [-日本-]{+中国+} 🎉 heute\n"));
    }

    void largeInputs() {
        // 10k lines, every 7th edited, plus a fully different 10k-line pair: both finish.
        const QString a = numberedLines(10000, 0);
        const QString b = numberedLines(10000, 7);
        const TextDiff d = diffText(a, b);
        QCOMPARE(d.insertedLines(), 1429);
        QCOMPARE(d.deletedLines(), 1429);
        QString other;
        for (int i = 0; i < 10000; ++i)
            other += QStringLiteral("something else %1\n").arg(i * 7919 % 10007);
        const TextDiff d2 = diffText(a, other);
        QCOMPARE(d2.deletedLines(), 10000);
        QVERIFY(!renderUnified(d2).isEmpty());
        // Shuffled lines: many matches, no easy path; must still finish with a valid script.
        QStringList lines = a.split(u'\n');
        std::reverse(lines.begin(), lines.end());
        const TextDiff d3 = diffText(a, lines.join(u'\n'));
        QVERIFY(d3.deletedLines() >= 9998);
    }
};

QTEST_GUILESS_MAIN(TestLineDiff)
#include "test_line_diff.moc"
