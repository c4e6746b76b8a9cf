#include "common/result.h"

#include <QTest>

using trellis::Error;
using trellis::Result;
using trellis::Status;

class TestResult : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void valueAndError() {
        Result<int> good = 42;
        QVERIFY(good.ok());
        QCOMPARE(*good, 42);
        QCOMPARE(good.valueOr(7), 42);

        Result<int> bad = Error(QStringLiteral("boom"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().message, QStringLiteral("boom"));
        QCOMPARE(bad.valueOr(7), 7);
    }

    void statusDefaultsToOk() {
        Status ok;
        QVERIFY(ok.ok());
        Status failed = Error(QStringLiteral("nope"));
        QVERIFY(!failed);
    }

    void errorToString_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        QTest::newRow("message only") << QString() << 0 << 0 << QString() << u"bad"_qs;
        QTest::newRow("file") << u"a.yaml"_qs << 0 << 0 << QString() << u"a.yaml: bad"_qs;
        QTest::newRow("file line col")
            << u"a.yaml"_qs << 3 << 7 << QString() << u"a.yaml:3:7: bad"_qs;
        QTest::newRow("line without column")
            << u"a.yaml"_qs << 3 << 0 << QString() << u"a.yaml:3: bad"_qs;
        QTest::newRow("field") << u"a.yaml"_qs << 3 << 7 << u"messages[1].role"_qs
                               << u"a.yaml:3:7: messages[1].role: bad"_qs;
        QTest::newRow("field only") << QString() << 0 << 0 << u"name"_qs << u"name: bad"_qs;
    }

    void errorToString() {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, field);
        QFETCH(QString, expected);
        Error error(QStringLiteral("bad"));
        error.inFile(file).at(line, column).forField(field);
        QCOMPARE(error.toString(), expected);
    }
};

QTEST_GUILESS_MAIN(TestResult)
#include "test_result.moc"
