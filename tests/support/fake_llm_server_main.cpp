// fake-llm-server: the tests' fake LLM API as a standalone process, for benchmarks and manual
// checks. Prints "listening on http://127.0.0.1:PORT" and serves until killed.
#include "fake_llm_server.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using trellis::testing::FakeLlmServer;
using trellis::testing::FakeReply;

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fake LLM API for Trellis tests and benches"));
    parser.addHelpOption();
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("TCP port (0 = random)"),
                                  QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption latency(QStringLiteral("latency-ms"),
                                     QStringLiteral("delay before each response"),
                                     QStringLiteral("ms"), QStringLiteral("0"));
    const QCommandLineOption faultRate(QStringLiteral("fault-rate"),
                                       QStringLiteral("probability of a random fault (0..1)"),
                                       QStringLiteral("rate"), QStringLiteral("0"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("random fault seed"),
                                  QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption text(QStringLiteral("text"), QStringLiteral("fixed reply text"),
                                  QStringLiteral("text"));
    parser.addOptions({port, latency, faultRate, seed, text});
    parser.process(app);

    FakeLlmServer server;
    server.setRecordRequests(false); // nothing outside the process could read them
    server.setLatencyMs(parser.value(latency).toInt());
    if (parser.isSet(text))
        server.setDefaultReply(FakeReply::ok(parser.value(text)));
    if (parser.value(faultRate).toDouble() > 0)
        server.setRandomFaults(parser.value(faultRate).toDouble(), parser.value(seed).toUInt());
    if (!server.listen(quint16(parser.value(port).toUInt()))) {
        std::fprintf(stderr, "fake-llm-server: cannot listen\n");
        return 1;
    }
    std::printf("listening on %s\n", qPrintable(server.baseUrl().toString()));
    std::fflush(stdout);
    return app.exec();
}
