#include "providers/dryrun_provider.h"
#include "providers/schema_sampler.h"

#include <QTest>

using namespace trellis::providers;
using nlohmann::json;

namespace {

// A checker for the keywords the sampler promises to honour (the full validator lives in
// core/schema; this test must not depend on it).
bool valid(const json &v, const json &s, const json &root) {
    if (!s.is_object())
        return true;
    if (s.contains("$ref"))
        return valid(v, root.at(json::json_pointer(s["$ref"].get<std::string>().substr(1))), root);
    if (s.contains("const") && v != s["const"])
        return false;
    if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
        return false;
    const json type = s.value("type", json());
    if (type.is_array() && std::find(type.begin(), type.end(), json("null")) != type.end()
        && v.is_null())
        return true;
    const std::string t = type.is_string()                   ? type.get<std::string>()
                          : type.is_array() && !type.empty() ? type[0].get<std::string>()
                                                             : std::string();
    if (t == "object") {
        if (!v.is_object())
            return false;
        for (const json &r : s.value("required", json::array()))
            if (!v.contains(r.get<std::string>()))
                return false;
        for (auto it = v.begin(); it != v.end(); ++it)
            if (s.contains("properties") && s["properties"].contains(it.key())
                && !valid(it.value(), s["properties"][it.key()], root))
                return false;
    } else if (t == "array") {
        if (!v.is_array())
            return false;
        const qint64 n = qint64(v.size());
        if (n < s.value("minItems", qint64(0)))
            return false;
        if (s.value("maxItems", qint64(1000)) < n)
            return false;
        for (const json &item : v)
            if (!valid(item, s.value("items", json::object()), root))
                return false;
    } else if (t == "integer" || t == "number") {
        if (!v.is_number() || (t == "integer" && !v.is_number_integer()))
            return false;
        const double x = v.get<double>();
        if (x < s.value("minimum", -1e18))
            return false;
        if (s.value("maximum", 1e18) < x)
            return false;
        if (s.contains("exclusiveMaximum")
            && v.get<double>() >= s["exclusiveMaximum"].get<double>())
            return false;
    } else if (t == "string") {
        if (!v.is_string())
            return false;
        const size_t len = v.get<std::string>().size();
        if (len < size_t(s.value("minLength", 0)))
            return false;
        if (size_t(s.value("maxLength", 1000000)) < len)
            return false;
    } else if (t == "boolean" && !v.is_boolean()) {
        return false;
    }
    return true;
}

ProviderRequest request(const QString &text) {
    ProviderRequest r;
    r.model = QStringLiteral("anything");
    r.messages = {{Role::User, text}};
    return r;
}

ProviderResult runCall(DryRunProvider &p, const ProviderRequest &r, QString *deltas) {
    std::unique_ptr<ProviderCall> call(p.start(r));
    QObject::connect(call.get(), &ProviderCall::delta, call.get(),
                     [deltas](const QString &t) { *deltas += t; });
    (void)QTest::qWaitFor([&] { return call->isDone(); }, 10000);
    return call->result();
}

} // namespace

class TestDryRunProvider : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deterministicAndMarked() {
        DryRunProvider p({1, 0, 7});
        QString d1, d2, d3;
        const ProviderResult a = runCall(p, request(QStringLiteral("hello")), &d1);
        const ProviderResult b = runCall(p, request(QStringLiteral("hello")), &d2);
        const ProviderResult c = runCall(p, request(QStringLiteral("other")), &d3);
        QVERIFY(a.dryRun);
        QVERIFY(a.text.startsWith(QStringLiteral("[dry run]")));
        QCOMPARE(a.text, b.text);
        QCOMPARE(d1, a.text);
        QVERIFY(a.text != c.text);
        QCOMPARE(a.usage, b.usage);
        QVERIFY(a.usage.outputTokens > 0 && a.usage.inputTokens > 0);
        QCOMPARE(a.model, QStringLiteral("dryrun:anything"));
        QCOMPARE(a.headers.value(0).first, QByteArray("x-trellis-dry-run"));
    }

    void schemaOutputIsValid_data() {
        QTest::addColumn<QByteArray>("schema");
        QTest::newRow("object") << QByteArray(
            "{\"type\":\"object\",\"required\":[\"name\",\"age\",\"tags\"],\"properties\":{"
            "\"name\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":5},\"age\":{\"type\":"
            "\"integer\",\"minimum\":18,\"maximum\":20},\"tags\":{\"type\":\"array\",\"items\":{"
            "\"enum\":[\"a\",\"b\"]},\"minItems\":3},\"ok\":{\"type\":\"boolean\"},\"kind\":{"
            "\"const\":\"fixed\"}}}");
        QTest::newRow("refs") << QByteArray(
            "{\"$defs\":{\"item\":{\"type\":\"object\",\"required\":[\"id\"],\"properties\":{"
            "\"id\":{\"type\":\"integer\",\"exclusiveMaximum\":3,\"minimum\":0},\"child\":{\"$"
            "ref\":\"#/$defs/"
            "item\"}}}},\"type\":\"object\",\"required\":[\"items\"],\"properties\":{\"items\":{"
            "\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/"
            "item\"},\"minItems\":1,\"maxItems\":1}}}");
        QTest::newRow("nested") << QByteArray(
            "{\"type\":\"object\",\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"object\","
            "\"required\":[\"b\"],\"properties\":{\"b\":{\"type\":[\"number\",\"null\"],"
            "\"minimum\":-5,\"maximum\":-1}}}}}");
        QTest::newRow("array root")
            << QByteArray("{\"type\":\"array\",\"items\":{\"type\":\"string\",\"format\":\"email\"}"
                          ",\"minItems\":2}");
    }

    void schemaOutputIsValid() {
        QFETCH(QByteArray, schema);
        const json s = json::parse(schema.toStdString());
        DryRunProvider p({0, 0, 50});
        ProviderRequest r = request(QStringLiteral("x"));
        r.outputSchema = s;
        QString deltas;
        const ProviderResult res = runCall(p, r, &deltas);
        QVERIFY(res.dryRun);
        const json out = json::parse(res.text.toStdString(), nullptr, false);
        QVERIFY2(!out.is_discarded(), qPrintable(res.text));
        QVERIFY2(valid(out, s, s), qPrintable(res.text));
        for (std::uint64_t seed = 0; seed < 50; ++seed)
            QVERIFY(valid(sampleFromSchema(s, seed), s, s));
    }

    void malformedSchemaDoesNotThrow() {
        const json bad = json::parse("{\"type\":\"array\",\"minItems\":\"three\",\"items\":{"
                                     "\"type\":\"integer\",\"minimum\":\"x\"}}");
        const json out = sampleFromSchema(bad, 1);
        QVERIFY(!out.is_discarded());
    }

    void cancelStopsTheStream() {
        DryRunProvider p({5, 50, 2});
        std::unique_ptr<ProviderCall> call(p.start(request(QStringLiteral("long"))));
        QTRY_VERIFY(!call->partialText().isEmpty());
        call->cancel();
        QCOMPARE(call->error().kind, ErrorKind::Cancelled);
        const QString partial = call->partialText();
        QTest::qWait(120);
        QCOMPARE(call->partialText(), partial);
    }
};

QTEST_GUILESS_MAIN(TestDryRunProvider)
#include "test_dryrun_provider.moc"
