// Every wire format decodes the fake server's bytes (which copy the real APIs' shapes) with
// the body split at every byte position, streaming and not.
#include "fake_wire_formats.h"
#include "providers/error_classify.h"
#include "providers/stream_decoder.h"

#include <QTest>

using namespace trellis::providers;
using namespace trellis::testing;
using nlohmann::json;

namespace {

std::unique_ptr<WireFormat> wireFor(FakeWire w) {
    switch (w) {
    case FakeWire::OpenAI:
        return makeOpenAiWire();
    case FakeWire::Anthropic:
        return makeAnthropicWire();
    case FakeWire::Gemini:
        return makeGeminiWire();
    case FakeWire::Ollama:
        return makeOllamaWire();
    }
    return nullptr;
}

const QString kText = QStringLiteral("Grüße, world — ok");

WireReply reply(FakeWire w, bool stream, qint64 cached = 0) {
    ParsedChat chat;
    chat.model = QStringLiteral("m-1");
    chat.inputTokens = 12;
    chat.stream = stream;
    chat.includeUsage = true;
    ReplyShape shape{kText, 3, 4, cached};
    return buildChatReply(w, chat, shape);
}

} // namespace

Q_DECLARE_METATYPE(trellis::testing::FakeWire)

class TestWireDecoding : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void streams_data() {
        QTest::addColumn<FakeWire>("wire");
        QTest::addColumn<bool>("hasCached");
        QTest::newRow("openai") << FakeWire::OpenAI << true;
        QTest::newRow("anthropic") << FakeWire::Anthropic << true;
        QTest::newRow("gemini") << FakeWire::Gemini << true;
        QTest::newRow("ollama") << FakeWire::Ollama << false;
    }

    void streams() {
        QFETCH(FakeWire, wire);
        QFETCH(bool, hasCached);
        const auto format = wireFor(wire);
        const QByteArray bytes = reply(wire, true, 5).pieces.join();
        for (qsizetype cut = 0; cut <= bytes.size(); ++cut) {
            StreamDecoder d(*format);
            QString deltas;
            QVERIFY(!d.feed(QByteArrayView(bytes).first(cut), deltas));
            QVERIFY(!d.feed(QByteArrayView(bytes).sliced(cut), deltas));
            QVERIFY(!d.finish(deltas));
            QCOMPARE(deltas, kText);
            QCOMPARE(d.state().text, kText);
            QCOMPARE(d.state().finishReason, QStringLiteral("stop"));
            QCOMPARE(d.state().usage.outputTokens, 4);
            QCOMPARE(d.state().usage.inputTokens, 12);
            QCOMPARE(d.state().usage.cachedTokens, hasCached ? 5 : 0);
            QCOMPARE(d.state().model, QStringLiteral("m-1"));
        }
    }

    void wholeBodies_data() { streams_data(); }

    void wholeBodies() {
        QFETCH(FakeWire, wire);
        QFETCH(bool, hasCached);
        const auto format = wireFor(wire);
        DecodeState s;
        QVERIFY(!format->onBody(reply(wire, false, 3).body, s));
        QCOMPARE(s.text, kText);
        QCOMPARE(s.finishReason, QStringLiteral("stop"));
        QCOMPARE(s.usage.inputTokens, 12);
        QCOMPARE(s.usage.cachedTokens, hasCached ? 3 : 0);
        QVERIFY(s.usage.reported);
    }

    void truncatedStreamIsAnError_data() { streams_data(); }

    void truncatedStreamIsAnError() {
        QFETCH(FakeWire, wire);
        const auto format = wireFor(wire);
        const WireReply r = reply(wire, true);
        const QByteArray bytes = r.pieces.mid(0, r.pieces.size() - r.terminalPieces).join();
        StreamDecoder d(*format);
        QString deltas;
        QVERIFY(!d.feed(bytes, deltas));
        const DecodeError e = d.finish(deltas);
        QVERIFY(e.has_value());
        QCOMPARE(e->kind, ErrorKind::Parse);
        QVERIFY(e->retryable);
        QVERIFY(e->message.contains(u"truncated"));
    }

    void malformedJsonIsAnError_data() { streams_data(); }

    void malformedJsonIsAnError() {
        QFETCH(FakeWire, wire);
        const auto format = wireFor(wire);
        StreamDecoder d(*format);
        QString deltas;
        const DecodeError e =
            d.feed(QByteArray(malformedPiece(wire) + reply(wire, true).pieces.join()), deltas);
        QVERIFY(e.has_value());
        QCOMPARE(e->kind, ErrorKind::Parse);
        QVERIFY(e->message.contains(u"malformed JSON"));
        DecodeState s;
        QVERIFY(format->onBody("{\"choices\": [", s).has_value());
    }

    void midStreamErrors_data() {
        QTest::addColumn<FakeWire>("wire");
        QTest::addColumn<ErrorKind>("kind");
        QTest::newRow("anthropic overloaded") << FakeWire::Anthropic << ErrorKind::Overloaded;
        QTest::newRow("openai server_error") << FakeWire::OpenAI << ErrorKind::Server;
        QTest::newRow("gemini unavailable") << FakeWire::Gemini << ErrorKind::Server;
        QTest::newRow("ollama") << FakeWire::Ollama << ErrorKind::Server;
    }

    void midStreamErrors() {
        QFETCH(FakeWire, wire);
        QFETCH(ErrorKind, kind);
        const auto format = wireFor(wire);
        const WireReply r = reply(wire, true);
        StreamDecoder d(*format);
        QString deltas;
        const DecodeError e = d.feed(
            QByteArray(r.pieces.mid(0, r.contentPieces + 1).join() + buildMidStreamError(wire)),
            deltas);
        QVERIFY(e.has_value());
        QCOMPARE(e->kind, kind);
        QVERIFY(e->retryable);
        QVERIFY(!deltas.isEmpty());
    }

    void oddTypesNeverThrow_data() { streams_data(); }

    void oddTypesNeverThrow() {
        QFETCH(FakeWire, wire);
        const auto format = wireFor(wire);
        const QList<QByteArray> odd{
            R"({"done":{},"message":[],"choices":[1],"candidates":[null],"usage":"x"})",
            R"({"type":"message_start","message":7})",
            R"({"type":"message_delta","delta":[],"usage":{"output_tokens":1e300}})",
            R"({"choices":[{"delta":"x","finish_reason":5}],"usage":{"prompt_tokens_details":3}})",
            R"({"candidates":[{"content":{"parts":[{"text":1,"thought":"y"}]},"finishReason":[]}]})",
            "[]",
            "null",
            "\"str\"",
            "123"};
        for (const QByteArray &body : odd) {
            DecodeState s;
            QString delta;
            (void)format->onEvent({}, body, s, delta);
            DecodeState w;
            (void)format->onBody(body, w);
        }
    }

    void anthropicRequestShape() {
        ProviderRequest req;
        req.model = QStringLiteral("claude-haiku-4-5");
        req.messages = {{Role::System, QStringLiteral("be brief")},
                        {Role::User, QStringLiteral("hi")}};
        req.stop = {QStringLiteral("END")};
        EndpointConfig c;
        c.baseUrl = QUrl(QStringLiteral("https://api.anthropic.com"));
        c.apiKey = QStringLiteral("sk-ant-test-123456789012345678");
        const HttpRequestSpec spec = makeAnthropicWire()->chatRequest(req, c);
        QCOMPARE(spec.url.toString(), QStringLiteral("https://api.anthropic.com/v1/messages"));
        const json body = json::parse(spec.body.toStdString());
        QCOMPARE(body["system"].get<std::string>(), std::string("be brief"));
        QCOMPARE(body["messages"].size(), size_t(1));
        QCOMPARE(body["max_tokens"].get<int>(), 4096);
        QCOMPARE(body["stop_sequences"][0].get<std::string>(), std::string("END"));
        QCOMPARE(headerValue(spec.headers, "x-api-key"), c.apiKey.toUtf8());
        QCOMPARE(headerValue(spec.headers, "anthropic-version"), QByteArray("2023-06-01"));
    }

    void openAiRequestShape() {
        ProviderRequest req;
        req.model = QStringLiteral("gpt-4o-mini");
        req.messages = {{Role::User, QStringLiteral("hi")}};
        req.maxTokens = 77;
        req.seed = 42;
        req.outputSchema = json{{"type", "object"}};
        EndpointConfig c;
        c.baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1/"));
        const HttpRequestSpec spec = makeOpenAiWire()->chatRequest(req, c);
        QCOMPARE(spec.url.toString(), QStringLiteral("https://api.openai.com/v1/chat/completions"));
        const json body = json::parse(spec.body.toStdString());
        QCOMPARE(body["max_completion_tokens"].get<int>(), 77);
        QCOMPARE(body["stream_options"]["include_usage"].get<bool>(), true);
        QCOMPARE(body["response_format"]["type"].get<std::string>(), std::string("json_schema"));
        QCOMPARE(body["seed"].get<int>(), 42);
        QVERIFY(headerValue(spec.headers, "authorization").isEmpty()); // no key, no header
    }

    void geminiRequestShape() {
        ProviderRequest req;
        req.model = QStringLiteral("gemini-2.0-flash");
        req.messages = {{Role::System, QStringLiteral("sys")},
                        {Role::User, QStringLiteral("q")},
                        {Role::Assistant, QStringLiteral("a")}};
        EndpointConfig c;
        c.baseUrl = QUrl(QStringLiteral("https://generativelanguage.googleapis.com"));
        const HttpRequestSpec spec = makeGeminiWire()->chatRequest(req, c);
        QCOMPARE(spec.url.toString(),
                 QStringLiteral("https://generativelanguage.googleapis.com/v1beta/"
                                "models/gemini-2.0-flash:streamGenerateContent?alt=sse"));
        const json body = json::parse(spec.body.toStdString());
        QCOMPARE(body["contents"][1]["role"].get<std::string>(), std::string("model"));
        QCOMPARE(body["systemInstruction"]["parts"][0]["text"].get<std::string>(),
                 std::string("sys"));
    }
};

QTEST_GUILESS_MAIN(TestWireDecoding)
#include "test_wire_decoding.moc"
