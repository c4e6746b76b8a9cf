// The prompt check off the GUI thread: what one check computes, the latest-request-wins
// rule of PromptChecker, and a prompt tab that keeps typing while a check is held in flight.
#include "editor/message_block.h"
#include "editor/messages_editor.h"
#include "editor/problems_model.h"
#include "editor/prompt_checker.h"
#include "editor/template_editor.h"
#include "prompt_view.h"

#include <QLineEdit>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace trellis;
using namespace trellis::ui;

namespace {

PromptCheckRequest requestOf(const QString &system, const QString &user,
                             nlohmann::ordered_json context = nlohmann::ordered_json::object()) {
    PromptCheckRequest request;
    request.messages = {{QStringLiteral("system"), system}, {QStringLiteral("user"), user}};
    request.context = std::move(context);
    return request;
}

bool hasField(const std::vector<VariableField> &fields, const QString &name) {
    return std::any_of(fields.begin(), fields.end(),
                       [&](const VariableField &field) { return field.name == name; });
}

} // namespace

class TestPromptChecker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneCheckFindsErrorsVariablesAndPreview() {
        PromptCheckCache cache;
        const QString system = QStringLiteral("Hi {{ name }}.");
        PromptCheck check =
            checkPrompt(requestOf(system, QStringLiteral("line 1\n{% if x %}open")), cache);
        QCOMPARE(check.errors.size(), std::size_t(2));
        QVERIFY(!check.errors[0].has_value());
        QVERIFY(check.errors[1].has_value());
        QCOMPARE(check.errors[1]->line, 2);
        // A message that does not parse contributes no variables; the preview names it.
        QVERIFY(hasField(check.fields, QStringLiteral("name")));
        QVERIFY(!hasField(check.fields, QStringLiteral("x")));
        QVERIFY(check.preview.error.has_value());
        QCOMPARE(check.preview.error->field, QStringLiteral("messages[1]"));
        QVERIFY(check.preview.messages.empty());
        const auto systemParse = cache.entries.at(0).parsed;
        QVERIFY(systemParse);

        check = checkPrompt(requestOf(system, QStringLiteral("{% if x %}{{ x }}{% endif %}!"),
                                      {{"name", "Ann"}, {"x", 7}}),
                            cache);
        QVERIFY(!check.errors[1].has_value());
        QVERIFY(hasField(check.fields, QStringLiteral("x")));
        QVERIFY(!check.preview.error.has_value());
        QCOMPARE(check.preview.messages.at(0).content, QStringLiteral("Hi Ann."));
        QCOMPARE(check.preview.messages.at(1).content, QStringLiteral("7!"));
        QCOMPARE(check.preview.messages.at(1).role, QStringLiteral("user"));
        // The unchanged message was not parsed again.
        QCOMPARE(cache.entries.at(0).parsed.get(), systemParse.get());

        // A render error (not a parse error) is reported for its message too.
        check = checkPrompt(requestOf(system, QStringLiteral("{{ 1 / 0 }}")), cache);
        QVERIFY(!check.errors[1].has_value());
        QVERIFY(check.preview.error.has_value());
        QCOMPARE(check.preview.error->field, QStringLiteral("messages[1]"));
    }

    void latestRequestWinsAndStaleResultsAreDropped() {
        PromptChecker checker;
        QList<PromptCheck> results;
        connect(&checker, &PromptChecker::checked, this,
                [&results](const PromptCheck &check) { results.append(check); });
        quint64 last = 0;
        for (int i = 0; i < 50; ++i)
            last = checker.request(requestOf(QString(), QStringLiteral("n={{ n }}"), {{"n", i}}));
        QVERIFY(checker.isPending());
        QTRY_VERIFY(!results.isEmpty() && results.last().generation == last);
        QVERIFY(!checker.isPending());
        for (const auto &result : results)
            QCOMPARE(result.generation, last); // superseded requests never arrive
        QCOMPARE(results.last().preview.messages.at(1).content, QStringLiteral("n=49"));

        // Out of order: a result of an older request after the newer one is dropped.
        results.clear();
        const quint64 older = checker.request(requestOf(QString(), QStringLiteral("old")));
        const quint64 newer = checker.request(requestOf(QString(), QStringLiteral("new")));
        QVERIFY(newer > older);
        QTRY_COMPARE(results.size(), 1);
        PromptCheck stale;
        stale.generation = older;
        stale.preview.messages = {{QStringLiteral("user"), QStringLiteral("old")}};
        checker.deliver(stale);
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.last().generation, newer);
        QCOMPARE(results.last().preview.messages.at(1).content, QStringLiteral("new"));
    }

    void invalidateDropsTheCheckInFlight() {
        PromptChecker checker;
        QSemaphore gate;
        std::atomic<int> started{0};
        checker.setJobHook([&](quint64) {
            ++started;
            gate.tryAcquire(1, 30000);
        });
        QList<PromptCheck> results;
        connect(&checker, &PromptChecker::checked, this,
                [&results](const PromptCheck &check) { results.append(check); });
        const quint64 held = checker.request(requestOf(QString(), QStringLiteral("held")));
        QTRY_COMPARE(started.load(), 1); // the worker is inside the job
        checker.invalidate();            // the text changed while it was checked
        QVERIFY(!checker.isPending());
        const quint64 next = checker.request(requestOf(QString(), QStringLiteral("next")));
        gate.release(2);
        // The worker runs jobs in order, so a result of `held` would arrive first.
        QTRY_COMPARE(results.size(), 1);
        QCOMPARE(results.first().generation, next);
        QVERIFY(held < next);
    }

    void typingContinuesWhileATemplateIsChecked() {
        QString text;
        for (int i = 0; i < 2000; ++i)
            text += QStringLiteral("{% if items[%1] %}{{ items[%1].name | upper }}{% endif %} "
                                   "Reply in {{ language }}.\n")
                        .arg(i);
        store::PromptVersion version;
        version.promptName = QStringLiteral("huge");
        version.number = 1;
        version.spec.name = version.promptName;
        version.spec.messages = {{prompt::Role::User, text}};

        PromptView view;
        auto *checker = view.findChild<PromptChecker *>();
        QVERIFY(checker);
        QSemaphore gate;
        std::atomic<int> started{0};
        std::atomic<bool> onGuiThread{false};
        QThread *gui = QThread::currentThread();
        checker->setJobHook([&](quint64) {
            if (QThread::currentThread() == gui)
                onGuiThread = true;
            ++started;
            gate.tryAcquire(1, 30000);
        });
        QSignalSpy checked(&view, &PromptView::checked);
        view.setHistory({version});
        view.show();
        QTRY_COMPARE(started.load(), 1); // the first check is held on the worker
        QVERIFY(checker->isPending());

        // Type a broken tag and a new variable: keys land while the check is held.
        auto *messages = view.findChild<MessagesEditor *>();
        QVERIFY(messages && messages->block(0));
        TemplateEditor *editor = messages->block(0)->editor();
        QVERIFY(editor);
        QTextCursor end(editor->document());
        end.movePosition(QTextCursor::End);
        editor->setTextCursor(end);
        editor->setFocus();
        QTest::keyClicks(editor, QStringLiteral("{{ fresh }} {% if"));
        QVERIFY(editor->toPlainText().endsWith(QStringLiteral("{{ fresh }} {% if")));
        const quint64 typed = checker->latestGeneration();
        // After the typing pause the tab asks for a new check; the GUI thread found nothing
        // itself: no problem, no new variable until the worker answers.
        QTRY_VERIFY(checker->latestGeneration() > typed && checker->isPending());
        QCOMPARE(view.problemsModel()->rowCount(), 0);
        QVERIFY(!editor->problem().has_value());
        QCOMPARE(checked.count(), 0);

        gate.release(100);
        QTRY_COMPARE(view.problemsModel()->rowCount(), 1);
        QVERIFY(checked.count() >= 1);
        QVERIFY(editor->problem().has_value());
        QCOMPARE(editor->problem()->line, 2001);
        QVERIFY(!onGuiThread.load());

        // Closing the tag: the check of the newest text wins; its variable appears.
        QTest::keyClicks(editor, QStringLiteral(" x %}ok{% endif %}"));
        QTRY_VERIFY(view.findChild<QLineEdit *>(QStringLiteral("var_fresh")));
        QTRY_COMPARE(view.problemsModel()->rowCount(), 0);
        QVERIFY(!editor->problem().has_value());
    }
};

QTEST_MAIN(TestPromptChecker)
#include "test_prompt_checker.moc"
