#include "diff/unified.h"
#include "diff/word_diff.h"

#include <QTest>

using namespace trellis::diff;

class TestWordDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tokens() {
        QCOMPARE(tokenize(QStringLiteral("Hello,  world_1 {{x}}!")),
                 (QStringList{QStringLiteral("Hello"), QStringLiteral(","), QStringLiteral("  "),
                              QStringLiteral("world_1"), QStringLiteral(" "), QStringLiteral("{"),
                              QStringLiteral("{"), QStringLiteral("x"), QStringLiteral("}"),
                              QStringLiteral("}"), QStringLiteral("!")}));
        QCOMPARE(tokenize(QStringLiteral("日本語 🎉x")).size(), 3); // emoji pair joins the word
        QVERIFY(tokenize(QString()).isEmpty());
        const QString line = QStringLiteral("a\tb  \"c\" — d");
        QCOMPARE(tokenize(line).join(QString()), line);
    }

    void marks_data() {
        QTest::addColumn<QString>("oldLine");
        QTest::addColumn<QString>("newLine");
        QTest::addColumn<QString>("marked");
        QTest::newRow("replace word")
            << QStringLiteral("temperature is low") << QStringLiteral("temperature is high")
            << QStringLiteral("temperature is [-low-]{+high+}");
        QTest::newRow("insert") << QStringLiteral("a c") << QStringLiteral("a b c")
                                << QStringLiteral("a {+b +}c");
        QTest::newRow("delete") << QStringLiteral("a b c") << QStringLiteral("a c")
                                << QStringLiteral("a [-b -]c");
        QTest::newRow("two words one span")
            << QStringLiteral("say quick brown fox") << QStringLiteral("say slow red fox")
            << QStringLiteral("say [-quick brown-]{+slow red+} fox");
        QTest::newRow("punctuation")
            << QStringLiteral("Hello, world.") << QStringLiteral("Hello; world!")
            << QStringLiteral("Hello[-,-]{+;+} world[-.-]{+!+}");
        QTest::newRow("whitespace only")
            << QStringLiteral("a b") << QStringLiteral("a  b") << QStringLiteral("a[- -]{+  +}b");
        QTest::newRow("identical")
            << QStringLiteral("same") << QStringLiteral("same") << QStringLiteral("same");
        QTest::newRow("from empty")
            << QString() << QStringLiteral("new") << QStringLiteral("{+new+}");
        QTest::newRow("unicode") << QStringLiteral("Größe: 5") << QStringLiteral("Größe: 6")
                                 << QStringLiteral("Größe: [-5-]{+6+}");
    }

    void marks() {
        QFETCH(QString, oldLine);
        QFETCH(QString, newLine);
        QFETCH(QString, marked);
        const WordChanges w = diffWords(oldLine, newLine);
        DiffRow row;
        row.kind = RowKind::Change;
        row.oldSpans = w.oldSpans;
        row.newSpans = w.newSpans;
        QCOMPARE(markWords(oldLine, newLine, row), marked);
        // Spans lie inside their lines.
        for (const TextSpan &s : w.oldSpans)
            QVERIFY(s.start >= 0 && s.length > 0 && s.start + s.length <= oldLine.size());
        for (const TextSpan &s : w.newSpans)
            QVERIFY(s.start >= 0 && s.length > 0 && s.start + s.length <= newLine.size());
    }

    void similarity() {
        QCOMPARE(lineSimilarity(QStringLiteral("a b c"), QStringLiteral("a b c")), 1.0);
        QCOMPARE(lineSimilarity(QStringLiteral("a b"), QStringLiteral("c d")), 0.0);
        QCOMPARE(lineSimilarity(QStringLiteral("a b c d"), QStringLiteral("a b x y")), 0.5);
        QCOMPARE(lineSimilarity(QString(), QStringLiteral("   ")), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestWordDiff)
#include "test_word_diff.moc"
