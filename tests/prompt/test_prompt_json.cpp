#include "prompt/field_path.h"
#include "prompt/prompt_json.h"

#include <QCryptographicHash>
#include <QTest>

using namespace trellis;
using namespace trellis::prompt;
using nlohmann::json;

namespace {

PromptSpec sampleSpec() {
    PromptSpec spec;
    spec.name = QStringLiteral("support-triage");
    spec.description = QStringLiteral("Classify a ticket — ünïcode");
    spec.messages = {{Role::System, QStringLiteral("You triage tickets.\nReturn JSON.\n")},
                     {Role::User, QStringLiteral("Ticket: {{ ticket }}")}};
    spec.model = QStringLiteral("openai:gpt-4o-mini");
    spec.params = json{{"temperature", 0.2}, {"max_tokens", 512}, {"stop", {"\n\n"}}};
    Variable ticket;
    ticket.name = QStringLiteral("ticket");
    ticket.type = VariableType::Text;
    ticket.description = QStringLiteral("The ticket body");
    ticket.example = "My invoice is wrong";
    ticket.required = true;
    Variable limit;
    limit.name = QStringLiteral("limit");
    limit.type = VariableType::Integer;
    limit.defaultValue = 3;
    spec.variables = {ticket, limit};
    spec.outputSchema = json{{"type", "object"}, {"required", {"category"}}};
    spec.tags = {QStringLiteral("support"), QStringLiteral("json")};
    return spec;
}

json minimalDoc() {
    return json{{"name", "p"}, {"messages", {{{"role", "user"}, {"content", "hi"}}}}};
}

} // namespace

class TestPromptJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void enumNames() {
        for (Role r : {Role::System, Role::User, Role::Assistant}) {
            Role back = Role::User;
            QVERIFY(parseRole(roleName(r), &back));
            QCOMPARE(back, r);
        }
        QCOMPARE(roleName(Role::Assistant), QStringLiteral("assistant"));
        QVERIFY(!parseRole(QStringLiteral("System"), nullptr));
        QVERIFY(!parseRole(QString(), nullptr));
        for (VariableType t :
             {VariableType::String, VariableType::Text, VariableType::Number, VariableType::Integer,
              VariableType::Boolean, VariableType::Json, VariableType::List}) {
            VariableType back = VariableType::String;
            QVERIFY(parseVariableType(variableTypeName(t), &back));
            QCOMPARE(back, t);
        }
        QCOMPARE(variableTypeName(VariableType::Json), QStringLiteral("json"));
        QVERIFY(!parseVariableType(QStringLiteral("float"), nullptr));
    }

    void roundTrip() {
        const PromptSpec spec = sampleSpec();
        const Result<PromptSpec> back = fromJson(toJson(spec));
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
        QVERIFY(*back == spec);
        QCOMPARE(canonicalJson(*back), canonicalJson(spec));
    }

    void defaultsLeftOut() {
        PromptSpec spec;
        spec.name = QStringLiteral("p");
        spec.messages = {{Role::User, QStringLiteral("hi")}};
        const json doc = toJson(spec);
        QVERIFY(doc == minimalDoc());
        QCOMPARE(
            canonicalJson(spec),
            QByteArray("{\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"name\":\"p\"}"));
    }

    void orderedKeys() {
        const nlohmann::ordered_json doc = toOrderedJson(sampleSpec());
        std::vector<std::string> keys;
        for (auto it = doc.begin(); it != doc.end(); ++it)
            keys.push_back(it.key());
        const std::vector<std::string> expected{"name",     "description",  "tags",
                                                "model",    "params",       "variables",
                                                "messages", "output_schema"};
        QVERIFY(keys == expected);
        QVERIFY(json::parse(doc.dump()) == toJson(sampleSpec()));
    }

    void hash() {
        const PromptSpec a = sampleSpec();
        PromptSpec b = a;
        QCOMPARE(contentHash(a), contentHash(b));
        QCOMPARE(contentHash(a).size(), 64);
        b.params["temperature"] = 0.3;
        QVERIFY(contentHash(a) != contentHash(b));
        // Known value: SHA-256 of the canonical bytes checked above.
        PromptSpec minimal;
        minimal.name = QStringLiteral("p");
        minimal.messages = {{Role::User, QStringLiteral("hi")}};
        QCOMPARE(contentHash(minimal),
                 QString::fromLatin1(
                     QCryptographicHash::hash(
                         "{\"messages\":[{\"content\":\"hi\",\"role\":\"user\"}],\"name\":\"p\"}",
                         QCryptographicHash::Sha256)
                         .toHex()));
    }

    void rejects_data() {
        QTest::addColumn<QByteArray>("patch"); // JSON merge patch applied to minimalDoc()
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("messagePart");

        auto row = [](const char *tag, const char *patch, const char *field, const char *part) {
            QTest::newRow(tag) << QByteArray(patch) << QString::fromUtf8(field)
                               << QString::fromUtf8(part);
        };
        row("no name", "{\"name\":null}", "name", "missing required key 'name'");
        row("name not string", "{\"name\":5}", "name", "expected a string, got an integer");
        row("name upper", "{\"name\":\"Support\"}", "name", "invalid name 'Support'");
        row("name space", "{\"name\":\"a b\"}", "name", "invalid name");
        row("name leading dash", "{\"name\":\"-a\"}", "name", "invalid name");
        row("no messages", "{\"messages\":null}", "messages", "missing required key");
        row("empty messages", "{\"messages\":[]}", "messages", "at least one message");
        row("messages object", "{\"messages\":{}}", "messages", "expected a list of messages");
        row("bad role",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"systen\",\"content\":"
            "\"b\"}]}",
            "messages[1].role", "unknown role 'systen'");
        row("no content", "{\"messages\":[{\"role\":\"user\"}]}", "messages[0].content",
            "missing required key 'content'");
        row("message key typo", "{\"messages\":[{\"role\":\"user\",\"contnet\":\"a\"}]}",
            "messages[0].contnet", "unknown key 'contnet'");
        row("unknown top key", "{\"temprature\":0.5}", "temprature", "unknown key 'temprature'");
        row("params list", "{\"params\":[1]}", "params", "expected a mapping of parameters");
        row("model form", "{\"model\":\"gpt-4o\"}", "model", "expected provider:model");
        row("bad var type", "{\"variables\":[{\"name\":\"x\",\"type\":\"float\"}]}",
            "variables[0].type", "unknown type 'float'");
        row("bad var name", "{\"variables\":[{\"name\":\"1x\"}]}", "variables[0].name",
            "invalid variable name '1x'");
        row("dup var", "{\"variables\":[{\"name\":\"x\"},{\"name\":\"x\"}]}", "variables[1].name",
            "duplicate variable 'x'");
        row("default type",
            "{\"variables\":[{\"name\":\"x\",\"type\":\"integer\",\"default\":\"a\"}]}",
            "variables[0].default", "expected an integer");
        row("required type", "{\"variables\":[{\"name\":\"x\",\"required\":\"yes\"}]}",
            "variables[0].required", "expected true or false");
        row("schema string", "{\"output_schema\":\"{}\"}", "output_schema",
            "expected a JSON Schema");
        row("tag number", "{\"tags\":[\"a\",2]}", "tags[1]", "expected a string");
        row("dup tag", "{\"tags\":[\"a\",\"a\"]}", "tags[1]", "duplicate tag");
        row("odd param key", "{\"params\":{\"a\":1},\"x.y\":1}", "[\"x.y\"]", "unknown key 'x.y'");
    }

    void rejects() {
        QFETCH(QByteArray, patch);
        QFETCH(QString, field);
        QFETCH(QString, messagePart);
        json doc = minimalDoc();
        doc.merge_patch(json::parse(patch.toStdString()));
        if (patch.contains("\"name\":null"))
            doc.erase("name");
        if (patch.contains("\"messages\":null"))
            doc.erase("messages");
        const Result<PromptSpec> r = fromJson(doc);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, field);
        QVERIFY2(r.error().message.contains(messagePart), qPrintable(r.error().message));
    }

    void unknownKeyAnchorsAtKey() {
        json doc = minimalDoc();
        doc["tmp"] = 1;
        bool atKey = false;
        QVERIFY(!fromJson(doc, &atKey).ok());
        QVERIFY(atKey);
        doc.erase("tmp");
        doc["name"] = "Bad";
        QVERIFY(!fromJson(doc, &atKey).ok());
        QVERIFY(!atKey);
    }

    void accepts_data() {
        QTest::addColumn<QByteArray>("patch");
        QTest::newRow("schema bool") << QByteArray("{\"output_schema\":true}");
        QTest::newRow("name 100") << QByteArray("{\"name\":\"" + QByteArray(100, 'a') + "\"}");
        QTest::newRow("name dots") << QByteArray("{\"name\":\"team.support_v2-b\"}");
        QTest::newRow("json default") << QByteArray(
            "{\"variables\":[{\"name\":\"x\",\"type\":\"json\",\"default\":{\"a\":[1]}}]}");
        QTest::newRow("number int default")
            << QByteArray("{\"variables\":[{\"name\":\"x\",\"type\":\"number\",\"default\":3}]}");
        QTest::newRow("empty model") << QByteArray("{\"model\":\"\"}");
    }

    void accepts() {
        QFETCH(QByteArray, patch);
        json doc = minimalDoc();
        doc.merge_patch(json::parse(patch.toStdString()));
        const Result<PromptSpec> r = fromJson(doc);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
    }

    void nameTooLong() {
        json doc = minimalDoc();
        doc["name"] = std::string(101, 'a');
        const Result<PromptSpec> r = fromJson(doc);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("longer than 100")));
    }

    void fieldPaths() {
        QCOMPARE(fieldKey(QString(), QStringLiteral("messages")), QStringLiteral("messages"));
        QCOMPARE(fieldIndex(QStringLiteral("messages"), 1), QStringLiteral("messages[1]"));
        QCOMPARE(fieldKey(QStringLiteral("messages[1]"), QStringLiteral("role")),
                 QStringLiteral("messages[1].role"));
        QCOMPARE(fieldKey(QStringLiteral("params"), QStringLiteral("a.b")),
                 QStringLiteral("params[\"a.b\"]"));
        QCOMPARE(parentField(QStringLiteral("messages[1].role")), QStringLiteral("messages[1]"));
        QCOMPARE(parentField(QStringLiteral("messages[1]")), QStringLiteral("messages"));
        QCOMPARE(parentField(QStringLiteral("messages")), QString());
        QCOMPARE(parentField(QStringLiteral("params[\"a.[b]\"]")), QStringLiteral("params"));
        QCOMPARE(parentField(QStringLiteral("params[\"a.[b]\"].c")),
                 QStringLiteral("params[\"a.[b]\"]"));
    }
};

QTEST_GUILESS_MAIN(TestPromptJson)
#include "test_prompt_json.moc"
