// bench_runtime: CPU per request and throughput of the request pipeline against the fake LLM
// server (a child process, so its CPU is not ours), at concurrency 1, 32 and 128 with 0 ms and
// 200 ms server latency. The same load through bare provider calls gives the reference, so the
// difference is the pipeline's own cost (render, route, budget, cache lookup/store, limiter,
// recording in SQLite). BENCH_LATENCIES, BENCH_CONCURRENCY, BENCH_REQUESTS, BENCH_ROUNDS and
// BENCH_BARE_ONLY narrow a run (see below). Goals (issue 4): < 0.3 ms CPU per request at 0 ms; >=
// 95% of ideal throughput (concurrency / latency) at 200 ms.
//
// Throughput is sustained throughput: at 200 ms each run keeps `concurrency` requests in flight
// for BENCH_CYCLES (60) latencies. The first cycle is not like the others: every slot starts in
// the same millisecond, so the whole burst queues on two cores (about +35 ms for that cycle,
// against +3 ms for the later ones; BENCH_TRACE shows it). Over 20 cycles that one-off burst
// and the ragged end cost 2 points of the ratio; over 60 they cost under one.
#include "providers/model_catalog.h"
#include "providers/network_access.h"
#include "providers/provider.h"
#include "providers/provider_registry.h"
#include "runtime/pipeline.h"
#include "store/database.h"
#include "store/store_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

using namespace trellis;

namespace {

double cpuMs() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0
           + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

struct Figures {
    int requests = 0;
    int failures = 0;
    double wallMs = 0;
    double cpuMs = 0;
    double serverCpuMs = 0;        // the fake server's CPU over the same run
    std::vector<double> latencies; // per request, launch to end, ms
};

double percentile(std::vector<double> v, double p) {
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size())))];
}

// BENCH_TRACE=FILE appends a line per request: run label, request index, start and latency
// in ms (e.g. to see how the first cycle differs from the rest).
FILE *traceFile() {
    static FILE *file = qEnvironmentVariableIsSet("BENCH_TRACE")
                            ? std::fopen(qgetenv("BENCH_TRACE").constData(), "a")
                            : nullptr;
    return file;
}

// Keeps `concurrency` requests in flight until `total` have ended; `launch(i, done)` starts
// request i and calls done(ok) when it ends.
Figures drive(const QByteArray &label, int total, int concurrency,
              const std::function<void(int, std::function<void(bool)>)> &launch) {
    Figures f;
    QEventLoop loop;
    int started = 0;
    int ended = 0;
    QElapsedTimer wall;
    wall.start();
    std::function<void()> next;
    next = [&] {
        while (started < total && started - ended < concurrency) {
            const int i = started++;
            const qint64 t0 = wall.nsecsElapsed();
            launch(i, [&, t0, i](bool ok) {
                f.latencies.push_back(double(wall.nsecsElapsed() - t0) / 1e6);
                if (FILE *trace = traceFile())
                    std::fprintf(trace, "%s %d %.3f %.3f\n", label.constData(), i, double(t0) / 1e6,
                                 f.latencies.back());
                ++ended;
                f.failures += ok ? 0 : 1;
                if (ended == total)
                    loop.quit();
                else
                    QMetaObject::invokeMethod(
                        &loop, [&] { next(); }, Qt::QueuedConnection);
            });
        }
    };
    const double cpu0 = cpuMs();
    wall.restart();
    next();
    loop.exec();
    f.wallMs = double(wall.nsecsElapsed()) / 1e6;
    f.cpuMs = cpuMs() - cpu0;
    f.requests = total;
    return f;
}

// CPU time (user + system) of another process so far, from /proc; 0 where unavailable.
double processCpuMs(qint64 pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray text = stat.readAll();
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    const double ticks = fields[11].toDouble() + fields[12].toDouble(); // utime, stime
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

QString startServer(QProcess &server, int latencyMs) {
    server.start(
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("fake-llm-server")),
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--latency-ms"),
         QString::number(latencyMs), QStringLiteral("--text"),
         QStringLiteral("A short answer of a few dozen characters, streamed.")});
    if (!server.waitForStarted(10000))
        return {};
    QByteArray line;
    for (int i = 0; i < 100 && !line.contains('\n'); ++i) {
        server.waitForReadyRead(100);
        line += server.readAllStandardOutput();
    }
    const qsizetype at = line.indexOf("http://");
    return at < 0 ? QString() : QString::fromLatin1(line.mid(at).trimmed());
}

// A comma-separated list of ints from the environment, or `fallback` (BENCH_LATENCIES=0
// BENCH_CONCURRENCY=1 BENCH_REQUESTS=300 narrow a run, e.g. for a profiler; BENCH_NO_DB=1 runs
// without a store, BENCH_COMMIT_DELAY_MS sets PipelineConfig::recordCommitDelayMs).
std::vector<int> envList(const char *name, std::vector<int> fallback) {
    const QString text = qEnvironmentVariable(name);
    if (text.isEmpty())
        return fallback;
    std::vector<int> out;
    for (const QString &part : text.split(u','))
        out.push_back(part.trimmed().toInt());
    return out;
}

// The better of two runs of the same load: least CPU, shortest wall time.
Figures best(const Figures &a, const Figures &b) {
    Figures f = a;
    f.cpuMs = std::min(a.cpuMs, b.cpuMs);
    f.wallMs = std::min(a.wallMs, b.wallMs);
    f.serverCpuMs = std::min(a.serverCpuMs, b.serverCpuMs);
    f.latencies = a.wallMs <= b.wallMs ? a.latencies : b.latencies;
    f.failures = a.failures + b.failures;
    return f;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    // 6 connections per manager and host (Qt 6.4): 24 managers give 144 ≥ 128 in flight.
    // BENCH_MANAGERS=n overrides (per network thread when there are network threads).
    const int managers = qEnvironmentVariableIsSet("BENCH_MANAGERS")
                             ? qEnvironmentVariableIntValue("BENCH_MANAGERS")
                             : 24;
    providers::setNetworkAccessPoolSize(managers);
    // BENCH_NET_THREADS=n runs the HTTP exchanges on n network threads (network_access.h).
    if (qEnvironmentVariableIsSet("BENCH_NET_THREADS"))
        providers::setNetworkThreads(qEnvironmentVariableIntValue("BENCH_NET_THREADS"));
    auto catalog = providers::ModelCatalog::builtIn().value();
    std::printf("%-9s %-5s %-8s %9s %10s %8s %10s %12s %12s %8s %9s  %s\n", "latency", "conc",
                "requests", "req/s", "ideal/s", "ratio", "bare ratio", "cpu/req ms", "bare cpu ms",
                "overhead", "server ms", "p50/p99/max ms (bare p99/max)");
    const int fixedTotal = qEnvironmentVariableIntValue("BENCH_REQUESTS");
    const int rounds = std::max(1, qEnvironmentVariableIsSet("BENCH_ROUNDS")
                                       ? qEnvironmentVariableIntValue("BENCH_ROUNDS")
                                       : 3);
    const int cycles = qEnvironmentVariableIsSet("BENCH_CYCLES")
                           ? std::max(1, qEnvironmentVariableIntValue("BENCH_CYCLES"))
                           : 60;
    for (const int latency : envList("BENCH_LATENCIES", {0, 200})) {
        QProcess server;
        const QString base = startServer(server, latency);
        if (base.isEmpty()) {
            std::fprintf(stderr, "cannot start fake-llm-server\n");
            return 1;
        }
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-bench-0123456789"));
        env.insert(QStringLiteral("OPENAI_BASE_URL"), base + QStringLiteral("/v1"));
        providers::MemoryKeyStore keys;
        providers::ProviderRegistry registry(providers::ProviderSettings::fromJson("{}").value(),
                                             env, &keys);
        auto resolved = registry.resolve(QStringLiteral("openai:gpt-4o-mini")).value();

        for (const int concurrency : envList("BENCH_CONCURRENCY", {1, 32, 128})) {
            const int total = fixedTotal > 0 ? fixedTotal
                              : latency == 0 ? (concurrency == 1 ? 1000 : 3000)
                                             : std::max(20, concurrency * cycles);
            const QByteArray label =
                QByteArray::number(latency) + "ms-c" + QByteArray::number(concurrency);
            // Reference: bare provider calls, same requests.
            auto bareCall = [&](int i, std::function<void(bool)> done) {
                providers::ProviderRequest req;
                req.model = resolved.model;
                req.messages = {
                    {providers::Role::User, QStringLiteral("bare %1 %2").arg(concurrency).arg(i)}};
                providers::ProviderCall *call = resolved.provider->start(req);
                QObject::connect(call, &providers::ProviderCall::finished, call, [call, done] {
                    call->deleteLater();
                    done(true);
                });
                QObject::connect(call, &providers::ProviderCall::failed, call, [call, done] {
                    call->deleteLater();
                    done(false);
                });
            };
            // Each run also takes the fake server's CPU over it, to tell a saturated server
            // from a slow client.
            auto measured = [&](const std::function<Figures()> &run) {
                const double server0 = processCpuMs(server.processId());
                Figures f = run();
                f.serverCpuMs = processCpuMs(server.processId()) - server0;
                return f;
            };
            auto runBare = [&] {
                return measured(
                    [&] { return drive("bare-" + label, total, concurrency, bareCall); });
            };
            // The pipeline, recording every run in a store and checking the cache.
            int round = 0;
            auto runPiped = [&] {
                auto db = store::openStore(dir.filePath(QStringLiteral("bench-%1-%2-%3.db")
                                                            .arg(latency)
                                                            .arg(concurrency)
                                                            .arg(round++)))
                              .value();
                runtime::PipelineDeps deps;
                deps.registry = &registry;
                deps.catalog = &catalog;
                deps.db = qEnvironmentVariableIsSet("BENCH_NO_DB") ? nullptr : &db;
                runtime::PipelineConfig config;
                config.networkManagers = managers;
                // BENCH_COMMIT_DELAY_MS: the group commit window (run_writer.h); under
                // callgrind, scale it by the slowdown to keep the native group size.
                if (qEnvironmentVariableIsSet("BENCH_COMMIT_DELAY_MS"))
                    config.recordCommitDelayMs =
                        qEnvironmentVariableIntValue("BENCH_COMMIT_DELAY_MS");
                runtime::Pipeline pipeline(deps, config);
                prompt::PromptSpec spec;
                spec.name = QStringLiteral("bench");
                spec.model = QStringLiteral("openai:gpt-4o-mini");
                spec.messages = {
                    {prompt::Role::System, QStringLiteral("Answer briefly.")},
                    {prompt::Role::User, QStringLiteral("Question {{ n }}: {{ text }}")}};
                return measured([&] {
                    return drive(
                        "pipeline-" + label, total, concurrency,
                        [&](int i, std::function<void(bool)> done) {
                            runtime::RunRequest r;
                            r.spec = spec;
                            r.variables = {
                                {"n", i},
                                {"text",
                                 QStringLiteral("pipeline %1").arg(concurrency).toStdString()}};
                            runtime::RunHandle *h = pipeline.start(std::move(r));
                            QObject::connect(h, &runtime::RunHandle::finished, h, [h, done] {
                                h->deleteLater();
                                done(true);
                            });
                            QObject::connect(h, &runtime::RunHandle::failed, h, [h, done] {
                                h->deleteLater();
                                done(false);
                            });
                        });
                });
            };
            // Steady state: a running app has its connections open already. One unmeasured
            // round opens them (up to `concurrency`, spread over the managers).
            (void)drive("warm-up-" + label, concurrency, concurrency, bareCall);
            // Bare and pipeline runs alternate for `rounds` rounds and each keeps its best
            // figures, so a busy machine (other processes) skews both sides alike.
            // BENCH_BARE_ONLY=1 skips the pipeline (profiling the provider path alone); its
            // columns then repeat the bare figures.
            const bool bareOnly = qEnvironmentVariableIsSet("BENCH_BARE_ONLY");
            Figures bare = runBare();
            Figures piped = bareOnly ? bare : runPiped();
            for (int r = 1; r < rounds; ++r) {
                bare = best(bare, runBare());
                piped = bareOnly ? bare : best(piped, runPiped());
            }
            const double rate = piped.requests / (piped.wallMs / 1000.0);
            const double ideal = latency > 0 ? concurrency / (latency / 1000.0) : 0;
            const double cpuPer = piped.cpuMs / piped.requests;
            const double bareCpu = bare.cpuMs / bare.requests;
            const double bareRate = bare.requests / (bare.wallMs / 1000.0);
            auto pct = [&](double r) {
                return latency > 0 ? QStringLiteral("%1%").arg(100 * r / ideal, 0, 'f', 1)
                                   : QStringLiteral("-");
            };
            const QString spread = QStringLiteral("%1/%2/%3 (%4/%5)")
                                       .arg(percentile(piped.latencies, 0.5), 0, 'f', 1)
                                       .arg(percentile(piped.latencies, 0.99), 0, 'f', 1)
                                       .arg(percentile(piped.latencies, 1.0), 0, 'f', 1)
                                       .arg(percentile(bare.latencies, 0.99), 0, 'f', 1)
                                       .arg(percentile(bare.latencies, 1.0), 0, 'f', 1);
            std::printf("%-9s %-5d %-8d %9.0f %10s %8s %10s %12.3f %12.3f %8.3f %9.3f  %s%s\n",
                        qPrintable(QStringLiteral("%1 ms").arg(latency)), concurrency, total, rate,
                        latency > 0 ? qPrintable(QString::number(ideal, 'f', 0)) : "-",
                        qPrintable(pct(rate)), qPrintable(pct(bareRate)), cpuPer, bareCpu,
                        cpuPer - bareCpu, piped.serverCpuMs / piped.requests, qPrintable(spread),
                        piped.failures + bare.failures > 0 ? qPrintable(
                            QStringLiteral("  (%1 failed)").arg(piped.failures + bare.failures))
                                                           : "");
            std::fflush(stdout);
        }
        server.kill();
        server.waitForFinished(5000);
    }
    std::printf("\noverhead = pipeline CPU/request minus bare provider CPU/request (same load).\n"
                "server ms = the fake server's CPU per pipeline request.\n"
                "Goals: overhead < 0.3 ms at 0 ms latency; ratio >= 95%% at 200 ms.\n");
    return 0;
}
