// The Inspector dock and undo in every editor, driven like a user would on a real window
// over a store seeded with the example project: the dock follows the current tab and says
// what to click when there is nothing to inspect; parameter and variable edits change the
// tab's prompt, are undone and redone in merged steps whatever widget has focus, also from
// the template editor's context menu; the dock's place comes back on restart; the project
// tree follows saved versions and labels; the history comparison opens in its own window.
#include "editor/history_panel.h"
#include "editor/message_block.h"
#include "editor/messages_editor.h"
#include "editor/template_editor.h"
#include "inspector_dock.h"
#include "main_window.h"
#include "project_tree_model.h"
#include "prompt_view.h"
#include "ui_test_support.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

using namespace trellis;
using namespace trellis::ui;

namespace {

TemplateEditor *messageEditor(PromptView *view, int index) {
    MessageBlock *block = view->findChild<MessagesEditor *>()->block(index);
    if (!block)
        qFatal("no message %d", index);
    return block->editor();
}

template <typename T>
T *inInspector(PromptView *view, const char *name) {
    return view->inspectorPage()->findChild<T *>(QLatin1String(name));
}

// The tree's row of a prompt (through the filter proxy the tree shows).
QModelIndex promptRow(QAbstractItemModel *model, const QString &name) {
    const QModelIndex prompts = model->index(ProjectTreeModel::Prompts, 0);
    for (int row = 0; row < model->rowCount(prompts); ++row) {
        const QModelIndex index = model->index(row, 0, prompts);
        if (index.data(ProjectTreeModel::NameRole).toString() == name)
            return index;
    }
    return {};
}

} // namespace

class TestInspector : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    std::unique_ptr<MainWindow> shownWindow() {
        auto window = testing::makeWindow(m_dir, QStringLiteral("i%1.db").arg(++m_counter));
        window->show();
        window->activateWindow();
        if (!QTest::qWaitForWindowActive(window.get()))
            qWarning("the window did not become active");
        return window;
    }

    static void typeIntoVariable(PromptView *view, QUndoStack *stack) {
        QTRY_VERIFY(inInspector<QPlainTextEdit>(view, "var_text"));
        auto *text = inInspector<QPlainTextEdit>(view, "var_text");
        const QString before = text->toPlainText();
        const int start = stack->count();
        focus(text);
        text->selectAll();
        QTest::keyClicks(text, QStringLiteral("Hello"));
        QTest::keyClicks(text, QStringLiteral(" world"));
        QCOMPARE(stack->count(), start + 1);
        QVERIFY(view->currentVariables()["text"] == "Hello world");
        QTest::keyClick(text, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(text->toPlainText(), before);
        QCOMPARE(QString::fromStdString(view->currentVariables().value("text", std::string())),
                 before);
        QTest::keyClick(text, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(text->toPlainText(), QStringLiteral("Hello world"));
        QVERIFY(view->currentVariables()["text"] == "Hello world");

        // Loading a test case is one step too.
        QVERIFY(view->saveTestCase(QStringLiteral("greeting")).ok());
        focus(text);
        text->selectAll();
        QTest::keyClicks(text, QStringLiteral("Other"));
        const int beforeLoad = stack->index();
        QVERIFY(view->loadTestCase(QStringLiteral("greeting")).ok());
        QCOMPARE(text->toPlainText(), QStringLiteral("Hello world"));
        QCOMPARE(stack->index(), beforeLoad + 1);
        view->undo();
        QCOMPARE(text->toPlainText(), QStringLiteral("Other"));
        view->undo();
        QCOMPARE(text->toPlainText(), QStringLiteral("Hello world"));
    }

    static void focus(QWidget *widget) {
        widget->setFocus(Qt::OtherFocusReason);
        QTRY_VERIFY(widget->hasFocus());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        testing::isolateUserState(m_dir);
    }

    void followsTheCurrentTab() {
        auto window = shownWindow();
        InspectorDock *dock = window->inspector();
        QVERIFY(dock->isVisible());
        QCOMPARE(dock->currentPage(), nullptr);
        QVERIFY(dock->emptyState()->isVisible());
        QVERIFY(dock->emptyState()->text().contains(QStringLiteral("No prompt open")));
        QVERIFY(dock->emptyState()->text().contains(QStringLiteral("Project")));

        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *summarizer = window->currentPromptView();
        QCOMPARE(dock->currentPage(), summarizer->inspectorPage());
        QVERIFY(summarizer->inspectorPage()->isVisible());
        QCOMPARE(inInspector<QLabel>(summarizer, "inspectorTitle")->text(),
                 QStringLiteral("summarizer"));
        QTRY_VERIFY(inInspector<QPlainTextEdit>(summarizer, "var_text"));

        QVERIFY(window->openPrompt(QStringLiteral("support-ticket-triage")));
        PromptView *triage = window->currentPromptView();
        QCOMPARE(dock->currentPage(), triage->inspectorPage());
        QCOMPARE(dock->pageCount(), 2);
        QCOMPARE(inInspector<QComboBox>(triage, "modelBox")->currentText(),
                 triage->currentSpec().model);

        auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("editorTabs"));
        tabs->setCurrentIndex(0);
        QCOMPARE(dock->currentPage(), summarizer->inspectorPage());
        QVERIFY(!triage->inspectorPage()->isVisible());

        // A read-only item: nothing to inspect, and the dock says what to do.
        QVERIFY(
            window->openItem(ProjectTreeModel::Kind::Workflow, QStringLiteral("chat-with-memory")));
        QCOMPARE(dock->currentPage(), nullptr);
        QVERIFY(dock->emptyState()->text().contains(QStringLiteral("Nothing to inspect")));

        // Closing a tab takes its page out of the dock; the last one brings the hint back.
        QTest::keyClick(window.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(tabs->count(), 2);
        QVERIFY(dock->currentPage() != nullptr);
        QTest::keyClick(window.get(), Qt::Key_W, Qt::ControlModifier);
        QTest::keyClick(window.get(), Qt::Key_W, Qt::ControlModifier);
        QCOMPARE(tabs->count(), 0);
        QCOMPARE(dock->pageCount(), 0);
        QCOMPARE(dock->currentPage(), nullptr);
        QVERIFY(dock->emptyState()->text().contains(QStringLiteral("No prompt open")));
    }

    void parameterEditChangesTheSpec() {
        auto window = shownWindow();
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        QVERIFY(!view->isDirty());
        QSignalSpy changed(view, &PromptView::specChanged);

        auto *temperature = inInspector<QDoubleSpinBox>(view, "temperature");
        focus(temperature);
        temperature->selectAll();
        QTest::keyClicks(temperature, QStringLiteral("0.7"));
        QCOMPARE(view->currentSpec().params.value("temperature", 0.0), 0.7);
        QVERIFY(changed.count() > 0);
        QTRY_VERIFY(view->isDirty());
        auto *tabs = window->findChild<QTabWidget *>(QStringLiteral("editorTabs"));
        QTRY_COMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("summarizer *"));

        // The runner reads the same prompt.
        auto *model = inInspector<QComboBox>(view, "modelBox");
        focus(model);
        model->lineEdit()->selectAll();
        QTest::keyClicks(model, QStringLiteral("dryrun:echo"));
        QCOMPARE(view->currentSpec().model, QStringLiteral("dryrun:echo"));
        const auto input = window->currentRunInput();
        QVERIFY(input.has_value());
        QCOMPARE(input->spec.model, QStringLiteral("dryrun:echo"));
        QCOMPARE(input->spec.params.value("temperature", 0.0), 0.7);
    }

    void undoRedoMergesTyping() {
        auto window = shownWindow();
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        QUndoStack *stack = view->undoStack();
        QCOMPARE(stack->count(), 0);

        // Typing a number into max tokens: one command, one Ctrl+Z.
        auto *maxTokens = inInspector<QSpinBox>(view, "maxTokens");
        const int tokensBefore = maxTokens->value();
        focus(maxTokens);
        maxTokens->selectAll();
        QTest::keyClicks(maxTokens, QStringLiteral("512"));
        QCOMPARE(maxTokens->value(), 512);
        QCOMPARE(stack->count(), 1);
        QCOMPARE(view->currentSpec().params.value("max_tokens", 0), 512);
        QTest::keyClick(maxTokens, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(maxTokens->value(), tokensBefore);
        QCOMPARE(stack->index(), 0);
        QTest::keyClick(maxTokens, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(maxTokens->value(), 512);

        // A variable: a word typed is one step; another field starts a new one.
        typeIntoVariable(view, stack);
        if (QTest::currentTestFailed())
            return;

        // Undo with the focus on a template editor goes through the same stack...
        const int index = stack->index();
        QVERIFY(index > 0);
        TemplateEditor *system = messageEditor(view, 0);
        focus(system);
        QTest::keyClick(system, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stack->index(), index - 1);
        // ... and with the focus on a plain button of the inspector (the window's Redo).
        auto *saveCase = inInspector<QPushButton>(view, "saveTestCase");
        focus(saveCase);
        QTest::keyClick(saveCase, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(stack->index(), index);

        // Back to the stored prompt: clean again.
        while (stack->canUndo())
            view->undo();
        QTRY_VERIFY(!view->isDirty());
    }

    void contextMenuUndoUsesTheStack() {
        auto window = shownWindow();
        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        QUndoStack *stack = view->undoStack();
        TemplateEditor *user = messageEditor(view, 1);
        const QString original = user->toPlainText();
        focus(user);
        QTest::keyClicks(user, QStringLiteral("XYZ"));
        QCOMPARE(stack->count(), 1);

        auto menuAction = [](const char *name) -> QAction * {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return nullptr;
            for (QAction *action : menu->actions())
                if (action->objectName() == QLatin1String(name))
                    return action;
            return nullptr;
        };
        auto openMenu = [user] {
            const QPoint at(20, 10);
            QContextMenuEvent event(QContextMenuEvent::Mouse, at,
                                    user->viewport()->mapToGlobal(at));
            QApplication::sendEvent(user->viewport(), &event);
        };
        openMenu();
        QTRY_VERIFY(menuAction("edit-undo"));
        QAction *undo = menuAction("edit-undo");
        QVERIFY(undo->isEnabled());
        undo->trigger();
        QApplication::activePopupWidget()->close();
        QCOMPARE(user->toPlainText(), original);
        QCOMPARE(stack->index(), 0);
        QVERIFY(stack->canRedo());

        openMenu();
        QTRY_VERIFY(menuAction("edit-redo"));
        QVERIFY(!menuAction("edit-undo")->isEnabled());
        menuAction("edit-redo")->trigger();
        QApplication::activePopupWidget()->close();
        QCOMPARE(stack->index(), 1);
        QVERIFY(user->toPlainText().contains(QStringLiteral("XYZ")));
    }

    void layoutComesBackWithTheInspector() {
        const QString db = QStringLiteral("layout.db");
        {
            auto first = testing::makeWindow(m_dir, db);
            first->show();
            QVERIFY(QTest::qWaitForWindowExposed(first.get()));
            QVERIFY(first->openPrompt(QStringLiteral("summarizer")));
            QCOMPARE(first->dockWidgetArea(first->inspector()), Qt::RightDockWidgetArea);
            first->addDockWidget(Qt::LeftDockWidgetArea, first->inspector());
            QVERIFY(first->close());
        }
        {
            auto second = testing::makeWindow(m_dir, db);
            second->show();
            QVERIFY(QTest::qWaitForWindowExposed(second.get()));
            QCOMPARE(second->dockWidgetArea(second->inspector()), Qt::LeftDockWidgetArea);
            QVERIFY(second->inspector()->isVisible());
            // The reopened tab is in it.
            QVERIFY(second->currentPromptView());
            QCOMPARE(second->inspector()->currentPage(),
                     second->currentPromptView()->inspectorPage());
            second->inspector()->close(); // the dock's own close button
            QVERIFY(second->close());
        }
        auto third = testing::makeWindow(m_dir, db);
        third->show();
        QVERIFY(QTest::qWaitForWindowExposed(third.get()));
        QVERIFY(!third->inspector()->isVisible());
        // View → Inspector brings it back.
        third->inspector()->toggleViewAction()->trigger();
        QVERIFY(third->inspector()->isVisible());
    }

    void treeFollowsSavesAndLabels() {
        auto window = shownWindow();
        auto *tree = window->findChild<QTreeView *>(QStringLiteral("projectTree"));
        QAbstractItemModelTester tester(tree->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QModelIndex row = promptRow(tree->model(), QStringLiteral("summarizer"));
        QVERIFY(row.isValid());
        QCOMPARE(row.data(ProjectTreeModel::HeadVersionRole).toInt(), 2);

        QVERIFY(window->openPrompt(QStringLiteral("summarizer")));
        PromptView *view = window->currentPromptView();
        TemplateEditor *user = messageEditor(view, 1);
        focus(user);
        QTest::keyClicks(user, QStringLiteral(" Be brief."));
        QTRY_VERIFY(view->isDirty());
        QVERIFY(view->saveVersion(QStringLiteral("brief")).ok());

        row = promptRow(tree->model(), QStringLiteral("summarizer"));
        QCOMPARE(row.data(ProjectTreeModel::HeadVersionRole).toInt(), 3);
        QVERIFY(row.data(Qt::ToolTipRole).toString().contains(QStringLiteral("3 versions")));
        QCOMPARE(row.siblingAtColumn(ProjectTreeModel::DetailColumn).data().toString().left(2),
                 QStringLiteral("@3"));
        QVERIFY(tree->isExpanded(tree->model()->index(ProjectTreeModel::Prompts, 0)));

        QVERIFY(view->setLabel(QStringLiteral("candidate"), 3).ok());
        row = promptRow(tree->model(), QStringLiteral("summarizer"));
        QVERIFY(row.data(ProjectTreeModel::LabelsRole)
                    .toStringList()
                    .contains(QStringLiteral("candidate")));
    }

    void comparisonOpensInItsOwnWindow() {
        auto window = shownWindow();
        QVERIFY(window->openPrompt(QStringLiteral("support-ticket-triage")));
        PromptView *view = window->currentPromptView();
        auto *history = view->findChild<HistoryPanel *>();
        history->selectVersions({2, 3});
        auto *open = view->findChild<QPushButton *>(QStringLiteral("openComparison"));
        QVERIFY(open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton);
        ComparisonWindow *compare = history->comparisonWindow();
        QVERIFY(compare);
        QVERIFY(QTest::qWaitForWindowExposed(compare));
        QVERIFY(compare->isWindow());
        QVERIFY(compare->width() > 700);
        QCOMPARE(compare->shownText(), history->shownText());
        QVERIFY(compare->windowTitle().contains(QStringLiteral("@2")));
        // It follows the selection while open.
        history->selectVersions({1, 3});
        QVERIFY(compare->windowTitle().contains(QStringLiteral("@1")));
        QCOMPARE(compare->shownText(), history->shownText());
    }
};

QTEST_MAIN(TestInspector)
#include "test_inspector.moc"
