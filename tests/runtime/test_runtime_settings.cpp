#include "runtime/runtime_settings.h"

#include <QTest>

using namespace trellis::runtime;

class TestRuntimeSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsEverySection() {
        const auto s = RuntimeSettings::fromJson(
            "{\n"
            "          \"providers\": {\"openai\": {\"base_url\": \"http://127.0.0.1:9/v1\"}},\n"
            "          \"models\": [{\"id\": \"openai:x\", \"input\": 1, \"output\": 2}],\n"
            "          \"runtime\": {\n"
            "            \"stream\": false,\n"
            "            \"timeouts\": {\"connect_ms\": 100, \"first_token_ms\": 200, "
            "\"total_ms\": 300},\n"
            "            \"retry\": {\"max_attempts\": 6, \"base_delay_ms\": 10, \"max_delay_ms\": "
            "50},\n"
            "            \"budget\": {\"per_run_usd\": 0.5, \"per_day_usd\": 2},\n"
            "            \"cache\": {\"enabled\": false, \"ttl_seconds\": 60},\n"
            "            \"routing\": [{\"name\": \"long\", \"model\": \"openai:big\", "
            "\"min_input_tokens\": 1000}],\n"
            "            \"fallbacks\": {\"openai:a\": [\"anthropic:b\"]},\n"
            "            \"limits\": {\"default\": {\"max_concurrent\": 4},\n"
            "                       \"openai:a\": {\"requests_per_minute\": 60, "
            "\"tokens_per_minute\": 1000}},\n"
            "            \"sanitize\": {\"fence\": [\"doc\"], \"block\": true},\n"
            "            \"prompt_sanitize\": {\"summarize\": {\"fence_all\": true}},\n"
            "            \"network_managers\": 8, \"record_commit_delay_ms\": 5\n"
            "          }}");
        QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().toString()));
        const PipelineConfig &c = s->pipeline;
        QCOMPARE(c.stream, false);
        QCOMPARE(c.timeouts.firstTokenMs, 200);
        QCOMPARE(c.retry.maxAttempts, 6);
        QCOMPARE(*c.budget.perDayUsd, 2.0);
        QCOMPARE(c.cache, false);
        QCOMPARE(c.cacheTtlSeconds, 60);
        QCOMPARE(c.routing.size(), std::size_t(1));
        QCOMPARE(c.routing[0].minInputTokens, qint64(1000));
        QCOMPARE(c.fallbacks.value(QStringLiteral("openai:a")),
                 QStringList{QStringLiteral("anthropic:b")});
        QCOMPARE(c.defaultLimits.maxConcurrent, 4);
        QCOMPARE(c.limits.value(QStringLiteral("openai:a")).requestsPerMinute, 60.0);
        QCOMPARE(c.sanitize.fencedVariables, QStringList{QStringLiteral("doc")});
        QVERIFY(c.sanitize.blockOnFlag);
        QVERIFY(c.promptSanitize.value(QStringLiteral("summarize")).fenceAll);
        QCOMPARE(c.networkManagers, 8);
        QCOMPARE(c.recordCommitDelayMs, 5);
        QVERIFY(!s->catalogOverrides.isEmpty());
    }
    void errorsNameTheField_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("retry") << QByteArray("{\"runtime\":{\"retry\":{\"max_attempts\":\"x\"}}}")
                               << QStringLiteral("runtime.retry.max_attempts");
        QTest::newRow("budget") << QByteArray("{\"runtime\":{\"budget\":{\"per_day_usd\":-1}}}")
                                << QStringLiteral("runtime.budget.per_day_usd");
        QTest::newRow("route") << QByteArray(
            "{\"runtime\":{\"routing\":[{\"model\":\"nomodel\"}]}}")
                               << QStringLiteral("routing[0].model");
        // Found by fuzz_settings: a huge number was converted to int (undefined behaviour).
        QTest::newRow("too large")
            << QByteArray("{\"runtime\":{\"timeouts\":{\"connect_ms\":1e300}}}")
            << QStringLiteral("runtime.timeouts.connect_ms");
        QTest::newRow("just too large")
            << QByteArray("{\"runtime\":{\"retry\":{\"max_attempts\":2147483648}}}")
            << QStringLiteral("runtime.retry.max_attempts");
        QTest::newRow("commit window")
            << QByteArray("{\"runtime\":{\"record_commit_delay_ms\":60000}}")
            << QStringLiteral("runtime.record_commit_delay_ms");
        QTest::newRow("limits") << QByteArray(
            "{\"runtime\":{\"limits\":{\"a:b\":{\"max_concurrent\":true}}}}")
                                << QStringLiteral("runtime.limits.a:b.max_concurrent");
    }
    void errorsNameTheField() {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        const auto s = RuntimeSettings::fromJson(json);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().field, field);
    }
    void keysInTheFileAreRefused() {
        QVERIFY(
            !RuntimeSettings::fromJson("{\"providers\":{\"openai\":{\"api_key\":\"sk-1\"}}}").ok());
    }
    void missingFileIsDefaults() {
        const auto s = RuntimeSettings::load(QStringLiteral("/nonexistent/trellis/settings.json"));
        QVERIFY(s.ok());
        QVERIFY(s->pipeline.stream);
    }
};

QTEST_GUILESS_MAIN(TestRuntimeSettings)
#include "test_runtime_settings.moc"
