// The public API of the validator: error locations and messages (what a repair prompt
// quotes), the fast path, and the unsupported-keyword policy.
#include "schema/json_schema.h"

#include <QTest>

using nlohmann::json;
using trellis::schema::CompileOptions;
using trellis::schema::ValidationError;

namespace {

std::shared_ptr<const trellis::schema::CompiledSchema>
compiled(const json &schema, const CompileOptions &options = {}) {
    auto result = trellis::schema::compile(schema, options);
    if (!result)
        qWarning("compile failed: %s", qPrintable(result.error().message));
    return result ? *result : nullptr;
}

} // namespace

class TestJsonSchema : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void singleError_data() {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("instance");
        QTest::addColumn<QString>("instanceLocation");
        QTest::addColumn<QString>("schemaLocation");
        QTest::addColumn<QString>("keyword");
        QTest::addColumn<QString>("message");

        QTest::newRow("nested required")
            << R"({"properties":{"items":{"type":"array","items":{"type":"object",)"
               R"( "required":["name"]}}}})"
            << R"({"items":[{"name":"a"},{"name":"b"},{"id":3}]})"
            << "/items/2"
            << "/properties/items/items/required"
            << "required"
            << "must have required property 'name'";
        QTest::newRow("maximum") << R"({"properties":{"n":{"maximum":10}}})"
                                 << R"({"n":11})"
                                 << "/n"
                                 << "/properties/n/maximum"
                                 << "maximum"
                                 << "must be <= 10";
        QTest::newRow("exclusiveMinimum") << R"({"exclusiveMinimum":0})"
                                          << "0"
                                          << ""
                                          << "/exclusiveMinimum"
                                          << "exclusiveMinimum"
                                          << "must be > 0";
        QTest::newRow("pattern") << R"({"pattern":"^a+$"})"
                                 << R"("b")"
                                 << ""
                                 << "/pattern"
                                 << "pattern"
                                 << "must match pattern ^a+$";
        QTest::newRow("type list") << R"({"type":["string","null"]})"
                                   << "3"
                                   << ""
                                   << "/type"
                                   << "type"
                                   << "must be null or string, but is integer";
        QTest::newRow("through $ref")
            << R"({"$defs":{"pos":{"minimum":0}},"properties":{"a":{"$ref":"#/$defs/pos"}}})"
            << R"({"a":-1})"
            << "/a"
            << "/properties/a/$ref/minimum"
            << "minimum"
            << "must be >= 0";
        QTest::newRow("additionalProperties false")
            << R"({"properties":{"a":{}},"additionalProperties":false})"
            << R"({"a":1,"b":2})"
            << ""
            << "/additionalProperties"
            << "additionalProperties"
            << "must not have additional property 'b'";
        QTest::newRow("escaped names") << R"({"properties":{"a/b~c":{"type":"string"}}})"
                                       << R"({"a/b~c":1})"
                                       << "/a~1b~0c"
                                       << "/properties/a~1b~0c/type"
                                       << "type"
                                       << "must be string, but is integer";
        QTest::newRow("enum") << R"({"enum":["red","green",1]})"
                              << R"("blue")"
                              << ""
                              << "/enum"
                              << "enum"
                              << R"(must be one of: "red", "green", 1)";
        QTest::newRow("const") << R"({"const":{"a":1}})"
                               << R"({"a":2})"
                               << ""
                               << "/const"
                               << "const"
                               << R"(must be equal to the constant {"a":1})";
        QTest::newRow("minLength counts code points") << R"({"minLength":3})"
                                                      << "\"\u65e5\u672c\""
                                                      << ""
                                                      << "/minLength"
                                                      << "minLength"
                                                      << "must have at least 3 characters (has 2)";
        QTest::newRow("maxItems") << R"({"maxItems":1})"
                                  << "[1,2]"
                                  << ""
                                  << "/maxItems"
                                  << "maxItems"
                                  << "must have at most 1 item (has 2)";
        QTest::newRow("items false after prefixItems") << R"({"prefixItems":[{}],"items":false})"
                                                       << "[1,2]"
                                                       << ""
                                                       << "/items"
                                                       << "items"
                                                       << "must have at most 1 item (has 2)";
        QTest::newRow("uniqueItems, 1 equals 1.0") << R"({"uniqueItems":true})"
                                                   << "[1,2,1.0]"
                                                   << ""
                                                   << "/uniqueItems"
                                                   << "uniqueItems"
                                                   << "must not contain duplicate items (items 0 "
                                                      "and 2 are equal)";
        QTest::newRow("dependentRequired")
            << R"({"dependentRequired":{"card":["cvv"]}})"
            << R"({"card":"x"})"
            << ""
            << "/dependentRequired"
            << "dependentRequired"
            << "must have property 'cvv' when property 'card' is present";
        QTest::newRow("multipleOf") << R"({"multipleOf":0.0001})"
                                    << "0.00751"
                                    << ""
                                    << "/multipleOf"
                                    << "multipleOf"
                                    << "must be a multiple of 0.0001";
        QTest::newRow("minContains")
            << R"({"contains":{"type":"integer"},"minContains":2})"
            << R"([1,"a"])"
            << ""
            << "/minContains"
            << "minContains"
            << "must contain at least 2 items matching the 'contains' schema (has 1)";
        QTest::newRow("false property schema") << R"({"properties":{"secret":false}})"
                                               << R"({"secret":1})"
                                               << "/secret"
                                               << "/properties/secret"
                                               << "false"
                                               << "no value is allowed here (the schema is false)";
        QTest::newRow("not") << R"({"not":{"type":"null"}})"
                             << "null"
                             << ""
                             << "/not"
                             << "not"
                             << "must not match the schema in 'not'";
        QTest::newRow("then branch")
            << R"({"if":{"properties":{"kind":{"const":"a"}}},"then":{"required":["x"]}})"
            << R"({"kind":"a"})"
            << ""
            << "/then/required"
            << "required"
            << "must have required property 'x'";
        QTest::newRow("patternProperties") << R"({"patternProperties":{"^n_":{"type":"number"}}})"
                                           << R"({"n_a":"1"})"
                                           << "/n_a"
                                           << "/patternProperties/^n_/type"
                                           << "type"
                                           << "must be number, but is string";
        QTest::newRow("minProperties") << R"({"minProperties":2})"
                                       << R"({"a":1})"
                                       << ""
                                       << "/minProperties"
                                       << "minProperties"
                                       << "must have at least 2 properties (has 1)";
    }

    void singleError() {
        QFETCH(QString, schema);
        QFETCH(QString, instance);
        const auto validator = compiled(json::parse(schema.toStdString()));
        QVERIFY(validator);
        const json value = json::parse(instance.toStdString());
        const auto errors = validator->validate(value);
        QCOMPARE(errors.size(), std::size_t(1));
        QTEST(errors[0].instanceLocation, "instanceLocation");
        QTEST(errors[0].schemaLocation, "schemaLocation");
        QTEST(errors[0].keyword, "keyword");
        QTEST(errors[0].message, "message");
        QVERIFY(!validator->isValid(value));
    }

    void validValues_data() {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("instance");
        QTest::newRow("1.0 is an integer") << R"({"type":"integer"})"
                                           << "1.0";
        QTest::newRow("1.0 equals 1 in enum") << R"({"enum":[1]})"
                                              << "1.0";
        QTest::newRow("1 equals 1.0 in const") << R"({"const":1.0})"
                                               << "1";
        QTest::newRow("decimal multipleOf") << R"({"multipleOf":0.0001})"
                                            << "0.0075";
        QTest::newRow("big integer multipleOf") << R"({"multipleOf":3})"
                                                << "18446744073709551615";
        QTest::newRow("format is an annotation") << R"({"format":"email"})"
                                                 << R"("no")";
        QTest::newRow("code points") << R"({"maxLength":1})"
                                     << "\"\U0001F600\"";
        QTest::newRow("definitions alias")
            << R"({"definitions":{"s":{"type":"string"}},"$ref":"#/definitions/s"})"
            << R"("x")";
        QTest::newRow("anchor") << R"({"$defs":{"s":{"$anchor":"str","type":"string"}},)"
                                   R"( "items":{"$ref":"#str"}})"
                                << R"(["a","b"])";
        QTest::newRow("meta-schema")
            << "{\"$ref\":\"https://json-schema.org/draft/2020-12/schema\"}"
            << R"({"type":"object","properties":{"a":{"minimum":1}}})";
    }

    void validValues() {
        QFETCH(QString, schema);
        QFETCH(QString, instance);
        const auto validator = compiled(json::parse(schema.toStdString()));
        QVERIFY(validator);
        const json value = json::parse(instance.toStdString());
        QVERIFY(validator->isValid(value));
        QVERIFY(validator->validate(value).empty());
    }

    void collectsEveryError() {
        const auto validator = compiled(json::parse(
            R"({)"
            R"( "type": "object",)"
            R"( "required": ["name", "age"],)"
            R"( "properties": {"tags": {"items": {"type": "string"}}, "age": {"minimum": 0}},)"
            R"( "additionalProperties": false})"));
        QVERIFY(validator);
        const json value = json::parse(R"({"tags": ["a", 2, null], "age": -1, "x": 1})");
        const auto errors = validator->validate(value);
        QStringList lines;
        for (const ValidationError &error : errors)
            lines << error.toString();
        QCOMPARE(lines,
                 QStringList({QStringLiteral("(root): must have required property 'name'"),
                              QStringLiteral("/age: must be >= 0"),
                              QStringLiteral("/tags/1: must be string, but is integer"),
                              QStringLiteral("/tags/2: must be string, but is null"),
                              QStringLiteral("(root): must not have additional property 'x'")}));
        QVERIFY(!validator->isValid(value));
    }

    void anyOfExplainsEachBranch() {
        const auto validator = compiled(
            json::parse(R"({"anyOf":[{"type":"string"},{"type":"object","required":["x"]}]})"));
        QVERIFY(validator);
        const auto errors = validator->validate(json::object());
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(errors[0].keyword, QStringLiteral("anyOf"));
        QCOMPARE(errors[0].message,
                 QStringLiteral("must match at least one of the 2 schemas in anyOf"));
        QCOMPARE(errors[0].causes.size(), std::size_t(2));
        QCOMPARE(errors[0].causes[0].schemaLocation, QStringLiteral("/anyOf/0/type"));
        QCOMPARE(errors[0].causes[1].schemaLocation, QStringLiteral("/anyOf/1/required"));
        const QString text = trellis::schema::formatErrors(errors);
        QCOMPARE(text,
                 QStringLiteral("- (root): must match at least one of the 2 schemas in anyOf\n"
                                "  - (root): must be string, but is object\n"
                                "  - (root): must have required property 'x'\n"));
    }

    void oneOfNamesTheMatchingBranches() {
        const auto validator =
            compiled(json::parse(R"({"oneOf":[{"type":"integer"},{"minimum":0}]})"));
        QVERIFY(validator);
        const auto errors = validator->validate(3);
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(errors[0].message,
                 QStringLiteral("must match exactly one of the 2 schemas in "
                                "oneOf, but matches both schema 0 and schema 1"));
        QVERIFY(validator->isValid(-1.5) == false);
        QVERIFY(validator->isValid(1.5));
    }

    void propertyNamesReportsTheName() {
        const auto validator = compiled(json::parse(R"({"propertyNames":{"pattern":"^[a-z]+$"}})"));
        QVERIFY(validator);
        const auto errors = validator->validate(json::parse(R"({"ok":1,"Bad":2})"));
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(errors[0].message, QStringLiteral("property name 'Bad' is invalid"));
        QCOMPARE(errors[0].causes.size(), std::size_t(1));
        QCOMPARE(errors[0].causes[0].message, QStringLiteral("must match pattern ^[a-z]+$"));
    }

    void formatErrorsTruncates() {
        const auto validator = compiled(json::parse(R"({"items":{"type":"string"}})"));
        QVERIFY(validator);
        const auto errors = validator->validate(json::parse("[1,2,3,4]"));
        QCOMPARE(errors.size(), std::size_t(4));
        const QString text = trellis::schema::formatErrors(errors, 2);
        QCOMPARE(text, QStringLiteral("- /0: must be string, but is integer\n"
                                      "- /1: must be string, but is integer\n"
                                      "- ... and 2 more errors\n"));
    }

    void unsupportedKeywordsFailCompile() {
        const json schema = json::parse(R"({"properties":{"a":{"unevaluatedItems":false}},)"
                                        R"( "foo":1,"$defs":{"x":{"nullable":true}}})");
        const auto result = trellis::schema::compile(schema);
        QVERIFY(!result);
        const QStringList lines = result.error().message.split(QLatin1Char('\n'));
        QVERIFY2(lines.contains(QStringLiteral("unsupported keyword 'foo' at /foo")),
                 qPrintable(result.error().message));
        QVERIFY(lines.contains(QStringLiteral(
            "unsupported keyword 'unevaluatedItems' at /properties/a/unevaluatedItems")));
        // $defs are compiled only when referenced, so the unused one does not count.
        QCOMPARE(lines.size(), 2);
        QVERIFY(!result.error().field.isEmpty());
    }

    void allowUnknownKeywordsListsThem() {
        CompileOptions options;
        options.allowUnknownKeywords = true;
        const auto validator = compiled(json::parse(R"({"x-ui":"wide","type":"string"})"), options);
        QVERIFY(validator);
        QCOMPARE(validator->ignoredKeywords(),
                 QStringList(QStringLiteral("unknown keyword 'x-ui' at /x-ui")));
        QVERIFY(!validator->isValid(1));
        // Known-but-unimplemented keywords are never ignored: that would accept bad values.
        QVERIFY(
            !trellis::schema::compile(json::parse(R"({"unevaluatedProperties":false})"), options));
        QVERIFY(!trellis::schema::compile(json::parse(R"({"dependencies":{}})"), options));
    }

    void schemaErrors_data() {
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad pattern") << "{\"pattern\":\"(a\"}"
                                     << "invalid regular expression '(a'";
        QTest::newRow("bad type name") << R"({"type":"strin"})"
                                       << "'type' must be one of";
        QTest::newRow("negative length")
            << R"({"minLength":-1})"
            << "'minLength' must be a non-negative integer at /minLength";
        QTest::newRow("dangling ref") << R"({"$ref":"#/$defs/nope"})"
                                      << "cannot resolve $ref '#/$defs/nope'";
        QTest::newRow("remote ref") << "{\"$ref\":\"https://example.com/s.json\"}"
                                    << "cannot resolve $ref 'https://example.com/s.json'";
        QTest::newRow("tuple items") << R"({"items":[{}]})"
                                     << "tuples use 'prefixItems'";
        QTest::newRow("not a schema")
            << R"({"not":3})"
            << "a schema must be an object or a boolean, not integer at /not";
        QTest::newRow("zero multipleOf") << R"({"multipleOf":0})"
                                         << "'multipleOf' must be greater than 0";
    }

    void schemaErrors() {
        QFETCH(QString, schema);
        QFETCH(QString, message);
        const auto result = trellis::schema::compile(json::parse(schema.toStdString()));
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(message), qPrintable(result.error().message));
    }

    void extraDocuments() {
        CompileOptions options;
        options.documents.emplace("https://example.com/common.json",
                                  json::parse(R"({"$defs":{"id":{"type":"integer"}}})"));
        const auto validator = compiled(json::parse("{\"properties\":{\"id\":{\"$ref\":\"https://"
                                                    "example.com/common.json#/$defs/id\"}}}"),
                                        options);
        QVERIFY(validator);
        const auto errors = validator->validate(json::parse(R"({"id":"7"})"));
        QCOMPARE(errors.size(), std::size_t(1));
        QCOMPARE(errors[0].schemaLocation, QStringLiteral("/properties/id/$ref/type"));
    }
};

QTEST_GUILESS_MAIN(TestJsonSchema)
#include "test_json_schema.moc"
