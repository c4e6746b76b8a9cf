// The building blocks under the validator: number semantics, URI resolution, JSON pointers,
// the ECMA regex translation, the evaluation limits and concurrent use.
#include "schema/ecma_regex.h"
#include "schema/json_pointer.h"
#include "schema/json_schema.h"
#include "schema/json_value.h"
#include "schema/uri.h"

#include <QTest>

#include <thread>

using nlohmann::json;
using namespace trellis::schema;

class TestSchemaSupport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void compareNumbersExactly() {
        QCOMPARE(compareNumbers(json(1), json(1.0)), 0);
        QCOMPARE(compareNumbers(json(-1), json(std::uint64_t(1))), -1);
        QCOMPARE(compareNumbers(json(std::uint64_t(18446744073709551615ULL)), json(1.8e19)), 1);
        // 2^53 + 1 is not representable as a double; comparing through double would say equal.
        QCOMPARE(compareNumbers(json(std::int64_t(9007199254740993LL)), json(9007199254740992.0)),
                 1);
        QCOMPARE(compareNumbers(json(2.5), json(2)), 1);
        QVERIFY(jsonEqual(json::parse("{\"a\":[1,{\"b\":2.0}]}"),
                          json::parse("{\"a\":[1.0,{\"b\":2}]}")));
        QVERIFY(!jsonEqual(json(false), json(0)));
        QCOMPARE(jsonHash(json(1)), jsonHash(json(1.0)));
    }

    void multipleOf_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("divisor");
        QTest::addColumn<bool>("expected");
        QTest::newRow("decimal") << "0.0075"
                                 << "0.0001" << true;
        QTest::newRow("decimal off") << "0.00751"
                                     << "0.0001" << false;
        QTest::newRow("tenths") << "0.3"
                                << "0.1" << true;
        QTest::newRow("cents") << "19.99"
                               << "0.01" << true;
        QTest::newRow("tiny is not a multiple of 1") << "1e-12"
                                                     << "1" << false;
        QTest::newRow("uint64") << "18446744073709551615"
                                << "5" << true;
        QTest::newRow("int64 min") << "-9223372036854775808"
                                   << "2" << true;
        QTest::newRow("huge double by 3") << "1e20"
                                          << "3" << false;
        QTest::newRow("overflowing quotient") << "1e308"
                                              << "0.123456789" << false;
        QTest::newRow("any integer by 0.5") << "1e308"
                                            << "0.5" << true;
    }

    void multipleOf() {
        QFETCH(QString, value);
        QFETCH(QString, divisor);
        QTEST(isMultipleOf(json::parse(value.toStdString()), json::parse(divisor.toStdString())),
              "expected");
    }

    void codePoints() {
        QCOMPARE(codePointLength("abc"), std::size_t(3));
        QCOMPARE(codePointLength("\xF0\x9F\x98\x80"), std::size_t(1)); // U+1F600
        QCOMPARE(codePointLength("\xC3\xA9t\xC3\xA9"), std::size_t(3));
    }

    void resolveUri_data() {
        QTest::addColumn<QString>("base");
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QString>("expected");
        const QString base = QStringLiteral("http://a/b/c/d;p?q");
        // RFC 3986 section 5.4.
        QTest::newRow("g") << base << "g"
                           << "http://a/b/c/g";
        QTest::newRow("./g") << base << "./g"
                             << "http://a/b/c/g";
        QTest::newRow("/g") << base << "/g"
                            << "http://a/g";
        QTest::newRow("//g") << base << "//g"
                             << "http://g";
        QTest::newRow("?y") << base << "?y"
                            << "http://a/b/c/d;p?y";
        QTest::newRow("#s") << base << "#s"
                            << "http://a/b/c/d;p?q#s";
        QTest::newRow("../g") << base << "../g"
                              << "http://a/b/g";
        QTest::newRow("../../../g") << base << "../../../g"
                                    << "http://a/g";
        QTest::newRow("urn fragment") << "urn:uuid:deadbeef"
                                      << "#/$defs/a"
                                      << "urn:uuid:deadbeef#/$defs/a";
        QTest::newRow("empty base") << ""
                                    << "#/a"
                                    << "#/a";
        QTest::newRow("percent kept") << "http://x/y"
                                      << "#/a%25b"
                                      << "http://x/y#/a%25b";
    }

    void resolveUri() {
        QFETCH(QString, base);
        QFETCH(QString, reference);
        QTEST(QString::fromStdString(
                  trellis::schema::resolveUri(base.toStdString(), reference.toStdString())),
              "expected");
    }

    void pointers() {
        QCOMPARE(escapePointerToken("a/b~c"), std::string("a~1b~0c"));
        const json doc = json::parse("{\"a/b\":{\"c~d\":[10,20]},\"\":{\"\":1}}");
        QCOMPARE(resolvePointer(doc, "/a~1b/c~0d/1")->get<int>(), 20);
        QCOMPARE(resolvePointer(doc, "//")->get<int>(), 1);
        QVERIFY(!resolvePointer(doc, "/a~1b/c~0d/01"));
        QVERIFY(!resolvePointer(doc, "/a~1b/c~0d/2"));
        QVERIFY(!parsePointer("/bad~2"));
        QVERIFY(!parsePointer("no-slash"));
        QCOMPARE(percentDecode("a%25b%2"), std::string("a%b%2"));
    }

    void ecmaPatterns_data() {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QByteArray>("subject"); // bytes: QString would drop a BOM
        QTest::addColumn<bool>("expected");
        QTest::newRow("$ is end of input only") << "^a$" << QByteArray("a\n") << false;
        QTest::newRow("unanchored search") << "b+" << QByteArray("abbc") << true;
        QTest::newRow("dot excludes CR") << "^.$" << QByteArray("\r") << false;
        QTest::newRow("dot takes a whole code point")
            << "^.$" << QByteArray("\xF0\x9F\x98\x80") << true;
        QTest::newRow("\\u escape") << "^\\u0041$" << QByteArray("A") << true;
        QTest::newRow("surrogate pair escape")
            << "^\\uD83D\\uDE00$" << QByteArray("\xF0\x9F\x98\x80") << true;
        QTest::newRow("\\d is ASCII")
            << "^\\d$" << QByteArray("\xDF\xA0") << false; // NKO DIGIT ZERO
        QTest::newRow("\\s is Unicode") << "^\\s$" << QByteArray("\xE3\x80\x80") << true; // U+3000
        QTest::newRow("long property name")
            << "^\\p{Letter}+$" << QByteArray("\xC3\xA9t\xC3\xA9") << true;
        QTest::newRow("[^] is any char") << "^[^]$" << QByteArray("\n") << true;
        QTest::newRow("leading BOM is kept") << "^\\uFEFF" << QByteArray("\xEF\xBB\xBFx") << true;
    }

    void ecmaPatterns() {
        QFETCH(QString, pattern);
        QFETCH(QByteArray, subject);
        const auto regex = EcmaRegex::compile(pattern.toStdString());
        QVERIFY2(regex.ok(), regex.ok() ? "" : qPrintable(regex.error().message));
        QTEST(regex->search(subject.toStdString()), "expected");
    }

    void catastrophicPatternGivesUp() {
        // Exponential backtracking: the PCRE2 match limit ends it as "no match".
        const auto regex = EcmaRegex::compile("^(a+)+$");
        QVERIFY(regex.ok());
        QVERIFY(!regex->search(std::string(40, 'a') + '!'));
        QVERIFY(regex->search(std::string(40, 'a')));
    }

    void refCycleHitsTheDepthLimit() {
        for (const char *text :
             {"{\"$ref\":\"#\"}", "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/"
                                  "$defs/a\"}},\"$ref\":\"#/$defs/a\"}"}) {
            const auto compiled = compile(json::parse(text));
            QVERIFY(compiled.ok());
            QVERIFY(!(*compiled)->isValid(1));
            const auto errors = (*compiled)->validate(1);
            QVERIFY(!errors.empty());
            QCOMPARE(errors.back().keyword, QStringLiteral("$limit"));
        }
    }

    void deepInstanceIsRefused() {
        const auto compiled = compile(json::parse("{\"items\":{\"$ref\":\"#\"}}"));
        QVERIFY(compiled.ok());
        json deep = json::array();
        for (int i = 0; i < 2000; ++i)
            deep = json::array({std::move(deep)});
        const auto errors = (*compiled)->validate(deep);
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(errors[0].keyword, QStringLiteral("$limit"));
        QVERIFY(!(*compiled)->isValid(deep));
        // Shallow values are unaffected.
        QVERIFY((*compiled)->isValid(json::parse("[[[[]]],[]]")));
    }

    void exponentialApplicatorsHitTheStepBudget() {
        // Each level tries two failing branches that both recurse: 2^40 paths without a budget.
        json schema = json::parse("{\"$defs\":{\"l0\":{\"type\":\"string\"}}}");
        for (int i = 1; i <= 40; ++i) {
            const std::string below = "#/$defs/l" + std::to_string(i - 1);
            schema["$defs"]["l" + std::to_string(i)] =
                json{{"anyOf", json::array({json{{"$ref", below}}, json{{"$ref", below}}})}};
        }
        schema["$ref"] = "#/$defs/l40";
        const auto compiled = compile(schema);
        QVERIFY(compiled.ok());
        QVERIFY(!(*compiled)->isValid(1));
        const auto errors = (*compiled)->validate(1);
        QVERIFY(!errors.empty());
        QCOMPARE(errors.back().keyword, QStringLiteral("$limit"));
    }

    void concurrentValidation() {
        const auto compiled =
            compile(json::parse("{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":["
                                "\"id\"],\"properties\":{\"id\":{\"type\":\"integer\",\"minimum\":"
                                "0},\"name\":{\"pattern\":\"^[a-z]+$\"}}}}"));
        QVERIFY(compiled.ok());
        const std::shared_ptr<const CompiledSchema> schema = *compiled;
        json instance = json::array();
        for (int i = 0; i < 200; ++i)
            instance.push_back(json{{"id", i % 7 == 0 ? -i : i}, {"name", i % 5 ? "abc" : "X"}});
        const std::size_t expected = schema->validate(instance).size();
        QVERIFY(expected > 0);
        std::vector<std::thread> threads;
        std::vector<int> mismatches(4, 0);
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int round = 0; round < 50; ++round) {
                    if (schema->validate(instance).size() != expected || schema->isValid(instance))
                        ++mismatches[static_cast<std::size_t>(t)];
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(mismatches, std::vector<int>(4, 0));
    }
};

QTEST_GUILESS_MAIN(TestSchemaSupport)
#include "test_schema_support.moc"
