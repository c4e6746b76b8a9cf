#include "fake_llm_server.h"
#include "providers/provider_registry.h"

#include <QTest>

using namespace trellis::providers;
using namespace trellis::testing;

class TestProviderRegistry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keysInSettingsAreRefused() {
        const auto s = ProviderSettings::fromJson(R"({"providers":{"openai":{"api_key":"sk-x"}}})");
        QVERIFY(!s.ok());
        QVERIFY(s.error().message.contains(u"keychain"));
        QCOMPARE(s.error().field, QStringLiteral("providers.openai.api_key"));
    }

    void wrongTypesAreErrorsNotCrashes() {
        QVERIFY(!ProviderSettings::fromJson(R"({"providers":{"openai":{"enabled":"yes"}}})").ok());
        QVERIFY(!ProviderSettings::fromJson(R"({"dryrun":{"latency_ms":"fast"}})").ok());
        QVERIFY(
            !ProviderSettings::fromJson(R"({"endpoints":{"x":{"base_url":"not a url"}}})").ok());
        QVERIFY(!ProviderSettings::fromJson("[]").ok());
    }

    void dryRunDelaysOutOfRangeAreErrors() {
        // Found by fuzz_settings: 1e300 was converted to int (undefined behaviour).
        const auto huge = ProviderSettings::fromJson(R"({"dryrun":{"latency_ms":1e300}})");
        QVERIFY(!huge.ok());
        QCOMPARE(huge.error().field, QStringLiteral("dryrun.latency_ms"));
        const auto negative = ProviderSettings::fromJson(R"({"dryrun":{"chunk_delay_ms":-1}})");
        QVERIFY(!negative.ok());
        QCOMPARE(negative.error().field, QStringLiteral("dryrun.chunk_delay_ms"));
        const auto fine = ProviderSettings::fromJson(R"({"dryrun":{"latency_ms":2147483647}})");
        QVERIFY(fine.ok());
        QCOMPARE(fine->dryRun.latencyMs, 2147483647);
    }

    void resolvesFromEnvironmentAndKeychain() {
        FakeLlmServer server;
        QVERIFY(server.listen());
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("env-secret-value-123"));
        env.insert(QStringLiteral("OPENAI_BASE_URL"), server.openAiBaseUrl().toString());
        env.insert(QStringLiteral("OLLAMA_HOST"),
                   QStringLiteral("127.0.0.1:%1").arg(server.port()));
        MemoryKeyStore keys;
        QVERIFY(keys.writeKey(QStringLiteral("groq"), QStringLiteral("keychain-secret-456")).ok());
        auto settings = ProviderSettings::fromJson(
            QStringLiteral(
                R"({"endpoints":{"groq":{"base_url":"%1"}},"providers":{"gemini":{"enabled":false}}})")
                .arg(server.openAiBaseUrl().toString())
                .toUtf8());
        QVERIFY(settings.ok());
        ProviderRegistry reg(settings.value(), env, &keys);

        auto openai = reg.resolve(QStringLiteral("openai:gpt-4o-mini"));
        QVERIFY(openai.ok());
        QCOMPARE(openai->model, QStringLiteral("gpt-4o-mini"));
        auto groq = reg.resolve(QStringLiteral("groq:llama-3.1-8b"));
        QVERIFY(groq.ok());
        auto ollama = reg.resolve(QStringLiteral("ollama:llama3.2:1b"));
        QVERIFY(ollama.ok());
        QCOMPARE(ollama->model, QStringLiteral("llama3.2:1b"));

        for (auto *resolved : {&openai.value(), &groq.value()}) {
            ProviderRequest r;
            r.model = resolved->model;
            r.messages = {{Role::User, QStringLiteral("hi")}};
            std::unique_ptr<ProviderCall> call(resolved->provider->start(r));
            QTRY_VERIFY(call->isDone());
            QVERIFY2(call->succeeded(), qPrintable(call->error().toString()));
            QVERIFY(!call->result().requestJson.contains("secret"));
        }
        const auto reqs = server.requests();
        QCOMPARE(reqs[0].header("authorization"), QByteArray("Bearer env-secret-value-123"));
        QCOMPARE(reqs[1].header("authorization"), QByteArray("Bearer keychain-secret-456"));

        QVERIFY(!reg.resolve(QStringLiteral("gemini:gemini-2.0-flash")).ok()); // disabled
        const auto unknown = reg.resolve(QStringLiteral("mistral:large"));
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().message.contains(u"unknown provider"));
        QVERIFY(!reg.resolve(QStringLiteral("no-colon")).ok());
        bool listed = false;
        for (const ProviderInfo &i : reg.providers()) {
            QVERIFY(!i.keySource.contains(u"secret"));
            listed |= i.id == u"groq" && i.keySource == u"keychain";
        }
        QVERIFY(listed);
    }

    void missingKeyIsAClearErrorNotADryRun() {
        auto settings = ProviderSettings::fromJson("{}");
        QVERIFY(settings.ok());
        MemoryKeyStore keys;
        ProviderRegistry reg(settings.value(), QProcessEnvironment(), &keys);
        const auto r = reg.resolve(QStringLiteral("anthropic:claude-haiku-4-5"));
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(u"ANTHROPIC_API_KEY"));
        const auto dry = reg.resolve(QStringLiteral("dryrun:anything"));
        QVERIFY(dry.ok());
        QVERIFY(dry->provider->isDryRun());
    }
};

QTEST_GUILESS_MAIN(TestProviderRegistry)
#include "test_provider_registry.moc"
