// The prompt tab driven like a user would: type into a template, see the variables and the
// preview follow, save a version, see it in the history with the diff, undo and redo text
// and block edits, test cases, drafts. A real store seeded with the example project.
#include "editor/code_editor.h"
#include "editor/message_block.h"
#include "editor/messages_editor.h"
#include "editor/preview_panel.h"
#include "editor/problems_model.h"
#include "editor/template_editor.h"
#include "editor/variables_panel.h"
#include "main_window.h"
#include "prompt_view.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>

using namespace trellis;
using namespace trellis::ui;

class TestPromptEditor : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    std::unique_ptr<MainWindow> makeWindow() {
        // Isolated settings, drafts and no keychain, like the other GUI tests.
        auto window = testing::makeWindow(m_dir, QStringLiteral("w%1.db").arg(++m_counter));
        window->resize(1280, 820);
        return window;
    }

    static QList<MessageBlock *> blocks(PromptView *view) {
        auto *editor = view->findChild<MessagesEditor *>();
        QList<MessageBlock *> out;
        for (int i = 0; i < editor->count(); ++i)
            out.append(editor->block(i));
        return out;
    }

    static void typeAtEnd(QPlainTextEdit *editor, const QString &text) {
        QTextCursor cursor = editor->textCursor();
        cursor.movePosition(QTextCursor::End);
        editor->setTextCursor(cursor);
        // keyClicks has no key for '\n': type the lines with Return between them.
        const QStringList lines = text.split(QLatin1Char('\n'));
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (i > 0)
                QTest::keyClick(editor, Qt::Key_Return);
            QTest::keyClicks(editor, lines[i]);
        }
    }

    // With TRELLIS_SCREENSHOT_DIR set (docs), keeps a picture of the window.
    static void screenshot(QWidget *window, const QString &file) {
        const QString shots = qEnvironmentVariable("TRELLIS_SCREENSHOT_DIR");
        if (shots.isEmpty())
            return;
        QTest::qWait(300); // let the preview and the problems settle
        QVERIFY(window->grab().save(QDir(shots).filePath(file)));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
    }

    void typeSaveHistoryDiff() {
        auto window = makeWindow();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        QVERIFY(view);
        QVERIFY(!view->isDirty());
        auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("editorTabs"));
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("summarizer"));
        QAbstractItemModelTester tester(view->problemsModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);

        // The head (v2) is in the editor: two messages, the declared defaults in the inputs.
        QCOMPARE(blocks(view).size(), 2);
        auto *preview = view->findChild<PreviewPanel *>();
        QTRY_VERIFY(preview->renderedText().contains(QStringLiteral("at most 80 words")));
        QVERIFY(preview->costText().contains(QStringLiteral("input tokens")));

        // Type a new variable into the user message.
        TemplateEditor *user = blocks(view).at(1)->editor();
        user->setFocus();
        typeAtEnd(user, QStringLiteral("\nReply in {{ language }}."));
        QTRY_VERIFY(view->inspectorPage()->findChild<QLineEdit *>(QStringLiteral("var_language")));
        auto *language =
            view->inspectorPage()->findChild<QLineEdit *>(QStringLiteral("var_language"));
        QTest::keyClicks(language, QStringLiteral("Esperanto"));
        QTRY_VERIFY(preview->renderedText().contains(QStringLiteral("Reply in Esperanto.")));
        QVERIFY(view->currentVariables()["language"] == "Esperanto");
        QTRY_VERIFY(view->isDirty());
        QTRY_COMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("summarizer *"));
        QVERIFY(view->currentSpec().messages.at(1).content.endsWith(
            QStringLiteral("Reply in {{ language }}.")));

        // Save: a new version, shown against the previous one.
        QSignalSpy saved(view, &PromptView::versionSaved);
        auto commit = view->saveVersion(QStringLiteral("ask for a language"));
        QVERIFY2(commit.ok(), qPrintable(commit.ok() ? QString() : commit.error().toString()));
        QVERIFY(commit->created);
        QCOMPARE(commit->version.number, 3);
        QCOMPARE(saved.count(), 1);
        auto *history = view->findChild<QTreeWidget *>(QStringLiteral("versionHistory"));
        QCOMPARE(history->topLevelItemCount(), 3);
        QCOMPARE(history->topLevelItem(0)->text(3), QStringLiteral("ask for a language"));
        const QString diff =
            view->findChild<QTextBrowser *>(QStringLiteral("versionContent"))->toPlainText();
        QVERIFY2(diff.contains(QStringLiteral("@2")) && diff.contains(QStringLiteral("@3")),
                 qPrintable(diff));
        QVERIFY2(diff.contains(QStringLiteral("language")), qPrintable(diff));
        QTRY_VERIFY(!view->isDirty());
        QTRY_COMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("summarizer"));

        // Saving again without changes creates nothing.
        auto again = view->saveVersion(QString());
        QVERIFY(again.ok());
        QVERIFY(!again->created);

        view->findChild<QTabWidget *>(QStringLiteral("sideTabs"))->setCurrentIndex(0);
        screenshot(window.get(), QStringLiteral("editor.png"));
    }

    void undoRedoTextAndBlocks() {
        auto window = makeWindow();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        QUndoStack *stack = view->undoStack();
        QCOMPARE(stack->count(), 0);
        const auto original = view->currentSpec().messages;

        // Add a block with the button, type into it.
        QTest::mouseClick(view->findChild<QPushButton *>(QStringLiteral("add_assistant")),
                          Qt::LeftButton);
        QCOMPARE(blocks(view).size(), 3);
        TemplateEditor *added = blocks(view).at(2)->editor();
        QTest::keyClicks(added, QStringLiteral("Sure."));
        QCOMPARE(added->toPlainText(), QStringLiteral("Sure."));

        // Ctrl+Z from inside the editor goes through the tab's stack: first the text...
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        added->setFocus();
        QTRY_VERIFY(added->hasFocus());
        QTest::keyClick(added, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(added->toPlainText(), QString());
        // ...then the block.
        QTest::keyClick(added, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(blocks(view).size(), 2);
        // Ctrl+Shift+Z brings both back.
        view->redo();
        QCOMPARE(blocks(view).size(), 3);
        blocks(view).at(2)->editor()->setFocus();
        QTRY_VERIFY(blocks(view).at(2)->editor()->hasFocus());
        QTest::keyClick(blocks(view).at(2)->editor(), Qt::Key_Z,
                        Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(blocks(view).at(2)->editor()->toPlainText(), QStringLiteral("Sure."));

        // Move the new block up, undo the move.
        QTest::mouseClick(blocks(view).at(2)->findChild<QToolButton *>(QStringLiteral("moveUp")),
                          Qt::LeftButton);
        QCOMPARE(view->currentSpec().messages.at(1).content, QStringLiteral("Sure."));
        QCOMPARE(view->currentSpec().messages.at(1).role, prompt::Role::Assistant);
        view->undo();
        QCOMPARE(view->currentSpec().messages.at(2).content, QStringLiteral("Sure."));
        view->redo();
        QCOMPARE(view->currentSpec().messages.at(1).content, QStringLiteral("Sure."));

        // Change the role, remove the first block, undo both.
        auto *roleBox = blocks(view).at(1)->findChild<QComboBox *>(QStringLiteral("roleBox"));
        roleBox->setCurrentIndex(roleBox->findText(QStringLiteral("user")));
        Q_EMIT roleBox->activated(roleBox->currentIndex());
        QCOMPARE(view->currentSpec().messages.at(1).role, prompt::Role::User);
        QTest::mouseClick(
            blocks(view).at(0)->findChild<QToolButton *>(QStringLiteral("removeMessage")),
            Qt::LeftButton);
        QCOMPARE(blocks(view).size(), 2);
        QCOMPARE(view->currentSpec().messages.at(0).content, QStringLiteral("Sure."));
        view->undo();
        QCOMPARE(blocks(view).size(), 3);
        QCOMPARE(view->currentSpec().messages.at(0), original.at(0));
        view->undo();
        QCOMPARE(view->currentSpec().messages.at(1).role, prompt::Role::Assistant);

        // Undoing everything gives the stored prompt back: not dirty any more.
        while (stack->canUndo())
            view->undo();
        QCOMPARE(view->currentSpec().messages, original);
        QTRY_VERIFY(!view->isDirty());
    }

    void problemsListAndJump() {
        auto window = makeWindow();
        window->show();
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        TemplateEditor *system = blocks(view).at(0)->editor();
        system->setFocus();
        typeAtEnd(system, QStringLiteral(" {% if x %}"));
        QTRY_COMPARE(view->problemsModel()->rowCount(), 1);
        const QModelIndex problem = view->problemsModel()->index(0, 0);
        QVERIFY(problem.data().toString().startsWith(QStringLiteral("message 1 (system)")));

        auto *schema = view->findChild<CodeEditor *>(QStringLiteral("schemaEditor"));
        schema->setPlainText(QStringLiteral("{\n  \"type\": \n}"));
        QTRY_COMPARE(view->problemsModel()->rowCount(), 2);
        QVERIFY(!view->saveVersion(QString()).ok()); // an unparsable schema is not saved

        // Clicking the schema problem shows the schema editor with the cursor on the line.
        auto *list = view->findChild<QListView *>(QStringLiteral("problemsList"));
        const QModelIndex schemaRow = view->problemsModel()->index(1, 0);
        Q_EMIT list->clicked(schemaRow);
        QTRY_VERIFY(schema->isVisible());
        QCOMPARE(schema->textCursor().blockNumber() + 1, schema->problem()->line);
        screenshot(window.get(), QStringLiteral("editor-problems.png"));
    }

    void restoreAndLabelFromHistory() {
        auto window = makeWindow();
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        auto *history = view->findChild<QTreeWidget *>(QStringLiteral("versionHistory"));
        QVERIFY(history);
        const int head = history->topLevelItem(0)->data(0, Qt::UserRole).toInt();
        QVERIFY(head >= 2);
        auto *restoreButton = view->findChild<QPushButton *>(QStringLiteral("restoreVersion"));
        QVERIFY(restoreButton);
        QVERIFY(!restoreButton->isEnabled()); // the head is selected: nothing to restore

        // Unsaved edits are never overwritten by a restore.
        auto *first = blocks(view).first()->findChild<QPlainTextEdit *>();
        QVERIFY(first);
        typeAtEnd(first, QStringLiteral(" EDITED"));
        QTRY_VERIFY(view->isDirty());
        QVERIFY(!view->restoreVersion(1).ok());
        view->undoStack()->undo();
        QTRY_VERIFY(!view->isDirty());

        auto restored = view->restoreVersion(1);
        QVERIFY2(restored.ok(),
                 qPrintable(restored.ok() ? QString() : restored.error().toString()));
        QVERIFY(restored->created);
        QCOMPARE(restored->version.number, head + 1);
        QCOMPARE(history->topLevelItem(0)->data(0, Qt::UserRole).toInt(), head + 1);
        QCOMPARE(view->currentSpec().messages, restored->version.spec.messages);
        QVERIFY(!view->isDirty());

        QSignalSpy labels(view, &PromptView::labelsChanged);
        QVERIFY(view->setLabel(QStringLiteral("staging"), 1).ok());
        QCOMPARE(labels.count(), 1);
        const int last = history->topLevelItemCount() - 1;
        QCOMPARE(history->topLevelItem(last)->data(0, Qt::UserRole).toInt(), 1);
        QVERIFY(history->topLevelItem(last)->text(1).contains(QStringLiteral("staging")));
        QVERIFY(!view->setLabel(QStringLiteral("bad label!"), 1).ok());
    }

    void testCasesPersist() {
        auto window = makeWindow();
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        QTRY_VERIFY(view->inspectorPage()->findChild<QPlainTextEdit *>(QStringLiteral("var_text")));
        auto *text = view->inspectorPage()->findChild<QPlainTextEdit *>(QStringLiteral("var_text"));
        text->setPlainText(QStringLiteral("A short text."));
        QVERIFY(view->saveTestCase(QStringLiteral("short")).ok());
        text->setPlainText(QStringLiteral("Something else."));
        QVERIFY(view->loadTestCase(QStringLiteral("short")).ok());
        QCOMPARE(text->toPlainText(), QStringLiteral("A short text."));
        auto *cases = view->inspectorPage()->findChild<QComboBox *>(QStringLiteral("testCases"));
        QCOMPARE(cases->currentText(), QStringLiteral("short"));

        // A new tab on the same store sees it.
        window->reload();
        auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("editorTabs"));
        tabs->removeTab(0);
        delete view;
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        auto *again = window->currentPromptView()->inspectorPage()->findChild<QComboBox *>(
            QStringLiteral("testCases"));
        QVERIFY(again->findText(QStringLiteral("short")) > 0);
        QVERIFY(window->currentPromptView()->deleteTestCase(QStringLiteral("short")).ok());
        QCOMPARE(again->findText(QStringLiteral("short")), -1);
    }

    void editorStateRoundTrips() {
        auto window = makeWindow();
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        typeAtEnd(blocks(view).at(1)->editor(), QStringLiteral(" {{ extra }}"));
        QTRY_VERIFY(view->inspectorPage()->findChild<QLineEdit *>(QStringLiteral("var_extra")));
        QTest::keyClicks(view->inspectorPage()->findChild<QLineEdit *>(QStringLiteral("var_extra")),
                         QStringLiteral("kept"));
        view->findChild<CodeEditor *>(QStringLiteral("schemaEditor"))
            ->setPlainText(QStringLiteral("{ not json yet"));
        const nlohmann::json state = view->saveState();

        // A fresh tab of the same prompt gets everything back, dirty.
        auto other = makeWindow();
        QVERIFY(other->openPrompt(QStringLiteral("summarizer")));
        PromptView *restored = other->currentPromptView();
        QVERIFY(restored->restoreState(state).ok());
        QCOMPARE(restored->currentSpec().messages, view->currentSpec().messages);
        QCOMPARE(restored->findChild<CodeEditor *>(QStringLiteral("schemaEditor"))->toPlainText(),
                 QStringLiteral("{ not json yet"));
        QTRY_VERIFY(restored->inspectorPage()->findChild<QLineEdit *>(QStringLiteral("var_extra")));
        QCOMPARE(
            restored->inspectorPage()->findChild<QLineEdit *>(QStringLiteral("var_extra"))->text(),
            QStringLiteral("kept"));
        QVERIFY(restored->currentVariables()["extra"] == "kept");
        QTRY_VERIFY(restored->isDirty());

        QVERIFY(!restored->restoreState(nlohmann::json::object()).ok());
        QVERIFY(!restored->restoreState({{"format", 1}, {"spec", "garbage"}}).ok());
        QVERIFY(!restored->restoreState(nlohmann::json::array()).ok());
        // A damaged draft (fields of the wrong type) is refused, never thrown out of the editor.
        QVERIFY(!restored->restoreState({{"format", "1"}}).ok());
        for (const char *key : {"prompt", "schemaText", "otherParamsText"}) {
            nlohmann::json damaged = state;
            damaged[key] = 7;
            QVERIFY(!restored->restoreState(damaged).ok());
        }
        // A refused state leaves the tab as it was.
        QCOMPARE(restored->currentSpec().messages, view->currentSpec().messages);
        nlohmann::json wrongPrompt = state;
        wrongPrompt["prompt"] = "another";
        QVERIFY(!restored->restoreState(wrongPrompt).ok());
        // Ill-typed variable fields fall back to the defaults; the text still comes back.
        nlohmann::json oddVariables = state;
        QVERIFY(oddVariables["variables"]["extra"].is_object());
        oddVariables["variables"]["extra"]["kind"] = 5;
        oddVariables["variables"]["extra"]["kindChosen"] = "yes";
        QVERIFY(restored->restoreState(oddVariables).ok());
        QVERIFY(restored->currentVariables()["extra"] == "kept");
    }

    void findInTheFocusedEditor() {
        auto window = makeWindow();
        window->show();
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        TemplateEditor *user = blocks(view).at(1)->editor();
        user->setFocus();
        QTRY_VERIFY(user->hasFocus());
        view->showFind();
        auto *field = view->findChild<QLineEdit *>(QStringLiteral("findField"));
        QVERIFY(field->isVisible());
        QTest::keyClicks(field, QStringLiteral("words"));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(user->textCursor().selectedText(), QStringLiteral("words"));
    }
};

QTEST_MAIN(TestPromptEditor)
#include "test_prompt_editor.moc"
