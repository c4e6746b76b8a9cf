// The editor's parts on their own: Jinja highlighting, the problem underline, the problems
// model, variable discovery and values (the off-thread checker: test_prompt_checker).
#include "editor/code_editor.h"
#include "editor/find_bar.h"
#include "editor/jinja_highlighter.h"
#include "editor/message_block.h"
#include "editor/messages_editor.h"
#include "editor/model_params_panel.h"
#include "editor/preview_panel.h"
#include "editor/problems_model.h"
#include "editor/template_editor.h"
#include "editor/variable_values.h"
#include "providers/model_catalog.h"
#include "template/template.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPaintEvent>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>
#include <QUndoStack>

using namespace trellis;
using namespace trellis::ui;

namespace {

// The highlighter's format at a position of a block (what the layout will draw).
QTextCharFormat formatAt(const QTextBlock &block, int position) {
    for (const auto &range : block.layout()->formats())
        if (position >= range.start && position < range.start + range.length)
            return range.format;
    return {};
}

QColor colourAt(const QTextBlock &block, int position) {
    return formatAt(block, position).foreground().color();
}

bool isPlain(const QTextBlock &block, int position) {
    return !formatAt(block, position).hasProperty(QTextFormat::ForegroundBrush);
}

// The area an editor's viewport repaints.
class PaintRecorder : public QObject {
public:
    QRegion painted;
    bool eventFilter(QObject *, QEvent *event) override {
        if (event->type() == QEvent::Paint)
            painted += static_cast<QPaintEvent *>(event)->region();
        return false;
    }
};

} // namespace

class TestEditorWidgets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void highlighterFormatsSampleLines() {
        TemplateEditor editor;
        editor.setPlainText(QStringLiteral("system:\n"
                                           "Hi {{ name|upper }} {% if vip %}'x'{% endif %}\n"
                                           "{# a note\n"
                                           "over lines #} {{ \"str\" }} {{ 42 }}"));
        JinjaHighlighter *h = editor.highlighter();
        auto colour = [h](JinjaHighlighter::Kind kind) {
            return h->format(kind).foreground().color();
        };
        const QTextDocument *doc = editor.document();
        const QTextBlock role = doc->findBlockByNumber(0);
        QCOMPARE(colourAt(role, 0), colour(JinjaHighlighter::Kind::Role));

        const QTextBlock line = doc->findBlockByNumber(1);
        const QString text = line.text();
        QVERIFY(isPlain(line, 0)); // plain text stays unformatted
        QCOMPARE(colourAt(line, int(text.indexOf(QStringLiteral("{{")))),
                 colour(JinjaHighlighter::Kind::Delimiter));
        QCOMPARE(colourAt(line, int(text.indexOf(QStringLiteral("name")))),
                 colour(JinjaHighlighter::Kind::Expression));
        QCOMPARE(colourAt(line, int(text.indexOf(QStringLiteral("upper")))),
                 colour(JinjaHighlighter::Kind::Filter));
        QCOMPARE(colourAt(line, int(text.indexOf(QStringLiteral("if")))),
                 colour(JinjaHighlighter::Kind::Keyword));
        QCOMPARE(colourAt(line, int(text.indexOf(QStringLiteral("endif")))),
                 colour(JinjaHighlighter::Kind::Keyword));
        // Text between tags is not code: the quote after %} is plain.
        QVERIFY(isPlain(line, int(text.indexOf(QLatin1Char('\'')))));

        const QTextBlock comment1 = doc->findBlockByNumber(2);
        const QTextBlock comment2 = doc->findBlockByNumber(3);
        QCOMPARE(colourAt(comment1, 3), colour(JinjaHighlighter::Kind::Comment));
        QCOMPARE(colourAt(comment2, 0), colour(JinjaHighlighter::Kind::Comment));
        const QString last = comment2.text();
        QCOMPARE(colourAt(comment2, int(last.indexOf(QLatin1Char('"')))),
                 colour(JinjaHighlighter::Kind::String));
        QCOMPARE(colourAt(comment2, int(last.indexOf(QStringLiteral("42")))),
                 colour(JinjaHighlighter::Kind::Number));
    }

    void keystrokeRepaintsItsLineUnlessHighlightingCascades() {
        TemplateEditor editor;
        QString text;
        for (int i = 0; i < 200; ++i)
            text += QStringLiteral("{{ a%1 }} plain {% if b %}x{% endif %}\n").arg(i);
        editor.setPlainText(text);
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setTextCursor(QTextCursor(editor.document()->findBlockByNumber(5)));
        QCoreApplication::processEvents();

        // Typing before a tag moves the formats of the line: only that line is repainted (a
        // plain QPlainTextDocumentLayout repaints the viewport for each highlighter change).
        PaintRecorder recorder;
        editor.viewport()->installEventFilter(&recorder);
        QTest::keyClicks(&editor, QStringLiteral("say "));
        QCoreApplication::processEvents();
        QVERIFY(!recorder.painted.isEmpty());
        const int lineHeight = editor.fontMetrics().lineSpacing();
        QVERIFY2(recorder.painted.boundingRect().height() <= 3 * lineHeight,
                 qPrintable(QString::number(recorder.painted.boundingRect().height())));

        // Opening a comment changes the lines below too: those are redrawn and recoloured.
        const QColor comment =
            editor.highlighter()->format(JinjaHighlighter::Kind::Comment).foreground().color();
        QTextCursor start(editor.document()->findBlockByNumber(3));
        editor.setTextCursor(start);
        QCoreApplication::processEvents();
        recorder.painted = QRegion();
        QTest::keyClicks(&editor, QStringLiteral("{#"));
        QCoreApplication::processEvents();
        QCOMPARE(colourAt(editor.document()->findBlockByNumber(8), 0), comment);
        QVERIFY(recorder.painted.boundingRect().height() > editor.viewport()->height() / 2);
        QTest::keyClick(&editor, Qt::Key_Backspace);
        QTest::keyClick(&editor, Qt::Key_Backspace);
        QVERIFY(colourAt(editor.document()->findBlockByNumber(8), 0) != comment);
        QCOMPARE(editor.document()->findBlockByNumber(5).text(),
                 QStringLiteral("say {{ a5 }} plain {% if b %}x{% endif %}"));
    }

    void coloursFollowThePalette() {
        TemplateEditor editor;
        QPalette light = editor.palette();
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        editor.setPalette(light);
        const QColor onLight =
            editor.highlighter()->format(JinjaHighlighter::Kind::Keyword).foreground().color();
        QPalette dark = light;
        dark.setColor(QPalette::Base, QColor(30, 30, 30));
        dark.setColor(QPalette::Text, QColor(230, 230, 230));
        editor.setPalette(dark);
        const QColor onDark =
            editor.highlighter()->format(JinjaHighlighter::Kind::Keyword).foreground().color();
        QVERIFY(onDark.lightness() > onLight.lightness());
        QVERIFY(onDark.lightness() > 128);
        QVERIFY(onLight.lightness() < 128);
    }

    void brokenTextIsUnderlinedWithTheMessage() {
        // A synchronous validator (what the JSON editors use; a prompt tab checks templates
        // on its worker and calls setProblem, see test_prompt_checker).
        CodeEditor editor;
        editor.setValidator([](const QString &text) -> std::optional<Error> {
            auto parsed = tmpl::Template::parse(text);
            return parsed ? std::nullopt : std::optional<Error>(parsed.error());
        });
        QSignalSpy changed(&editor, &CodeEditor::problemChanged);
        editor.setPlainText(QStringLiteral("Hello\n{% if x %}open"));
        editor.validateNow();
        QVERIFY(editor.problem().has_value());
        QVERIFY(!editor.problem()->message.isEmpty());
        QVERIFY(changed.count() >= 1);
        bool wavy = false;
        for (const auto &selection : editor.extraSelections()) {
            if (selection.format.underlineStyle() == QTextCharFormat::WaveUnderline) {
                wavy = true;
                QCOMPARE(selection.format.toolTip(), editor.problem()->message);
                QVERIFY(selection.cursor.hasSelection());
            }
        }
        QVERIFY(wavy);

        // Typing the fix clears it after the pause, without calling validateNow.
        QTextCursor end(editor.document());
        end.movePosition(QTextCursor::End);
        editor.setTextCursor(end);
        QTest::keyClicks(&editor, QStringLiteral("{% endif %}"));
        QTRY_VERIFY(!editor.problem().has_value());
        for (const auto &selection : editor.extraSelections())
            QVERIFY(selection.format.underlineStyle() != QTextCharFormat::WaveUnderline);
    }

    void bracketsAreMatched() {
        CodeEditor editor;
        editor.setPlainText(QStringLiteral("f(a[1], b)"));
        QTextCursor cursor(editor.document());
        cursor.setPosition(1); // before '('
        editor.setTextCursor(cursor);
        QList<int> highlighted;
        for (const auto &selection : editor.extraSelections())
            highlighted.append(selection.cursor.selectionStart());
        std::sort(highlighted.begin(), highlighted.end());
        QCOMPARE(highlighted, (QList<int>{1, 9}));
    }

    void schemaProblems() {
        QVERIFY(!schemaProblem(QString()).has_value());
        QVERIFY(!schemaProblem(QStringLiteral("{\"type\": \"object\"}")).has_value());
        const auto syntax = schemaProblem(QStringLiteral("{\n  \"type\": }"));
        QVERIFY(syntax.has_value());
        QCOMPARE(syntax->line, 2);
        QVERIFY(schemaProblem(QStringLiteral("{\"type\": \"objekt\"}")).has_value());
        QVERIFY(schemaProblem(QStringLiteral("[1]")).has_value());
    }

    void problemsModelIsAValidModel() {
        ProblemsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setProblems({{Problem::Source::Message, 1, QStringLiteral("message 2 (user)"),
                            QStringLiteral("unexpected end"), 3, 7},
                           {Problem::Source::Schema, -1, QStringLiteral("output schema"),
                            QStringLiteral("bad"), 0, 0}});
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex first = model.index(0, 0);
        QCOMPARE(first.data().toString(), QStringLiteral("message 2 (user) 3:7 — unexpected end"));
        QCOMPARE(first.data(ProblemsModel::LineRole).toInt(), 3);
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("output schema — bad"));
        QVERIFY(model.problemAt(model.index(5, 0)) == nullptr);
        model.setProblems({});
        QCOMPARE(model.rowCount(), 0);
    }

    void variablesAreDiscoveredWithKinds() {
        const std::vector<prompt::Message> messages{
            {prompt::Role::System, QStringLiteral("Be {{ tone }}.")},
            {prompt::Role::User,
             QStringLiteral("{% for t in tickets %}{{ t.id }}{% endfor %}"
                            "{% for tag in tags %}{{ tag }}{% endfor %}{{ user.name }}")},
            {prompt::Role::User, QStringLiteral("{{ broken ")}};
        prompt::Variable notes;
        notes.name = QStringLiteral("notes");
        notes.type = prompt::VariableType::Text;
        notes.defaultValue = "n/a";
        const auto fields = discoverVariables(messages, {notes});
        QStringList names;
        for (const auto &field : fields)
            names.append(field.name);
        QCOMPARE(names, (QStringList{QStringLiteral("tone"), QStringLiteral("tickets"),
                                     QStringLiteral("tags"), QStringLiteral("user"),
                                     QStringLiteral("notes")}));
        QCOMPARE(fields[0].kind, InputKind::Line);
        QCOMPARE(fields[1].kind, InputKind::Json);
        QCOMPARE(fields[2].kind, InputKind::List);
        QCOMPARE(fields[3].kind, InputKind::Json);
        QCOMPARE(fields[4].kind, InputKind::MultiLine);
        QVERIFY(fields[4].initialValue == "n/a");
    }

    void valuesFromText() {
        QVERIFY(*valueFromText(InputKind::Line, QStringLiteral("a b")) == "a b");
        QVERIFY(*valueFromText(InputKind::List, QStringLiteral("x\n\n y \n"))
                == nlohmann::json::array({"x", "y"}));
        QVERIFY(*valueFromText(InputKind::Json, QStringLiteral("{\"a\": [1, 2]}"))
                == nlohmann::json({{"a", {1, 2}}}));
        QVERIFY(valueFromText(InputKind::Json, QString())->is_null());
        auto bad = valueFromText(InputKind::Json, QStringLiteral("{\"a\": }"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().line, 1);
        QCOMPARE(textFromValue(InputKind::List, nlohmann::json::array({"x", "y"})),
                 QStringLiteral("x\ny"));
        QCOMPARE(textFromValue(InputKind::Json, nlohmann::json(80)), QStringLiteral("80"));
    }

    void costIsEstimatedForKnownModels() {
        auto catalog = providers::ModelCatalog::builtIn();
        QVERIFY(catalog.ok());
        QVERIFY(!catalog->models().isEmpty());
        const QString model = catalog->models().first().id;
        const std::vector<tmpl::ChatMessage> messages{
            {QStringLiteral("user"), QString(400, QLatin1Char('a'))}};
        const auto cost = estimatePreviewCost(messages, model, {{"max_tokens", 1000}}, &*catalog);
        QCOMPARE(cost.inputTokens, qint64(100));
        QVERIFY(cost.inputUsd.has_value());
        QVERIFY(cost.maxOutputUsd.has_value());
        QVERIFY(cost.summary.contains(QStringLiteral("100 input tokens")));
        const auto unknown =
            estimatePreviewCost(messages, QStringLiteral("x:unknown"), {}, &*catalog);
        QVERIFY(!unknown.inputUsd.has_value());
        QVERIFY(unknown.summary.contains(QStringLiteral("no price")));
        // Dry runs are free, not of unknown price (their runs are recorded at $0).
        const auto dry = estimatePreviewCost(messages, QStringLiteral("dryrun:echo"),
                                             {{"max_tokens", 50}}, &*catalog);
        QCOMPARE(dry.inputUsd, std::optional<double>(0.0));
        QCOMPARE(dry.maxOutputUsd, std::optional<double>(0.0));
        QVERIFY(dry.summary.contains(QStringLiteral("free on dryrun:echo (dry run)")));
        QVERIFY(!dry.summary.contains(QStringLiteral("no price")));
    }

    void priceNoteNamesTheModelsPrice() {
        auto catalog = providers::ModelCatalog::builtIn();
        QVERIFY(catalog.ok());
        ModelParamsPanel panel;
        panel.setCatalog(&*catalog);
        auto *note = panel.findChild<QLabel *>(QStringLiteral("priceNote"));
        QVERIFY(note);
        panel.setModel(catalog->models().first().id);
        QVERIFY(note->text().contains(QStringLiteral("per million input / output tokens")));
        panel.setModel(QStringLiteral("x:unknown"));
        QVERIFY(note->text().startsWith(QStringLiteral("No price known")));
        panel.setModel(QStringLiteral("dryrun:echo"));
        QCOMPARE(note->text(), QStringLiteral("Dry run: simulated answers, offline and free."));
    }

    void longMessagesTakeTheRoomShortOnesDoNotNeed() {
        QUndoStack stack;
        MessagesEditor editor(&stack);
        QStringList lines;
        for (int i = 1; i <= 40; ++i)
            lines << QStringLiteral("line %1").arg(i);
        editor.setMessages({{prompt::Role::System, lines.join(u'\n')},
                            {prompt::Role::User, QStringLiteral("{{ question }}")}});
        MessageBlock *system = editor.block(0);
        MessageBlock *user = editor.block(1);
        QVERIFY(system && user);
        TemplateEditor *longText = system->editor();
        TemplateEditor *shortText = user->editor();
        auto heightOf = [&](int index) {
            return (index == 0 ? longText : shortText)->height();
        };
        const int lineSpacing = longText->fontMetrics().lineSpacing();
        editor.resize(700, 1600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QTRY_VERIFY(heightOf(0) >= 40 * lineSpacing); // all of it: room to spare
        QVERIFY(heightOf(1) <= 5 * lineSpacing);      // a short one stays compact
        editor.resize(700, 300);
        QTRY_VERIFY(heightOf(0) <= 20 * lineSpacing); // short of room: bounded, it scrolls
        QVERIFY(heightOf(0) >= 17 * lineSpacing);
    }

    void findBarFindsAndWraps() {
        CodeEditor editor;
        editor.setPlainText(QStringLiteral("alpha beta alpha"));
        FindBar bar;
        bar.openFor(&editor);
        bar.field()->setText(QStringLiteral("alpha"));
        QVERIFY(bar.findNext());
        QCOMPARE(editor.textCursor().selectionStart(), 0);
        QVERIFY(bar.findNext());
        QCOMPARE(editor.textCursor().selectionStart(), 11);
        QVERIFY(bar.findNext()); // wraps to the start
        QCOMPARE(editor.textCursor().selectionStart(), 0);
        bar.field()->setText(QStringLiteral("gamma"));
        QVERIFY(!bar.findNext());
    }
};

QTEST_MAIN(TestEditorWidgets)
#include "test_editor_widgets.moc"
