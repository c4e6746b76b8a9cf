// Start-up: wall time from launching the real `trellis` executable to its first painted main
// window, on a store holding 100k runs and on one without runs (both with the bundled example
// project), against a bare Qt Widgets window launched the same way in the same run.
//
//     bench_startup [RUNS] [LAUNCHES] [DIR]   defaults: 100000 runs, 10 launches of each, a
//                                             temporary directory
//
// DIR keeps the two stores (big.db, empty.db) for the next run, which reuses them, and for
// profiling by hand (`trellis --db DIR/big.db`).
//
// Each child runs with TRELLIS_EXIT_AFTER_FIRST_PAINT=1 (ui/startup/first_paint.h): it prints
// CLOCK_MONOTONIC at the end of its first frame and quits; the time is measured from just before
// the launch. Offscreen (QT_QPA_PLATFORM=offscreen) unless DISPLAY is set (e.g. under Xvfb).
// Configurations alternate launch by launch so machine noise hits them alike. If the page cache
// can be dropped (root), one cold launch of each comes first. BENCH_TRACE=1 adds one traced
// launch on the big store that prints the trellis.startup marks.

#include "bench_runs.h"
#include "project/workspace.h"
#include "store/prompt_repository.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace trellis;

namespace {

[[noreturn]] void die(const QString &message) {
    std::fprintf(stderr, "bench_startup: %s\n", qPrintable(message));
    std::exit(1);
}

qint64 monotonicNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// A store with the example project (prompts, workflows, datasets) and `runs` runs spread over
// the example prompts' versions.
void prepareStore(const QString &path, qint64 runs) {
    project::WorkspaceOptions options;
    options.databasePath = path;
    auto workspace = project::openWorkspace(options);
    if (!workspace)
        die(workspace.error().toString());
    if (runs == 0)
        return;
    store::PromptRepository prompts(workspace->db, workspace->project.id);
    auto summaries = prompts.list();
    if (!summaries)
        die(summaries.error().toString());
    std::vector<store::PromptVersion> versions;
    for (const store::PromptSummary &summary : *summaries) {
        auto log = prompts.log(summary.name);
        if (!log)
            die(log.error().toString());
        versions.insert(versions.end(), log->begin(), log->end());
    }
    if (Status s = bench::addRuns(workspace->db, versions, 0, runs); !s)
        die(s.error().toString());
}

struct Config {
    const char *label;
    QString program;
    QStringList arguments;
    std::vector<double> ms;
};

QString loadAverage() {
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    return QString::fromLatin1(file.readAll().split(' ').mid(0, 3).join(' '));
}

// Milliseconds from launch to the child's first painted frame.
double launch(const Config &config, const QProcessEnvironment &env, QString *trace = nullptr) {
    QProcess child;
    child.setProcessEnvironment(env);
    const qint64 started = monotonicNs();
    child.start(config.program, config.arguments);
    if (!child.waitForFinished(120000) || child.exitStatus() != QProcess::NormalExit
        || child.exitCode() != 0)
        die(QStringLiteral("%1 did not start and quit cleanly: %2\n%3")
                .arg(config.program, child.errorString(),
                     QString::fromLocal8Bit(child.readAllStandardError())));
    const QByteArray out = child.readAllStandardOutput();
    const qsizetype at = out.indexOf("first-paint monotonic_ns=");
    if (at < 0)
        die(QStringLiteral("%1 printed no first-paint line: %2")
                .arg(config.program, QString::fromLocal8Bit(out)));
    const qint64 painted = out.mid(at + qsizetype(qstrlen("first-paint monotonic_ns=")))
                               .split(' ')
                               .front()
                               .toLongLong();
    if (trace)
        *trace = QString::fromLocal8Bit(child.readAllStandardError());
    return double(painted - started) / 1e6;
}

// Drops the page cache (needs root); false when the system does not allow it.
bool dropPageCache() {
    std::fflush(nullptr);
    if (std::system("sync") != 0)
        return false;
    QFile control(QStringLiteral("/proc/sys/vm/drop_caches"));
    return control.open(QIODevice::WriteOnly) && control.write("3\n") == 2 && control.flush();
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    // Nearest rank.
    const auto rank = std::size_t(std::ceil(p * double(values.size())));
    return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

} // namespace

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const qint64 runs = argc > 1 ? QByteArray(argv[1]).toLongLong() : 100000;
    const int launches = argc > 2 ? std::max(1, QByteArray(argv[2]).toInt()) : 10;
    const QString binDir = QCoreApplication::applicationDirPath();

    QTemporaryDir root;
    if (!root.isValid())
        die(QStringLiteral("no temporary directory"));
    const QDir stores(argc > 3 ? QString::fromLocal8Bit(argv[3]) : root.path());
    if (!stores.mkpath(QStringLiteral(".")))
        die(QStringLiteral("cannot create %1").arg(stores.path()));
    const QString bigDb = stores.filePath(QStringLiteral("big.db"));
    const QString emptyDb = stores.filePath(QStringLiteral("empty.db"));
    const qint64 prepareStart = monotonicNs();
    const bool reused = QFile::exists(bigDb) && QFile::exists(emptyDb);
    if (!reused) {
        prepareStore(bigDb, runs);
        prepareStore(emptyDb, 0);
    }
    std::printf("bench_startup: stores %s in %.1f s (%lld runs; %s)\n",
                reused ? "reused" : "prepared", double(monotonicNs() - prepareStart) / 1e9,
                static_cast<long long>(runs), qPrintable(stores.path()));

    // The user's own settings, session and drafts stay out of it: each child gets empty XDG
    // directories (so no tabs are restored, no settings file is read).
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *dir : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        const QString path = root.filePath(QString::fromLatin1(dir));
        QDir().mkpath(path);
        env.insert(QString::fromLatin1(dir), path);
    }
    env.insert(QStringLiteral("TRELLIS_EXIT_AFTER_FIRST_PAINT"), QStringLiteral("1"));
    const bool display = !qEnvironmentVariableIsEmpty("DISPLAY");
    if (!display)
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));

    const QString trellisExe = binDir + QStringLiteral("/trellis");
    std::vector<Config> configs = {
        {"bare Qt window (reference)", binDir + QStringLiteral("/bench_startup_bare_qt"), {}, {}},
        {"trellis, no runs", trellisExe, {QStringLiteral("--db"), emptyDb}, {}},
        {"trellis, 100k-run store", trellisExe, {QStringLiteral("--db"), bigDb}, {}},
    };
    if (runs != 100000)
        configs[2].label = "trellis, big store";

    const QString loadBefore = loadAverage();
    // BENCH_COLD=0 skips the cold launches (dropping the cache slows everyone on the machine).
    const bool cold = qEnvironmentVariable("BENCH_COLD") != u"0" && dropPageCache();
    std::vector<double> coldMs;
    for (const Config &config : configs) {
        if (cold && !dropPageCache())
            die(QStringLiteral("dropping the page cache stopped working"));
        coldMs.push_back(launch(config, env)); // not cold without the drop: a warm-up then
    }
    for (int i = 0; i < launches; ++i)
        for (Config &config : configs)
            config.ms.push_back(launch(config, env));
    const QString loadAfter = loadAverage();

    std::printf("  platform %s, %d launches each, load average %s before, %s after\n",
                display ? "xcb (DISPLAY set)" : "offscreen", launches, qPrintable(loadBefore),
                qPrintable(loadAfter));
    std::printf("  page cache: %s\n",
                cold ? "dropped before each cold launch (first column)"
                     : "not dropped (not permitted, or BENCH_COLD=0): warm-cache figures; the "
                       "first launch of each is a warm-up");
    std::printf("  %-28s %10s %10s %10s %10s %12s\n", "launch to first paint", "median ms",
                "p90 ms", "min ms", cold ? "cold ms" : "warm-up ms", "median / bare");
    const double bareMedian = percentile(configs[0].ms, 0.5);
    for (std::size_t i = 0; i < configs.size(); ++i) {
        const Config &c = configs[i];
        std::printf("  %-28s %10.1f %10.1f %10.1f %10.1f %11.2fx\n", c.label, percentile(c.ms, 0.5),
                    percentile(c.ms, 0.9), *std::min_element(c.ms.begin(), c.ms.end()), coldMs[i],
                    percentile(c.ms, 0.5) / bareMedian);
    }
    std::printf("  what the runs cost (median big - no runs): %+.1f ms; goal: under 500 ms\n",
                percentile(configs[2].ms, 0.5) - percentile(configs[1].ms, 0.5));

    if (!qEnvironmentVariableIsEmpty("BENCH_TRACE")) {
        QProcessEnvironment traced = env;
        traced.insert(QStringLiteral("QT_LOGGING_RULES"),
                      QStringLiteral("trellis.startup.debug=true"));
        QString trace;
        const double ms = launch(configs[2], traced, &trace);
        std::printf("  traced launch on the big store (%.1f ms):\n%s", ms, qPrintable(trace));
    }
    return 0;
}
