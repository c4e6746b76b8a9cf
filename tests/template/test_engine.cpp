// Unit tests: error positions, strict mode, limits, variable discovery, includes,
// concurrent rendering of one parsed template.
#include "template/template.h"

#include <QTest>

#include <cmath>
#include <cstdio>
#include <map>
#include <thread>

using namespace trellis::tmpl;

namespace {

class MapLoader : public TemplateLoader {
public:
    std::map<QString, QString> files;
    trellis::Result<QString> load(const QString &name) override {
        auto it = files.find(name);
        if (it == files.end())
            return trellis::Error(QStringLiteral("not found: ") + name);
        return it->second;
    }
};

QString renderOk(const QString &source,
                 const nlohmann::ordered_json &ctx = nlohmann::ordered_json::object(),
                 const RenderOptions &options = {}) {
    auto tpl = Template::parse(source);
    if (!tpl.ok())
        return QStringLiteral("PARSE ERROR: ") + tpl.error().toString();
    auto out = (*tpl)->render(ctx, options);
    if (!out.ok())
        return QStringLiteral("RENDER ERROR: ") + out.error().toString();
    return *out;
}

trellis::Error renderError(const QString &source,
                           const nlohmann::ordered_json &ctx = nlohmann::ordered_json::object(),
                           const RenderOptions &options = {}) {
    auto tpl = Template::parse(source, QStringLiteral("t.j2"));
    if (!tpl.ok())
        return tpl.error();
    auto out = (*tpl)->render(ctx, options);
    if (out.ok())
        return trellis::Error(QStringLiteral("NO ERROR"));
    return out.error();
}

} // namespace

class TestTemplateEngine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void errorPositions_data();
    void errorPositions();
    void errorHasExcerptAndCaret();
    void strictUndefined_data();
    void strictUndefined();
    void outputLimit();
    void fixedFormatMatchesPrintf();
    void outputLimitInAddChain_data();
    void outputLimitInAddChain();
    void loopLimit();
    void recursionLimit();
    void includeCycleHitsRecursionLimit();
    void includeErrorNamesIncludedFile();
    void escapedMacroFailsAfterItsFrameEnds();
    void variableDiscovery();
    void variableDiscoveryIgnoresBoundNames();
    void orderedContextKeepsKeyOrder();
    void concurrentRendering();
};

void TestTemplateEngine::errorPositions_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::newRow("unclosed expression") << QStringLiteral("ab\ncd {{ x + }}") << 2 << 11;
    QTest::newRow("unknown filter") << QStringLiteral("{{ x|nope }}") << 1 << 6;
    QTest::newRow("unknown tag") << QStringLiteral("x\n\n  {% nope %}") << 3 << 6;
    QTest::newRow("missing endif") << QStringLiteral("{% if x %}\nabc") << 2 << 4;
    QTest::newRow("runtime division") << QStringLiteral("line1\n  {{ 1 // 0 }}") << 2 << 8;
    QTest::newRow("undefined attribute") << QStringLiteral("\n\n{{ a.b.c }}") << 3 << 5;
    QTest::newRow("unicode column") << QStringLiteral("héllo {{ 1 + 'a' }}") << 1 << 12;
    // The '+' that fails is named, not the chain's first or last one.
    QTest::newRow("mid-chain add") << QStringLiteral("{{ 'a' + 'b' + 1 + 'c' }}") << 1 << 14;
}

void TestTemplateEngine::errorPositions() {
    QFETCH(QString, source);
    QFETCH(int, line);
    QFETCH(int, column);
    const trellis::Error e = renderError(source);
    QVERIFY2(e.message != QStringLiteral("NO ERROR"), "expected an error");
    QCOMPARE(e.line, line);
    QCOMPARE(e.column, column);
    QCOMPARE(e.file, QStringLiteral("t.j2"));
    QVERIFY(e.field.isEmpty());
}

void TestTemplateEngine::errorHasExcerptAndCaret() {
    const trellis::Error e = renderError(QStringLiteral("first\nHello {{ name | nofilter }}!"));
    const QStringList lines = e.message.split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    QVERIFY(lines[0].contains(QStringLiteral("nofilter")));
    QCOMPARE(lines[1], QStringLiteral("  Hello {{ name | nofilter }}!"));
    QCOMPARE(lines[2],
             QStringLiteral("  ") + QString(e.column - 1, QLatin1Char(' ')) + QLatin1Char('^'));
    QVERIFY(e.toString().startsWith(QStringLiteral("t.j2:2:")));
}

void TestTemplateEngine::strictUndefined_data() {
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("fails");
    QTest::newRow("print") << QStringLiteral("{{ x }}") << true;
    QTest::newRow("if") << QStringLiteral("{% if x %}a{% endif %}") << true;
    QTest::newRow("loop") << QStringLiteral("{% for i in x %}{% endfor %}") << true;
    // Jinja2 raises here too: the loop filter's truth test uses the undefined value.
    QTest::newRow("loop filter") << QStringLiteral("{% for i in [1] if x %}{{ i }}{% endfor %}")
                                 << true;
    QTest::newRow("inline if") << QStringLiteral("{{ 1 if x else 2 }}") << true;
    QTest::newRow("and in if") << QStringLiteral("{% if d.k and x %}a{% endif %}") << true;
    QTest::newRow("concat") << QStringLiteral("{{ 'a' ~ x }}") << true;
    QTest::newRow("filter") << QStringLiteral("{{ x|upper }}") << true;
    QTest::newRow("missing key") << QStringLiteral("{{ d.nope }}") << true;
    QTest::newRow("is defined") << QStringLiteral("{{ x is defined }}") << false;
    QTest::newRow("default") << QStringLiteral("{{ x|default('y') }}") << false;
    QTest::newRow("defined var") << QStringLiteral("{{ d.k }}") << false;
}

void TestTemplateEngine::strictUndefined() {
    QFETCH(QString, source);
    QFETCH(bool, fails);
    RenderOptions strict;
    strict.strictUndefined = true;
    const nlohmann::ordered_json ctx = {{"d", {{"k", 1}}}};
    const trellis::Error e = renderError(source, ctx, strict);
    QCOMPARE(e.message != QStringLiteral("NO ERROR"), fails);
    if (fails) {
        QVERIFY(e.message.contains(QStringLiteral("undefined"))
                || e.message.contains(QStringLiteral("attribute")));
        QVERIFY(e.line > 0);
    }
    // Lenient mode renders all of them.
    QVERIFY(!renderOk(source, ctx).contains(QStringLiteral("ERROR")));
}

void TestTemplateEngine::outputLimit() {
    RenderOptions o;
    o.limits.maxOutputBytes = 1000;
    const trellis::Error e =
        renderError(QStringLiteral("{% for i in range(100) %}0123456789ab{% endfor %}"), {}, o);
    QVERIFY2(e.message.contains(QStringLiteral("output size limit")), qPrintable(e.message));
    const trellis::Error e2 = renderError(QStringLiteral("{{ 'x' * 100000000000 }}"), {}, o);
    QVERIFY2(e2.message.contains(QStringLiteral("limit")), qPrintable(e2.message));
}

void TestTemplateEngine::fixedFormatMatchesPrintf() {
    // '%.Nf' for N <= 3 takes an integer path (filters_text.cpp appendFixedExact); it must
    // round exactly like printf, ties included, over a spread of magnitudes.
    std::vector<double> xs = {0.0,
                              -0.0,
                              0.125,
                              0.375,
                              2.675,
                              -2.675,
                              0.5,
                              1.5,
                              2.5,
                              -0.5,
                              1e-300,
                              5e-324,
                              0.0005,
                              0.0015,
                              0.9995,
                              1e15 + 0.5,
                              4503599627370495.5,
                              4503599627370496.0,
                              1e300};
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 3000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        const double unit = double(state >> 11) / double(1ULL << 53);
        const int scale = int(state % 17) - 6;
        const double x = (unit - 0.5) * std::pow(10.0, scale);
        xs.push_back(x);
        xs.push_back(std::round(x * 1000.0) / 1000.0 + 0.0005); // near ties
    }
    nlohmann::ordered_json ctx;
    ctx["xs"] = xs;
    for (int precision = 0; precision <= 3; ++precision) {
        const QString source = QStringLiteral("{% for x in xs %}{{ '%.")
                               + QString::number(precision)
                               + QStringLiteral("f'|format(x) }}|{% endfor %}");
        QString expected;
        for (const double x : xs) {
            char buf[512];
            std::snprintf(buf, sizeof buf, "%.*f|", precision, x);
            expected += QString::fromUtf8(buf);
        }
        QCOMPARE(renderOk(source, ctx), expected);
    }
}

void TestTemplateEngine::outputLimitInAddChain_data() {
    // The renderer fuses constant operands and reads names in place (fast_paths.cpp); the
    // size error must still name the '+' whose operand crossed the limit (10 bytes here).
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("column");
    QTest::newRow("constants") << QStringLiteral("{{ 'aaaa' + 'bbbb' + 'cccc' + 'dddd' }}") << 20;
    QTest::newRow("head alone") << QStringLiteral("{{ s + 'bb' + 'cc' }}") << 6;
    QTest::newRow("member") << QStringLiteral("{{ 'aa' + m.k + 'b' }}") << 9;
    QTest::newRow("trimmed") << QStringLiteral("{{ 'aa' + m['k']|trim + 'b' }}") << 9;
    QTest::newRow("stripped") << QStringLiteral("{{ 'aa' + 'b' + m.k.strip() }}") << 15;
    QTest::newRow("number") << QStringLiteral("{{ 'aaaaaaaa' + 'bbbb' + n }}") << 15;
}

void TestTemplateEngine::outputLimitInAddChain() {
    QFETCH(QString, source);
    QFETCH(int, column);
    RenderOptions o;
    o.limits.maxOutputBytes = 10;
    const nlohmann::ordered_json ctx = {
        {"s", "ssssssssssss"}, {"m", {{"k", " kkkkkkkkkkkk "}}}, {"n", 1}};
    const trellis::Error e = renderError(source, ctx, o);
    QVERIFY2(e.message.contains(QStringLiteral("output size limit")), qPrintable(e.message));
    QCOMPARE(e.line, 1);
    QCOMPARE(e.column, column);
}

void TestTemplateEngine::loopLimit() {
    RenderOptions o;
    o.limits.maxLoopIterations = 500;
    QCOMPARE(renderOk(QStringLiteral("{% for i in range(100) %}{% endfor %}ok"), {}, o),
             QStringLiteral("ok"));
    const trellis::Error e = renderError(
        QStringLiteral("{% for i in range(30) %}{% for j in range(30) %}{% endfor %}{% endfor %}"),
        {}, o);
    QVERIFY2(e.message.contains(QStringLiteral("loop iteration limit")), qPrintable(e.message));
    const trellis::Error e2 =
        renderError(QStringLiteral("{% for i in range(9999999999) %}{% endfor %}"), {}, o);
    QVERIFY2(e2.message.contains(QStringLiteral("loop iteration limit")), qPrintable(e2.message));
}

void TestTemplateEngine::recursionLimit() {
    RenderOptions o;
    o.limits.maxRecursionDepth = 20;
    const trellis::Error e = renderError(
        QStringLiteral("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"), {}, o);
    QVERIFY2(e.message.contains(QStringLiteral("recursion depth limit")), qPrintable(e.message));
    QCOMPARE(renderOk(QStringLiteral("{% macro f(n) %}{% if n > 0 %}{{ f(n - 1) }}{% endif %}{{ n "
                                     "}}{% endmacro %}{{ f(5) }}"),
                      {}, o),
             QStringLiteral("012345"));
}

void TestTemplateEngine::includeCycleHitsRecursionLimit() {
    MapLoader loader;
    loader.files[QStringLiteral("a")] = QStringLiteral("A{% include 'b' %}");
    loader.files[QStringLiteral("b")] = QStringLiteral("B{% include 'a' %}");
    RenderOptions o;
    o.loader = &loader;
    const trellis::Error e = renderError(QStringLiteral("{% include 'a' %}"), {}, o);
    QVERIFY2(e.message.contains(QStringLiteral("recursion depth limit")), qPrintable(e.message));
}

void TestTemplateEngine::includeErrorNamesIncludedFile() {
    MapLoader loader;
    loader.files[QStringLiteral("part.j2")] = QStringLiteral("line1\n{{ 1 // 0 }}");
    RenderOptions o;
    o.loader = &loader;
    const trellis::Error e = renderError(QStringLiteral("x{% include 'part.j2' %}"), {}, o);
    QCOMPARE(e.file, QStringLiteral("part.j2"));
    QCOMPARE(e.line, 2);
    const trellis::Error none = renderError(QStringLiteral("{% include 'x' %}"));
    QVERIFY(none.message.contains(QStringLiteral("loader")));
}

// A macro sees the frame it was defined in. Stored in a namespace, it can outlive that frame
// (a loop body, an included template): calling it then is an error, never a read of a frame
// that is gone (Jinja2 would still run it; docs/templates.md lists the difference).
void TestTemplateEngine::escapedMacroFailsAfterItsFrameEnds() {
    const trellis::Error loop =
        renderError(QStringLiteral("{% set ns = namespace() %}{% for x in [1, 2] %}"
                                   "{% macro m() %}{{ x }}{% endmacro %}{% set ns.f = m %}"
                                   "{{ ns.f() }}{% endfor %}{{ ns.f() }}"));
    QVERIFY2(loop.message.contains(QStringLiteral("macro 'm' called after the block")),
             qPrintable(loop.message));
    QCOMPARE(loop.line, 1);
    MapLoader loader;
    loader.files[QStringLiteral("part")] =
        QStringLiteral("{% set y = 3 %}{% macro m() %}{{ y }}{% endmacro %}{% set ns.f = m %}");
    RenderOptions o;
    o.loader = &loader;
    QCOMPARE(
        renderOk(QStringLiteral("{% set ns = namespace() %}{% include 'part' %}{{ 1 }}"), {}, o),
        QStringLiteral("1"));
    const trellis::Error inc = renderError(
        QStringLiteral("{% set ns = namespace() %}{% include 'part' %}{{ ns.f() }}"), {}, o);
    QVERIFY2(inc.message.contains(QStringLiteral("called after the block")),
             qPrintable(inc.message));
    // Imported modules live as long as the render: their macros keep working.
    loader.files[QStringLiteral("lib")] =
        QStringLiteral("{% set y = 3 %}{% macro m() %}{{ y }}{% endmacro %}");
    QCOMPARE(renderOk(QStringLiteral("{% import 'lib' as p %}{{ p.m() }}"), {}, o),
             QStringLiteral("3"));
}

void TestTemplateEngine::variableDiscovery() {
    auto tpl = Template::parse(QStringLiteral(
        "{{ title }}{% for ex in examples %}{{ ex.input }}{{ ex['output'] }}{% endfor %}"
        "{{ user.name }}{{ user.email }}{% for k, v in meta.items() %}{% endfor %}"
        "{{ cfg['temp'] }}{{ opts[key] }}{{ name|default('x') }}"));
    QVERIFY(tpl.ok());
    const auto vars = (*tpl)->variables();
    QStringList names;
    for (const auto &v : vars)
        names << v.name;
    QCOMPARE(names,
             (QStringList{QStringLiteral("title"), QStringLiteral("examples"),
                          QStringLiteral("user"), QStringLiteral("meta"), QStringLiteral("cfg"),
                          QStringLiteral("opts"), QStringLiteral("key"), QStringLiteral("name")}));
    QVERIFY(vars[0].plain);
    QVERIFY(vars[1].iterated);
    QCOMPARE(vars[1].itemAttributes,
             (QStringList{QStringLiteral("input"), QStringLiteral("output")}));
    QCOMPARE(vars[2].attributes, (QStringList{QStringLiteral("name"), QStringLiteral("email")}));
    QVERIFY(!vars[2].plain);
    QVERIFY(vars[3].mapping);
    QCOMPARE(vars[4].attributes, QStringList{QStringLiteral("temp")});
    QVERIFY(vars[5].mapping);
    QCOMPARE(vars[0].line, 1);
    QCOMPARE(vars[0].column, 4);
}

void TestTemplateEngine::variableDiscoveryIgnoresBoundNames() {
    auto tpl = Template::parse(QStringLiteral(
        "{% set a = 1 %}{{ a }}{% for i in range(3) %}{{ i }}{{ loop.index }}{% endfor %}"
        "{% macro m(p, q=dflt) %}{{ p }}{{ q }}{{ inner }}{{ caller }}{% endmacro %}{{ m(1) }}"
        "{% set ns = namespace(x=0) %}{% set ns.x = 2 %}{% with w = 3 %}{{ w }}{% endwith %}{{ i "
        "}}"));
    QVERIFY(tpl.ok());
    QStringList names;
    for (const auto &v : (*tpl)->variables())
        names << v.name;
    QCOMPARE(names,
             (QStringList{QStringLiteral("dflt"), QStringLiteral("inner"), QStringLiteral("i")}));
}

void TestTemplateEngine::orderedContextKeepsKeyOrder() {
    const auto ordered = nlohmann::ordered_json::parse(R"({"d": {"zeta": 1, "alpha": 2}})");
    QCOMPARE(renderOk(QStringLiteral("{{ d }}"), ordered),
             QStringLiteral("{'zeta': 1, 'alpha': 2}"));
    auto tpl = Template::parse(QStringLiteral("{{ d }}"));
    QVERIFY(tpl.ok());
    const auto sorted = nlohmann::json::parse(R"({"d": {"zeta": 1, "alpha": 2}})");
    QCOMPARE(*(*tpl)->render(sorted), QStringLiteral("{'alpha': 2, 'zeta': 1}"));
}

void TestTemplateEngine::concurrentRendering() {
    auto tpl = Template::parse(
        QStringLiteral("{% set ns = namespace(n=0) %}{% for x in xs %}{% set ns.n = ns.n + x %}{{ "
                       "loop.cycle('a','b') }}{% endfor %}"
                       "{{ ns.n }} {{ xs|map('string')|join(',')|upper }} {{ d|tojson }}"));
    QVERIFY(tpl.ok());
    const std::shared_ptr<const Template> shared = *tpl;
    const Value ctx =
        Value::fromJson(nlohmann::ordered_json::parse(R"({"xs":[1,2,3,4],"d":{"k":[1,"x"]}})"));
    const std::string expected = *shared->renderUtf8(ctx);
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 2000; ++i) {
                auto out = shared->renderUtf8(ctx);
                if (!out.ok() || *out != expected)
                    ++mismatches;
            }
        });
    }
    for (auto &t : threads)
        t.join();
    QCOMPARE(mismatches.load(), 0);
    QCOMPARE(QString::fromStdString(expected),
             QStringLiteral("abab10 1,2,3,4 {\"d\": 1}")
                 .replace(QStringLiteral("{\"d\": 1}"), QStringLiteral("{\"k\": [1, \"x\"]}")));
}

QTEST_GUILESS_MAIN(TestTemplateEngine)
#include "test_engine.moc"
