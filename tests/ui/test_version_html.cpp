// The history's comparison HTML: a last line that only gained its newline is marked as such,
// so a line whose text did not change does not look edited for nothing.
#include "store/store_types.h"
#include "version_html.h"

#include <QTest>

using namespace trellis;

namespace {

store::PromptVersion versionWith(int number, const QString &system) {
    store::PromptVersion v;
    v.promptName = QStringLiteral("p");
    v.number = number;
    v.spec.name = QStringLiteral("p");
    v.spec.messages = {{prompt::Role::System, system}};
    return v;
}

const QString kNote = QStringLiteral("no newline at end");

} // namespace

class TestVersionHtml : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lastLineWithoutNewlineIsNamed() {
        const QString html = ui::comparisonHtml(
            versionWith(1, QStringLiteral("Be brief.\n{%- endif %}")),
            versionWith(2, QStringLiteral("Be brief.\n{%- endif %}\nExamples:\n")));
        QCOMPARE(html.count(kNote), 1);
        QVERIFY(html.contains(QStringLiteral("Examples:")));
    }

    void noNoteWhenBothEndTheSameWay() {
        QVERIFY(!ui::comparisonHtml(versionWith(1, QStringLiteral("a\nb\n")),
                                    versionWith(2, QStringLiteral("a\nc\n")))
                     .contains(kNote));
        // Unchanged last lines without a newline on both sides are not a change at all.
        QVERIFY(!ui::comparisonHtml(versionWith(1, QStringLiteral("a\nb")),
                                    versionWith(2, QStringLiteral("x\nb")))
                     .contains(kNote));
    }

    void structuredValuesAreIndentedScalarsInline() {
        store::PromptVersion older = versionWith(1, QStringLiteral("a"));
        store::PromptVersion newer = versionWith(2, QStringLiteral("a"));
        newer.spec.params = {{"temperature", 0.5}};
        prompt::Variable examples;
        examples.name = QStringLiteral("examples");
        examples.type = prompt::VariableType::Json;
        examples.defaultValue = nlohmann::json::array({{{"ticket", "<hi>"}}});
        newer.spec.variables = {examples};
        const QString html = ui::comparisonHtml(older, newer);
        QVERIFY2(html.contains(QStringLiteral("<code>params.temperature</code> added: <b>0.5</b>")),
                 qPrintable(html));
        // The variable (an object with its default) is shown indented and escaped, on its own.
        const qsizetype at =
            html.indexOf(QStringLiteral("<code>variables.examples</code> added: <pre"));
        QVERIFY2(at >= 0, qPrintable(html));
        QVERIFY2(html.indexOf(QStringLiteral("\n  &quot;default&quot;: ["), at) > at,
                 qPrintable(html));
        QVERIFY(html.contains(QStringLiteral("&quot;ticket&quot;: &quot;&lt;hi&gt;&quot;")));
    }
};

QTEST_GUILESS_MAIN(TestVersionHtml)
#include "test_version_html.moc"
