// End-to-end: trellis-cli run / models / log against the fake LLM server (a child process,
// since the CLI runner blocks) and the dry run.
#include "cli_process.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using trellis::test::CliProcess;
using trellis::test::CliResult;

namespace {

constexpr const char *kSecret = "sk-cliSECRETkey0123456789abcdefghij";

const char *kGreeter = R"(name: greeter
model: openai:gpt-4o-mini
params:
  max_tokens: 50
variables:
  - name: who
    type: string
    required: true
  - name: times
    type: integer
    default: 1
messages:
  - role: system
    content: Greet briefly.
  - role: user
    content: "Say hello to {{ who }} x{{ times }}"
)";

} // namespace

class TestCliRun : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QProcess m_server;
    QString m_baseUrl;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    CliProcess cli(const QString &db) const {
        CliProcess c(path(db));
        c.setEnv(QStringLiteral("TRELLIS_NO_EXAMPLE"), QStringLiteral("1"));
        c.setEnv(QStringLiteral("TRELLIS_NO_KEYCHAIN"), QStringLiteral("1"));
        c.setEnv(QStringLiteral("TRELLIS_SETTINGS"), path(QStringLiteral("settings.json")));
        c.setEnv(QStringLiteral("OPENAI_API_KEY"), QLatin1String(kSecret));
        c.setEnv(QStringLiteral("OPENAI_BASE_URL"), m_baseUrl + QStringLiteral("/v1"));
        c.setEnv(QStringLiteral("ANTHROPIC_API_KEY"), QString());
        c.setEnv(QStringLiteral("GEMINI_API_KEY"), QString());
        return c;
    }

    CliProcess withGreeter(const QString &db) {
        const CliProcess c = cli(db);
        QFile f(path(QStringLiteral("greeter.yaml")));
        f.open(QIODevice::WriteOnly);
        f.write(kGreeter);
        f.close();
        const CliResult r = c.run({QStringLiteral("prompt"), QStringLiteral("import"),
                                   path(QStringLiteral("greeter.yaml"))});
        if (r.exitCode != 0)
            qWarning("import failed: %s", r.err.constData());
        return c;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QString exe = QDir(qEnvironmentVariable("TRELLIS_BIN_DIR"))
                                .filePath(QStringLiteral("fake-llm-server"));
        m_server.start(exe, {QStringLiteral("--port"), QStringLiteral("0")});
        QVERIFY2(m_server.waitForStarted(10000), qPrintable(exe));
        QByteArray line;
        for (int i = 0; i < 100 && !line.contains("http://"); ++i) {
            m_server.waitForReadyRead(100);
            line += m_server.readAllStandardOutput();
        }
        const qsizetype at = line.indexOf("http://");
        QVERIFY2(at >= 0, line.constData());
        m_baseUrl = QString::fromLatin1(line.mid(at).trimmed());
    }
    void cleanupTestCase() {
        m_server.kill();
        m_server.waitForFinished(5000);
    }

    void runStreamsAnswerAndSummary() {
        const CliProcess c = withGreeter(QStringLiteral("run.db"));
        const CliResult r =
            c.run({QStringLiteral("run"), QStringLiteral("greeter"), QStringLiteral("--var"),
                   QStringLiteral("who=Ada"), QStringLiteral("--var"), QStringLiteral("times=3")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.outText().contains(QStringLiteral("Say hello to Ada x3")), r.out.constData());
        const QString summary = r.errText();
        for (const char *part : {"model=openai:gpt-4o-mini", "tokens=", "cost=$",
                                 "ttft=", "latency=", "cache=miss", "attempts=1"})
            QVERIFY2(summary.contains(QLatin1String(part)), qPrintable(summary));

        // Same again: answered from the cache; --no-cache calls again.
        const CliResult cached =
            c.run({QStringLiteral("run"), QStringLiteral("greeter@1"), QStringLiteral("--var"),
                   QStringLiteral("who=Ada"), QStringLiteral("--var"), QStringLiteral("times=3"),
                   QStringLiteral("--no-stream")});
        QCOMPARE(cached.exitCode, 0);
        QVERIFY(cached.errText().contains(QStringLiteral("cache=hit")));
        QCOMPARE(cached.outText(), r.outText());
        const CliResult fresh =
            c.run({QStringLiteral("run"), QStringLiteral("greeter"), QStringLiteral("--var"),
                   QStringLiteral("who=Ada"), QStringLiteral("--var"), QStringLiteral("times=3"),
                   QStringLiteral("--no-cache"), QStringLiteral("--no-stream")});
        QVERIFY(fresh.errText().contains(QStringLiteral("cache=miss")));

        // The log shows the three runs; JSON has the fields; the key is nowhere.
        const CliResult log = c.run({QStringLiteral("log"), QStringLiteral("--prompt"),
                                     QStringLiteral("greeter"), QStringLiteral("--json")});
        QCOMPARE(log.exitCode, 0);
        const QJsonArray runs = QJsonDocument::fromJson(log.out).array();
        QCOMPARE(runs.size(), 3);
        QCOMPARE(runs[0].toObject()[QStringLiteral("status")].toString(), QStringLiteral("ok"));
        QVERIFY(runs[1].toObject()[QStringLiteral("cache_hit")].toBool());
        const CliResult text =
            c.run({QStringLiteral("log"), QStringLiteral("--last"), QStringLiteral("1")});
        QVERIFY(text.outText().contains(QStringLiteral("openai:gpt-4o-mini ok")));
        QVERIFY(text.outText().count(u'\n') == 1);
        for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
            QFile db(path(QStringLiteral("run.db")) + suffix);
            if (db.open(QIODevice::ReadOnly))
                QVERIFY(!db.readAll().contains(kSecret));
        }
        QVERIFY(!r.err.contains(kSecret) && !log.out.contains(kSecret));
    }

    void badInputAndFailures() {
        const CliProcess c = withGreeter(QStringLiteral("bad.db"));
        CliResult r = c.run({QStringLiteral("run"), QStringLiteral("greeter")});
        QCOMPARE(r.exitCode, 2); // required variable missing
        QVERIFY2(r.errText().contains(QStringLiteral("who")), r.err.constData());
        r = c.run({QStringLiteral("run"), QStringLiteral("greeter"), QStringLiteral("--var"),
                   QStringLiteral("who=x"), QStringLiteral("--var"), QStringLiteral("times=many")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.errText().contains(QStringLiteral("integer")));
        r = c.run({QStringLiteral("run"), QStringLiteral("nosuch")});
        QCOMPARE(r.exitCode, 2);
        r = c.run({QStringLiteral("run"), QStringLiteral("greeter"), QStringLiteral("--var"),
                   QStringLiteral("who=x"), QStringLiteral("--model"),
                   QStringLiteral("anthropic:claude-haiku-4-5")});
        QCOMPARE(r.exitCode, 2); // no key for the official host
        QVERIFY(r.errText().contains(QStringLiteral("ANTHROPIC_API_KEY")));
        // A provider that cannot be reached: the call fails (exit 1) with a clear error.
        CliProcess down = c;
        down.setEnv(QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("http://127.0.0.1:9/v1"));
        QFile s(path(QStringLiteral("settings.json")));
        s.open(QIODevice::WriteOnly);
        s.write(R"({"runtime": {"retry": {"max_attempts": 2, "base_delay_ms": 10}}})");
        s.close();
        r = down.run({QStringLiteral("run"), QStringLiteral("greeter"), QStringLiteral("--var"),
                      QStringLiteral("who=offline"), QStringLiteral("--no-cache")});
        QFile::remove(path(QStringLiteral("settings.json")));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.errText().contains(QStringLiteral("run failed")), r.err.constData());
        QVERIFY(r.errText().contains(QStringLiteral("attempts=2")));
    }

    void dryRunAndModels() {
        CliProcess c(path(QStringLiteral("dry.db")));
        c.setEnv(QStringLiteral("TRELLIS_NO_KEYCHAIN"), QStringLiteral("1"));
        c.setEnv(QStringLiteral("TRELLIS_SETTINGS"), path(QStringLiteral("none.json")));
        // The seeded example project uses the dry run.
        CliResult r = c.run({QStringLiteral("run"), QStringLiteral("extract-order-facts"),
                             QStringLiteral("--var"), QStringLiteral("email=Hi, order A-1 broke")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.errText().contains(QStringLiteral("[dry run]")));
        QVERIFY(r.errText().contains(QStringLiteral("model=dryrun:extractor")));
        QVERIFY(QJsonDocument::fromJson(r.out).isObject()); // schema output is JSON
        r = c.run({QStringLiteral("models")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.outText().contains(QStringLiteral("dryrun")));
        QVERIFY(r.outText().contains(QStringLiteral("openai:gpt-4o-mini")));
        r = c.run({QStringLiteral("models"), QStringLiteral("--json")});
        const QJsonObject doc = QJsonDocument::fromJson(r.out).object();
        QVERIFY(doc[QStringLiteral("models")].toArray().size() > 5);
        QVERIFY(doc[QStringLiteral("providers")].toArray().size() >= 5);
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "test_cli_run.moc"
