// bench_eval: the experiment engine end to end (matrix expansion, cells in the store, pipeline
// calls recorded in SQLite, grading, batched cell writes) on 2 prompts x 2 models x 250 rows
// against the fake LLM server (a child process), at concurrency 1, 8 and 32 with 0 ms and
// 200 ms server latency. Prints wall time, cells/s against the ideal (concurrency / latency),
// CPU per cell (this process: the engine's overhead per request) and peak RSS.
// BENCH_ROWS overrides the row count (250); BENCH_LATENCIES="0" skips the slow 200 ms runs.
#include "eval/experiment_runner.h"
#include "eval/prompt_variant_runner.h"
#include "providers/model_catalog.h"
#include "providers/provider_registry.h"
#include "runtime/pipeline.h"
#include "store/database.h"
#include "store/project_repository.h"
#include "store/store_paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <sys/resource.h>

using namespace trellis;
using nlohmann::json;

namespace {

double cpuMs() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000.0
           + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000.0;
}

double peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024.0;
}

QString startServer(QProcess &server, int latencyMs) {
    server.start(
        QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("fake-llm-server")),
        {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--latency-ms"),
         QString::number(latencyMs)});
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

// Two prompts (one passes the equals assertion on the echoed word, one does not) on two models.
eval::ExperimentSpec benchSpec(int rows) {
    eval::ExperimentSpec spec;
    spec.name = QStringLiteral("bench");
    eval::VariantSpec a;
    a.label = QStringLiteral("plain");
    a.messages = {{prompt::Role::System, QStringLiteral("Answer briefly.")},
                  {prompt::Role::User, QStringLiteral("{{ question }}")}};
    eval::VariantSpec b = a;
    b.label = QStringLiteral("polite");
    b.messages[1].content = QStringLiteral("Please: {{ question }}");
    spec.variants = {a, b};
    spec.models = {{QStringLiteral("openai:gpt-4o-mini"), json::object(), {}},
                   {QStringLiteral("openai:gpt-4o"), json::object(), {}}};
    for (int i = 0; i < rows; ++i) {
        eval::TestCase t;
        t.vars = {{"question", QStringLiteral("question number %1").arg(i).toStdString()}};
        spec.tests.push_back(t);
    }
    spec.defaultTest.test =
        eval::parseTestSpec(json{{"assert",
                                  {{{"type", "equals"}, {"value", "{{ question }}"}},
                                   {{"type", "contains"}, {"value", "question"}}}}})
            .value();
    spec.cache = false;
    return spec;
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    const int rows =
        qEnvironmentVariableIsSet("BENCH_ROWS") ? qEnvironmentVariableIntValue("BENCH_ROWS") : 250;
    QList<int> latencies{0, 200};
    if (qEnvironmentVariableIsSet("BENCH_LATENCIES")) {
        latencies.clear();
        for (const QString &l : qEnvironmentVariable("BENCH_LATENCIES").split(u','))
            latencies << l.toInt();
    }
    auto catalog = providers::ModelCatalog::builtIn().value();
    std::printf("2 prompts x 2 models x %d rows = %d cells\n", rows, 4 * rows);
    std::printf("%-9s %-5s %10s %9s %9s %8s %12s %10s %6s\n", "latency", "conc", "wall s",
                "cells/s", "ideal/s", "ratio", "cpu/cell ms", "peak MiB", "failed");
    for (const int latency : latencies) {
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
        for (const int concurrency : {1, 8, 32}) {
            auto db =
                store::openStore(
                    dir.filePath(QStringLiteral("bench-%1-%2.db").arg(latency).arg(concurrency)))
                    .value();
            const qint64 project = store::ProjectRepository(db).ensureDefault().value().id;
            runtime::PipelineDeps deps;
            deps.registry = &registry;
            deps.catalog = &catalog;
            deps.db = &db;
            runtime::PipelineConfig config;
            config.networkManagers = 8;
            runtime::Pipeline pipeline(deps, config);
            eval::PromptVariantRunner prompts(pipeline, &db, project);
            eval::ExperimentRunner runner(db, project, {&prompts}, nullptr);

            const double cpu0 = cpuMs();
            QElapsedTimer wall;
            wall.start();
            eval::RunOptions options;
            options.concurrency = concurrency;
            if (Status s = runner.prepare(benchSpec(rows), options); !s) {
                std::fprintf(stderr, "%s\n", qPrintable(s.error().toString()));
                return 1;
            }
            QEventLoop loop;
            QObject::connect(&runner, &eval::ExperimentRunner::finished, &loop, &QEventLoop::quit);
            runner.start();
            loop.exec();
            const double wallMs = double(wall.nsecsElapsed()) / 1e6;
            const double cpu = cpuMs() - cpu0;
            const int cells = runner.progress().done;
            const double rate = cells / (wallMs / 1000.0);
            const double ideal = latency > 0 ? concurrency / (latency / 1000.0) : 0;
            std::printf(
                "%-9s %-5d %10.2f %9.0f %9s %8s %12.3f %10.1f %6d\n",
                qPrintable(QStringLiteral("%1 ms").arg(latency)), concurrency, wallMs / 1000.0,
                rate, latency > 0 ? qPrintable(QString::number(ideal, 'f', 0)) : "-",
                latency > 0 ? qPrintable(QStringLiteral("%1%").arg(100 * rate / ideal, 0, 'f', 1))
                            : "-",
                cpu / std::max(1, cells), peakRssMiB(), runner.progress().errors);
            std::fflush(stdout);
        }
        server.kill();
        server.waitForFinished(5000);
    }
    std::printf(
        "\ncpu/cell = this process's CPU per cell (render, call, record, grade, store);\n"
        "ratio = cells/s against concurrency / latency. Peak RSS is the process's so far.\n");
    return 0;
}
