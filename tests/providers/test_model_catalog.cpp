#include "providers/model_catalog.h"

#include <QTest>

using namespace trellis::providers;

class TestModelCatalog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void builtInHasTheCommonModels() {
        auto c = ModelCatalog::builtIn();
        QVERIFY2(c.ok(), c.ok() ? "" : qPrintable(c.error().message));
        for (const char *id : {"openai:gpt-4o-mini", "openai:gpt-5-nano",
                               "anthropic:claude-haiku-4-5", "anthropic:claude-opus-4-1",
                               "gemini:gemini-2.5-flash-lite", "gemini:gemini-2.0-flash"}) {
            const auto p = c->find(QLatin1String(id));
            QVERIFY2(p.has_value(), id);
            QVERIFY(p->contextWindow > 0);
            QVERIFY(p->inputPerMTok > 0 && p->outputPerMTok > 0);
        }
        QVERIFY(!c->asOf().isEmpty());
        QVERIFY(c->sources().contains(QStringLiteral("openai")));
    }

    void costUsesCachedRate() {
        ModelPrice p{QStringLiteral("x:y"), 0, 2.0, 0.5, 8.0};
        Usage u{1000000, 500000, 400000, true};
        // 600k uncached × $2 + 400k cached × $0.5 + 500k out × $8
        QCOMPARE(ModelCatalog::cost(p, u), 1.2 + 0.2 + 4.0);
        u.cachedTokens = 5000000; // more cached than input: clamped
        QCOMPARE(ModelCatalog::cost(p, u), 0.5 + 4.0);
    }

    void datedVariantsMatchTheirFamily() {
        auto c = ModelCatalog::builtIn();
        QVERIFY(c.ok());
        QCOMPARE(c->find(QStringLiteral("anthropic:claude-haiku-4-5-20251001"))->id,
                 QStringLiteral("anthropic:claude-haiku-4-5"));
        QCOMPARE(c->find(QStringLiteral("openai:gpt-4o-mini-2024-07-18"))->id,
                 QStringLiteral("openai:gpt-4o-mini"));
        QVERIFY(!c->find(QStringLiteral("openai:gpt-4o-minix")).has_value());
        QVERIFY(!c->find(QStringLiteral("groq:llama-3.1-8b")).has_value());
    }

    void overridesMerge() {
        auto c = ModelCatalog::builtIn();
        QVERIFY(c.ok());
        const double out = c->find(QStringLiteral("openai:gpt-4o"))->outputPerMTok;
        QVERIFY(
            c->applyOverrides(
                 R"({"models":[{"id":"openai:gpt-4o","input":9},{"id":"groq:llama-3.1-8b","input":0.05,"output":0.08}]})")
                .ok());
        QCOMPARE(c->find(QStringLiteral("openai:gpt-4o"))->inputPerMTok, 9.0);
        QCOMPARE(c->find(QStringLiteral("openai:gpt-4o"))->outputPerMTok, out);
        QCOMPARE(*c->costFor(QStringLiteral("groq:llama-3.1-8b"), Usage{1000000, 1000000, 0, true}),
                 0.13);
        const auto bad = c->applyOverrides(R"({"models":[{"id":"openai:gpt-4o","input":-1}]})");
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().field, QStringLiteral("models[0].input"));
        QVERIFY(!c->applyOverrides("not json").ok());
    }
};

QTEST_GUILESS_MAIN(TestModelCatalog)
#include "test_model_catalog.moc"
