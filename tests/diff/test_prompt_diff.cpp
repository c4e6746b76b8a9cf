#include "diff/prompt_diff.h"

#include <QTest>

using namespace trellis::diff;
using namespace trellis::prompt;
using nlohmann::json;

namespace {

PromptSpec base() {
    PromptSpec spec;
    spec.name = QStringLiteral("triage");
    spec.description = QStringLiteral("Sorts tickets.");
    spec.model = QStringLiteral("openai:gpt-4o-mini");
    spec.params = json{{"temperature", 0.2}, {"max_tokens", 512}, {"stop", {"\n\n"}}};
    spec.messages = {{Role::System, QStringLiteral("You triage tickets.\nAnswer briefly.\n")},
                     {Role::User, QStringLiteral("Ticket: {{ ticket }}")}};
    Variable v;
    v.name = QStringLiteral("ticket");
    v.type = VariableType::Text;
    spec.variables = {v};
    spec.tags = {QStringLiteral("support")};
    return spec;
}

const FieldChange *find(const PromptDiff &d, const QString &field, ChangeKind kind) {
    for (const FieldChange &c : d.fields) {
        if (c.field == field && c.kind == kind)
            return &c;
    }
    return nullptr;
}

} // namespace

class TestPromptDiff : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void identical() {
        const PromptDiff d = diffPrompts(base(), base());
        QVERIFY(d.isEmpty());
        QVERIFY(d.fields.empty());
        QCOMPARE(d.messages.size(), std::size_t(2));
        QVERIFY(renderPromptDiff(d).isEmpty());
    }

    void params() {
        PromptSpec b = base();
        b.params["temperature"] = 0.5;
        b.params["top_p"] = 0.9;
        b.params.erase("stop");
        const PromptDiff d = diffPrompts(base(), b);
        QCOMPARE(d.fields.size(), std::size_t(3));
        const FieldChange *t = find(d, QStringLiteral("params.temperature"), ChangeKind::Changed);
        QVERIFY(t);
        QVERIFY(t->oldValue == 0.2);
        QVERIFY(t->newValue == 0.5);
        const FieldChange *top = find(d, QStringLiteral("params.top_p"), ChangeKind::Added);
        QVERIFY(top && top->newValue == 0.9 && top->oldValue.is_null());
        const FieldChange *stop = find(d, QStringLiteral("params.stop"), ChangeKind::Removed);
        QVERIFY(stop && stop->oldValue == json::array({"\n\n"}));
        const QString text = renderPromptDiff(d);
        QVERIFY2(text.contains(QStringLiteral("params.temperature: 0.2 -> 0.5\n")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("params.top_p: added 0.9\n")));
        QVERIFY(text.contains(QStringLiteral("params.stop: removed [\"\\n\\n\"]\n")));
        // The type of a value matters: 512 and "512" differ.
        PromptSpec c = base();
        c.params["max_tokens"] = "512";
        QVERIFY(
            find(diffPrompts(base(), c), QStringLiteral("params.max_tokens"), ChangeKind::Changed));
    }

    void scalarFields() {
        PromptSpec b = base();
        b.model = QStringLiteral("anthropic:claude-3-5-haiku");
        b.description.clear();
        b.tags = {QStringLiteral("support"), QStringLiteral("beta")};
        b.outputSchema = json{{"type", "object"}};
        const PromptDiff d = diffPrompts(base(), b);
        QVERIFY(find(d, QStringLiteral("model"), ChangeKind::Changed));
        QVERIFY(find(d, QStringLiteral("description"), ChangeKind::Removed));
        const FieldChange *tag = find(d, QStringLiteral("tags"), ChangeKind::Added);
        QVERIFY(tag && tag->newValue == "beta");
        const FieldChange *schema = find(d, QStringLiteral("output_schema"), ChangeKind::Added);
        QVERIFY(schema && schema->newValue == json({{"type", "object"}}));
        QVERIFY(schema->text.has_value());
    }

    void outputSchemaLineDiff() {
        PromptSpec a = base();
        a.outputSchema = json{{"type", "object"}, {"required", {"category"}}};
        PromptSpec b = a;
        b.outputSchema["required"] = {"category", "priority"};
        const PromptDiff d = diffPrompts(a, b);
        const FieldChange *c = find(d, QStringLiteral("output_schema"), ChangeKind::Changed);
        QVERIFY(c && c->text);
        QCOMPARE(c->text->insertedLines(), 2); // "category" gains a comma, "priority" is new
        const QString text = renderPromptDiff(d);
        QVERIFY2(text.contains(QStringLiteral("output_schema:\n@@ ")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("+    \"priority\"\n")));
    }

    void variables() {
        PromptSpec b = base();
        b.variables[0].type = VariableType::String;
        b.variables[0].defaultValue = "none";
        Variable lang;
        lang.name = QStringLiteral("lang");
        b.variables.push_back(lang);
        const PromptDiff d = diffPrompts(base(), b);
        const FieldChange *type =
            find(d, QStringLiteral("variables.ticket.type"), ChangeKind::Changed);
        QVERIFY(type && type->oldValue == "text" && type->newValue == "string");
        QVERIFY(find(d, QStringLiteral("variables.ticket.default"), ChangeKind::Added));
        const FieldChange *added = find(d, QStringLiteral("variables.lang"), ChangeKind::Added);
        QVERIFY(added && added->newValue["name"] == "lang");
        const PromptDiff back = diffPrompts(b, base());
        QVERIFY(find(back, QStringLiteral("variables.lang"), ChangeKind::Removed));
    }

    void messageContent() {
        PromptSpec b = base();
        b.messages[0].content = QStringLiteral("You triage tickets.\nAnswer in JSON.\n");
        const PromptDiff d = diffPrompts(base(), b);
        QVERIFY(d.fields.empty());
        QCOMPARE(d.messages.size(), std::size_t(2));
        const MessageChange &m = d.messages[0];
        QCOMPARE(m.kind, ChangeKind::Changed);
        QVERIFY(m.contentChanged);
        QVERIFY(!m.roleChanged);
        QCOMPARE(m.content.rows[1].kind, RowKind::Change);
        QCOMPARE(d.messages[1].kind, ChangeKind::Unchanged);
        UnifiedOptions options;
        options.oldLabel = QStringLiteral("triage@1");
        options.newLabel = QStringLiteral("triage@2");
        QCOMPARE(renderPromptDiff(d, options),
                 QStringLiteral(
                     "--- triage@1\n+++ triage@2\n"
                     "messages[0] (system): content changed\n"
                     "@@ -1,2 +1,2 @@\n You triage tickets.\n~Answer [-briefly-]{+in JSON+}.\n"));
    }

    void messagesAddedRemovedAndRoles() {
        PromptSpec b = base();
        b.messages.insert(b.messages.begin() + 1,
                          Message{Role::Assistant, QStringLiteral("Example answer")});
        PromptDiff d = diffPrompts(base(), b);
        QCOMPARE(d.messages.size(), std::size_t(3));
        QCOMPARE(d.messages[0].kind, ChangeKind::Unchanged);
        QCOMPARE(d.messages[1].kind, ChangeKind::Added);
        QCOMPARE(d.messages[1].newIndex, 1);
        QCOMPARE(d.messages[2].kind, ChangeKind::Unchanged);
        QCOMPARE(d.messages[2].oldIndex, 1);
        QCOMPARE(d.messages[2].newIndex, 2);
        QVERIFY(renderPromptDiff(d).contains(
            QStringLiteral("messages[1] (assistant): added\n@@ -0,0 +1,1 @@\n+Example answer\n")));

        d = diffPrompts(b, base());
        QCOMPARE(d.messages[1].kind, ChangeKind::Removed);
        QCOMPARE(d.messages[1].oldIndex, 1);

        PromptSpec c = base();
        c.messages[1].role = Role::Assistant;
        d = diffPrompts(base(), c);
        QCOMPARE(d.messages[1].kind, ChangeKind::Changed);
        QVERIFY(d.messages[1].roleChanged);
        QVERIFY(!d.messages[1].contentChanged);
        QVERIFY(renderPromptDiff(d).contains(QStringLiteral("role user -> assistant")));
    }

    void emptySpecs() {
        const PromptDiff d = diffPrompts(PromptSpec(), base());
        QVERIFY(!d.isEmpty());
        QCOMPARE(d.messages.size(), std::size_t(2));
        QCOMPARE(d.messages[0].kind, ChangeKind::Added);
        QVERIFY(find(d, QStringLiteral("name"), ChangeKind::Added));
        QVERIFY(diffPrompts(PromptSpec(), PromptSpec()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPromptDiff)
#include "test_prompt_diff.moc"
