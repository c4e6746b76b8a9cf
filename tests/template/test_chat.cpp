// Chat message rendering and Prompty-style role parsing.
#include "template/chat.h"

#include <QTest>

using namespace trellis::tmpl;

class TestTemplateChat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rendersEachMessage();
    void errorNamesMessage();
    void parsesPrompty_data();
    void parsesPrompty();
};

void TestTemplateChat::rendersEachMessage() {
    const std::vector<ChatMessageTemplate> messages = {
        {QStringLiteral("system"), QStringLiteral("You are {{ persona }}.")},
        {QStringLiteral("user"),
         QStringLiteral("{% for q in questions %}Q{{ loop.index }}: {{ q }}\n{% endfor %}")},
    };
    const auto ctx = nlohmann::ordered_json::parse(R"({"persona":"terse","questions":["a","b"]})");
    auto out = renderChat(messages, ctx);
    QVERIFY(out.ok());
    QCOMPARE(out->size(), size_t(2));
    QCOMPARE((*out)[0], (ChatMessage{QStringLiteral("system"), QStringLiteral("You are terse.")}));
    QCOMPARE((*out)[1], (ChatMessage{QStringLiteral("user"), QStringLiteral("Q1: a\nQ2: b\n")}));
}

void TestTemplateChat::errorNamesMessage() {
    const std::vector<ChatMessageTemplate> messages = {
        {QStringLiteral("system"), QStringLiteral("ok")},
        {QStringLiteral("user"), QStringLiteral("line\n{{ x | nofilter }}")},
    };
    auto out = renderChat(messages, nlohmann::ordered_json::object());
    QVERIFY(!out.ok());
    QCOMPARE(out.error().field, QStringLiteral("messages[1]"));
    QCOMPARE(out.error().line, 2);
}

void TestTemplateChat::parsesPrompty_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected"); // role, content, role, content...
    QTest::newRow("three roles")
        << QStringLiteral("system:\nYou are helpful.\n\nuser:\nHi {{name}}\nassistant:\nHello!\n")
        << QStringList{QStringLiteral("system"),    QStringLiteral("You are helpful."),
                       QStringLiteral("user"),      QStringLiteral("Hi {{name}}"),
                       QStringLiteral("assistant"), QStringLiteral("Hello!")};
    QTest::newRow("leading text is system")
        << QStringLiteral("Be brief.\nUSER:\n  question  \n")
        << QStringList{QStringLiteral("system"), QStringLiteral("Be brief."),
                       QStringLiteral("user"), QStringLiteral("question")};
    QTest::newRow("markdown heading roles")
        << QStringLiteral("# System:\nrules\n# User :\nq")
        << QStringList{QStringLiteral("system"), QStringLiteral("rules"), QStringLiteral("user"),
                       QStringLiteral("q")};
    QTest::newRow("role word inside text is content")
        << QStringLiteral("user:\nthe user: said system: hi")
        << QStringList{QStringLiteral("user"), QStringLiteral("the user: said system: hi")};
    QTest::newRow("no roles") << QStringLiteral("just text")
                              << QStringList{QStringLiteral("system"), QStringLiteral("just text")};
    QTest::newRow("empty") << QString() << QStringList{};
}

void TestTemplateChat::parsesPrompty() {
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    const auto messages = parsePromptyMessages(text);
    QStringList flat;
    for (const auto &m : messages)
        flat << m.role << m.content;
    QCOMPARE(flat, expected);
}

QTEST_GUILESS_MAIN(TestTemplateChat)
#include "test_chat.moc"
