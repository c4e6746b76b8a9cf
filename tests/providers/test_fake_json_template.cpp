// The fake server's JSON templates: filled text must be exactly what nlohmann's dump() gives
// for the whole document, and every reply piece of every wire format must stay canonical JSON
// (parsing and dumping it again gives the same bytes), which is what the server sent before
// the templates.
#include "fake_json_template.h"
#include "fake_wire_formats.h"

#include <QTest>

using namespace trellis::testing;
using nlohmann::json;

Q_DECLARE_METATYPE(trellis::testing::FakeWire)

namespace {

QByteArray dumped(const json &j) {
    return QByteArray::fromStdString(j.dump());
}

// The JSON text of one stream piece: without its SSE field names and line ends.
QByteArray pieceJson(QByteArray piece) {
    const qsizetype data = piece.indexOf("data: ");
    if (data >= 0)
        piece = piece.mid(data + 6);
    return piece.trimmed();
}

} // namespace

class TestFakeJsonTemplate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void stringLiteralIsNlohmannDump_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain") << QStringLiteral("A short answer, streamed.");
        QTest::newRow("quote and backslash") << QStringLiteral("say \"hi\" \\ bye");
        QTest::newRow("short escapes") << QStringLiteral("a\nb\tc\rd\be\ff");
        QTest::newRow("other controls") << QString::fromUtf8("\x01\x1f x \x7f");
        QTest::newRow("slash") << QStringLiteral("</script>");
        QTest::newRow("non-ascii") << QString::fromUtf8("Grüße — 世界 😀");
        QTest::newRow("lone surrogate") << QString(QChar(0xD83D)) + QStringLiteral("x");
    }
    void stringLiteralIsNlohmannDump() {
        QFETCH(QString, text);
        QCOMPARE(jsonStringLiteral(text), dumped(json(text.toStdString())));
    }

    void fillPutsValuesWhereTheSlotsAre() {
        // Slots out of order, nested, repeated, and a string that looks like a placeholder.
        const json doc = {
            {"b", JsonTemplate::slot(1)},
            {"a", json::array({JsonTemplate::slot(0), {{"x", "{\"bytes\":[],\"subtype\":0}"}}})},
            {"c", {{"again", JsonTemplate::slot(1)}, {"n", 3}}}};
        const JsonTemplate t(doc);
        const json expected = {
            {"b", {{"k", 1}}},
            {"a", json::array({"v\"0", {{"x", "{\"bytes\":[],\"subtype\":0}"}}})},
            {"c", {{"again", {{"k", 1}}}, {"n", 3}}}};
        QCOMPARE(t.fill({jsonStringLiteral(QStringLiteral("v\"0")), "{\"k\":1}"}),
                 dumped(expected));
    }

    void missingValuesAreNull() {
        const JsonTemplate t(json{{"a", JsonTemplate::slot(0)}, {"b", JsonTemplate::slot(1)}});
        QCOMPARE(t.fill({"true"}), QByteArray("{\"a\":true,\"b\":null}"));
        QCOMPARE(t.fill({}), QByteArray("{\"a\":null,\"b\":null}"));
    }

    void documentWithoutSlotsIsItsDump() {
        const json doc = {{"k", "v"}, {"n", json::array({1, 2})}};
        QCOMPARE(JsonTemplate(doc).fill({}), dumped(doc));
    }

    void appendToWrapsTheFilledText() {
        const JsonTemplate t(json{{"t", JsonTemplate::slot(0)}});
        QByteArray out("event: x\n");
        t.appendTo(out, {"1"}, "data: ", "\n\n");
        QCOMPARE(out, QByteArray("event: x\ndata: {\"t\":1}\n\n"));
    }

    void everyPieceIsCanonicalJson_data() {
        QTest::addColumn<FakeWire>("wire");
        QTest::addColumn<bool>("stream");
        QTest::addColumn<QString>("text");
        const QString tricky = QString::fromUtf8("quote \" back \\ nl \n ctl \x01 Grüße 世界");
        for (const FakeWire w :
             {FakeWire::OpenAI, FakeWire::Anthropic, FakeWire::Gemini, FakeWire::Ollama}) {
            for (const bool stream : {true, false}) {
                const QByteArray name = fakeWireName(w).toUtf8() + (stream ? " stream" : "");
                QTest::newRow(QByteArray(name + " tricky").constData()) << w << stream << tricky;
                QTest::newRow(QByteArray(name + " empty").constData()) << w << stream << QString();
            }
        }
    }
    void everyPieceIsCanonicalJson() {
        QFETCH(FakeWire, wire);
        QFETCH(bool, stream);
        QFETCH(QString, text);
        ParsedChat chat;
        chat.model = QStringLiteral("model \"x\"");
        chat.inputTokens = 7;
        chat.stream = stream;
        chat.includeUsage = true;
        const WireReply r = buildChatReply(wire, chat, ReplyShape{text, 3, 2, 1});
        QList<QByteArray> documents = r.pieces;
        if (!stream)
            documents = {r.body};
        QString joined;
        for (const QByteArray &piece : std::as_const(documents)) {
            const QByteArray bytes = pieceJson(piece);
            if (bytes == "[DONE]")
                continue;
            const json j = json::parse(bytes.toStdString(), nullptr, false);
            QVERIFY2(!j.is_discarded(), bytes.constData());
            QCOMPARE(dumped(j), bytes);
            // The text travels whole: the deltas, in order, are the reply.
            for (const char *path :
                 {"/choices/0/delta/content", "/delta/text", "/candidates/0/content/parts/0/text",
                  "/message/content", "/choices/0/message/content", "/content/0/text"}) {
                const json::json_pointer p(path);
                if (j.contains(p) && j.at(p).is_string())
                    joined += QString::fromStdString(j.at(p).get<std::string>());
            }
        }
        QCOMPARE(joined, text);
    }
};

QTEST_GUILESS_MAIN(TestFakeJsonTemplate)
#include "test_fake_json_template.moc"
