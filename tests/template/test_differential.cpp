// Renders every case in tests/template/cases with the engine and with Python Jinja2
// (jinja_render.py, run once for the whole corpus) and requires identical output, or an
// error from both.
#include "template/loader.h"
#include "template/template.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace trellis::tmpl;

class TestTemplateDifferential : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matchesJinja2_data();
    void matchesJinja2();

private:
    QString m_casesDir;
    QJsonObject m_reference;
};

void TestTemplateDifferential::initTestCase() {
    const QString source = qEnvironmentVariable("TRELLIS_SOURCE_DIR", QString());
    m_casesDir = source + QStringLiteral("/tests/template/cases");
    QVERIFY(QDir(m_casesDir).exists());
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString out = tmp.filePath(QStringLiteral("reference.json"));
    QProcess python;
    python.start(QStringLiteral("python3"),
                 {source + QStringLiteral("/tests/template/jinja_render.py"), m_casesDir, out});
    QVERIFY2(python.waitForFinished(120000), "python3 did not finish");
    if (python.exitCode() != 0 && python.readAllStandardError().contains("No module named"))
        QSKIP("python3-jinja2 is not installed");
    QCOMPARE(python.exitCode(), 0);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    m_reference = QJsonDocument::fromJson(f.readAll()).object();
    QVERIFY(m_reference.size() >= 150);
}

void TestTemplateDifferential::matchesJinja2_data() {
    QTest::addColumn<QString>("caseName");
    const QString source = qEnvironmentVariable("TRELLIS_SOURCE_DIR", QString());
    const QDir dir(source + QStringLiteral("/tests/template/cases"));
    const QStringList files = dir.entryList({QStringLiteral("*.j2")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        if (file.startsWith(QLatin1Char('_')))
            continue;
        const QString name = file.chopped(3);
        QTest::newRow(name.toUtf8().constData()) << name;
    }
}

void TestTemplateDifferential::matchesJinja2() {
    QFETCH(QString, caseName);
    QFile tf(m_casesDir + QLatin1Char('/') + caseName + QStringLiteral(".j2"));
    QVERIFY(tf.open(QIODevice::ReadOnly));
    const QByteArray source = tf.readAll();
    nlohmann::ordered_json data = nlohmann::ordered_json::object();
    QFile df(m_casesDir + QLatin1Char('/') + caseName + QStringLiteral(".json"));
    if (df.open(QIODevice::ReadOnly))
        data = nlohmann::ordered_json::parse(df.readAll().toStdString());

    const QJsonObject expected = m_reference.value(caseName).toObject();
    QVERIFY2(!expected.isEmpty(), "no reference result");

    DirectoryLoader loader(m_casesDir);
    RenderOptions options;
    options.loader = &loader;
    auto tpl = Template::parseUtf8(source.toStdString(), caseName);
    trellis::Result<QString> rendered =
        tpl.ok() ? (*tpl)->render(data, options) : trellis::Result<QString>(tpl.error());
    if (expected.contains(QStringLiteral("error"))) {
        QVERIFY2(!rendered.ok(),
                 qPrintable(QStringLiteral("Jinja2 rejects (%1) but engine rendered: %2")
                                .arg(expected.value(QStringLiteral("error")).toString(),
                                     rendered.ok() ? *rendered : QString())));
        return;
    }
    if (!rendered.ok())
        QFAIL(qPrintable(QStringLiteral("engine error: ") + rendered.error().toString()));
    QCOMPARE(*rendered, expected.value(QStringLiteral("output")).toString());
}

QTEST_GUILESS_MAIN(TestTemplateDifferential)
#include "test_differential.moc"
