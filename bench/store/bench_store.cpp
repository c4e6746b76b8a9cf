// Store baseline: inserting runs (batched, with unbatched inserts as the in-run reference)
// and listing a prompt's history and recent runs with 100k runs in the store.
//
//     bench_store [RUNS] [DB]     defaults: 100000 runs, a temporary file

#include "bench_runs.h"
#include "store/database.h"
#include "store/project_repository.h"
#include "store/prompt_repository.h"
#include "store/run_repository.h"
#include "store/store_paths.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>

using namespace trellis;
using namespace trellis::store;

namespace {

constexpr int kBatchSize = 1000;
constexpr int kVersions = 50;
constexpr int kUnbatchedRows = 2000;

[[noreturn]] void die(const Error &error) {
    std::fprintf(stderr, "bench_store: %s\n", qPrintable(error.toString()));
    std::exit(1);
}

// The value of a result the benchmark cannot go on without.
template <typename T>
T take(Result<T> result) {
    if (!result)
        die(result.error());
    return std::move(result).value();
}

template <typename T>
void require(const Result<T> &result) {
    if (!result)
        die(result.error());
}

// Median of `repeats` timings of `work`, in milliseconds.
double medianMs(int repeats, const std::function<void()> &work) {
    std::vector<double> times;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const qint64 total = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100000;
    QTemporaryDir dir;
    const QString path =
        argc > 2 ? QString::fromLocal8Bit(argv[2]) : dir.filePath(QStringLiteral("bench.db"));
    Database db = take(openStore(path));
    const Project project = take(ProjectRepository(db).ensureDefault());
    PromptRepository prompts(db, project.id);
    RunRepository runs(db);

    // History: one prompt with many versions and a few labels, plus neighbours.
    std::vector<PromptVersion> versions;
    for (int i = 1; i <= kVersions; ++i)
        versions.push_back(take(prompts.commit(bench::triageSpec(QStringLiteral("triage"), i),
                                               QStringLiteral("v")))
                               .version);
    for (const char *other : {"summarize", "extract", "write"})
        require(prompts.commit(bench::triageSpec(QString::fromUtf8(other), 1), QString()));
    require(prompts.setLabel(QStringLiteral("triage"), QStringLiteral("production"),
                             QStringLiteral("40")));
    require(prompts.setLabel(QStringLiteral("triage"), QStringLiteral("staging"), QString()));
    const PromptVersion other = take(prompts.resolve(QStringLiteral("summarize")));

    // Reference: one transaction per run (what a naive recorder would do).
    QElapsedTimer timer;
    timer.start();
    const std::clock_t refCpuStart = std::clock();
    for (qint64 i = 0; i < kUnbatchedRows; ++i)
        require(runs.insert(bench::sampleRun(versions[std::size_t(i % kVersions)], i)));
    const double unbatchedRate = kUnbatchedRows / (double(timer.nsecsElapsed()) / 1e9);
    const double unbatchedCpuRate =
        kUnbatchedRows / (double(std::clock() - refCpuStart) / CLOCKS_PER_SEC);

    // Batched: kBatchSize runs per transaction; 3/4 of runs go to "triage".
    qint64 inserted = kUnbatchedRows;
    double batchSeconds = 0;
    const std::clock_t cpuStart = std::clock();
    while (inserted < total) {
        std::vector<RunRecord> batch;
        const qint64 n = std::min<qint64>(kBatchSize, total - inserted);
        for (qint64 i = 0; i < n; ++i) {
            const qint64 k = inserted + i;
            batch.push_back(
                bench::sampleRun(k % 4 == 3 ? other : versions[std::size_t(k % kVersions)], k));
        }
        timer.restart();
        require(runs.insertBatch(batch));
        batchSeconds += double(timer.nsecsElapsed()) / 1e9;
        inserted += n;
    }
    const double batchedRate = double(inserted - kUnbatchedRows) / batchSeconds;
    // CPU time includes building the records; on a shared, loaded machine it is the steadier
    // figure (wall time there measures the scheduler as much as SQLite).
    const double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    const double batchedCpuRate = double(inserted - kUnbatchedRows) / cpuSeconds;

    const qint64 triageId = versions.front().promptId;
    const int repeats = 21;
    const double logMs = medianMs(repeats, [&] { require(prompts.log(QStringLiteral("triage"))); });
    const double listMs = medianMs(repeats, [&] { require(prompts.list()); });
    const double resolveMs = medianMs(repeats, [&] {
        require(prompts.resolve(QStringLiteral("triage"), QStringLiteral("production")));
    });
    RunFilter recent;
    recent.promptId = triageId;
    recent.limit = 100;
    const double recentMs = medianMs(repeats, [&] { require(runs.recent(recent)); });
    RunFilter latest;
    latest.limit = 100;
    const double latestMs = medianMs(repeats, [&] { require(runs.recent(latest)); });
    const double versionRunsMs =
        medianMs(repeats, [&] { require(runs.runsOfVersion(versions[10].id, 100)); });
    const double statsMs = medianMs(5, [&] { require(runs.statsByVersion(triageId)); });

    std::printf("bench_store: %lld runs, %d versions of 'triage' (%s)\n", (long long)inserted,
                kVersions, qPrintable(path));
    std::printf("  insert runs, batched x%d        %10.0f rows/s wall, %8.0f rows/CPU-s\n",
                kBatchSize, batchedRate, batchedCpuRate);
    std::printf("  insert runs, one tx per run     %10.0f rows/s wall, %8.0f rows/CPU-s (ref)\n",
                unbatchedRate, unbatchedCpuRate);
    std::printf("  ratio batched / unbatched       %10.1fx wall,   %8.1fx CPU\n",
                batchedRate / unbatchedRate, batchedCpuRate / unbatchedCpuRate);
    std::printf("  prompt log (%d versions)        %10.3f ms\n", kVersions, logMs);
    std::printf("  prompt list (4 prompts)         %10.3f ms\n", listMs);
    std::printf("  resolve by label                %10.3f ms\n", resolveMs);
    std::printf("  recent 100 runs of a prompt     %10.3f ms\n", recentMs);
    std::printf("  recent 100 runs, all prompts    %10.3f ms\n", latestMs);
    std::printf("  100 runs of one version         %10.3f ms\n", versionRunsMs);
    std::printf("  stats per version (%d versions) %10.3f ms\n", kVersions, statsMs);
    return 0;
}
