// trellis-cli eval: run an experiment (Trellis experiment file or promptfoo config).
#include "cli_io.h"
#include "cli_workspace.h"
#include "commands.h"
#include "eval/experiment_report.h"
#include "eval/experiment_runner.h"
#include "eval/pipeline_judge.h"
#include "eval/prompt_variant_runner.h"
#include "eval/promptfoo_config.h"
#include "eval/workflow_variant_runner.h"
#include "prompt/yaml_reader.h"
#include "runtime/pipeline.h"
#include "runtime/runtime_environment.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSocketNotifier>

#include <csignal>
#include <unistd.h>

namespace trellis::cli {

namespace {

// promptfoo's config file name, or a document with promptfoo's top-level keys.
bool isPromptfooConfig(const QString &path) {
    const QString fileName = QFileInfo(path).fileName().toLower();
    if (fileName == u"promptfooconfig.yaml" || fileName == u"promptfooconfig.yml")
        return true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > 16 * 1024 * 1024)
        return false;
    prompt::SourceMap map;
    auto doc = prompt::parseYamlDocument(file.readAll(), &map);
    return doc && eval::isPromptfooDocument(*doc);
}

// A Trellis experiment file, or a promptfoo config translated into one; whatever of the
// promptfoo config cannot run is listed on stderr, item by item.
Result<eval::ExperimentSpec> readConfig(const QString &path) {
    if (!isPromptfooConfig(path))
        return eval::readExperimentFile(path);
    auto imported = eval::importPromptfooConfig(path);
    if (!imported)
        return imported.error();
    for (const eval::UnsupportedItem &item : std::as_const(imported->unsupported))
        writeErr(QStringLiteral("trellis-cli: %1: %2: not run: %3")
                     .arg(QFileInfo(path).fileName(), item.where, item.reason));
    return std::move(imported->spec);
}

QString progressLine(const eval::ExperimentProgress &p) {
    QString line =
        QStringLiteral("eval: %1/%2 cells, %3 passed").arg(p.done).arg(p.total).arg(p.passed);
    if (p.errors > 0)
        line += QStringLiteral(", %1 errors").arg(p.errors);
    if (p.regraded > 0)
        line += QStringLiteral(", %1 graded from stored runs").arg(p.regraded);
    if (p.skipped > 0)
        line += QStringLiteral(", %1 done earlier").arg(p.skipped);
    return line + QStringLiteral(", cost $%1").arg(p.costUsd, 0, 'f', 4);
}

Status writeReport(const QString &path, const eval::ExperimentResults &results,
                   const QString &name) {
    const auto format = eval::reportFormatForPath(path);
    QByteArray bytes;
    switch (*format) {
    case eval::ReportFormat::Json:
        bytes = eval::reportJson(results, name);
        break;
    case eval::ReportFormat::Csv:
        bytes = eval::reportCsv(results);
        break;
    case eval::ReportFormat::JUnit:
        bytes = eval::reportJUnit(results, name);
        break;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error(QStringLiteral("cannot write the report: %1").arg(file.errorString()))
            .inFile(path);
    return {};
}

// Ctrl-C / SIGTERM cancel the run instead of killing it, so the cells graded so far are stored
// and the summary is printed (a SIGKILL is handled by resuming). The handler only writes a
// byte to a pipe; the event loop reads it (the self-pipe trick).
class StopSignals {
public:
    explicit StopSignals(std::function<void()> onStop) {
        if (::pipe(s_pipe) != 0)
            return;
        m_notifier = std::make_unique<QSocketNotifier>(s_pipe[0], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(),
                         [onStop = std::move(onStop)] {
                             char byte = 0;
                             if (::read(s_pipe[0], &byte, 1) == 1)
                                 onStop();
                         });
        std::signal(SIGINT, &StopSignals::handle);
        std::signal(SIGTERM, &StopSignals::handle);
    }
    ~StopSignals() {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        m_notifier.reset();
        for (int &fd : s_pipe)
            if (fd >= 0)
                ::close(std::exchange(fd, -1));
    }

private:
    static void handle(int) {
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(s_pipe[1], &byte, 1);
    }

    static inline int s_pipe[2] = {-1, -1};
    std::unique_ptr<QSocketNotifier> m_notifier;
};

struct EvalArgs {
    QString config;
    QString output;
    QString settings;
    eval::RunOptions options;
};

std::optional<int> parseArgs(const CommandContext &context, EvalArgs *args) {
    CommandLine cl(context, QStringLiteral("Run an experiment: variants x models x rows x repeats, "
                                           "graded by assertions. Progress goes to stderr, the "
                                           "summary and A/B verdicts to stdout. Exit 1 when "
                                           "assertions fail, 2 on bad input."));
    cl.addPositional(QStringLiteral("config"),
                     QStringLiteral("Trellis experiment file (docs/experiments.md)."),
                     QStringLiteral("CONFIG"));
    cl.addOption({QStringLiteral("max-concurrency"), QStringLiteral("Cells in flight at once."),
                  QStringLiteral("N")});
    cl.addOption(
        {QStringLiteral("repeat"), QStringLiteral("Run every cell N times."), QStringLiteral("N")});
    cl.addOption(
        {QStringLiteral("no-cache"), QStringLiteral("Do not answer from the response cache.")});
    cl.addOption({QStringLiteral("filter-failing"),
                  QStringLiteral("Rerun only the cells that failed in the last run.")});
    cl.addOption({QStringLiteral("output"),
                  QStringLiteral("Write the results to FILE (.json, .csv, or .xml for JUnit)."),
                  QStringLiteral("FILE")});
    cl.addOption({QStringLiteral("settings"),
                  QStringLiteral("Settings file (default: $TRELLIS_SETTINGS "
                                 "or ~/.config/trellis/settings.json)."),
                  QStringLiteral("FILE")});
    if (auto exit = cl.parse(1, 1))
        return exit;
    args->config = cl.positional().at(0);
    args->output = cl.value(QStringLiteral("output"));
    args->settings = cl.value(QStringLiteral("settings"));
    args->options.noCache = cl.isSet(QStringLiteral("no-cache"));
    args->options.filterFailing = cl.isSet(QStringLiteral("filter-failing"));
    auto positive = [&](const char *name, int max, int *out) -> bool {
        const QString key = QLatin1String(name);
        if (!cl.isSet(key))
            return true;
        bool ok = false;
        const int n = cl.value(key).toInt(&ok);
        if (!ok || n < 1 || n > max)
            return false;
        *out = n;
        return true;
    };
    int repeats = 0;
    if (!positive("max-concurrency", 1024, &args->options.concurrency))
        return badInput(QStringLiteral("--max-concurrency expects a number from 1 to 1024"));
    if (!positive("repeat", 10000, &repeats))
        return badInput(QStringLiteral("--repeat expects a number from 1 to 10000"));
    if (repeats > 0)
        args->options.repeats = repeats;
    if (!args->output.isEmpty() && !eval::reportFormatForPath(args->output))
        return badInput(QStringLiteral("--output: the file must end in .json, .csv or .xml"));
    return std::nullopt;
}

} // namespace

int runEvalCommand(const CommandContext &context) {
    EvalArgs args;
    if (auto exit = parseArgs(context, &args))
        return *exit;
    auto spec = readConfig(args.config);
    if (!spec)
        return reportError(spec.error());

    int code = ExitOk;
    auto ws = openWorkspace(context, &code);
    if (!ws)
        return code;
    auto env =
        runtime::RuntimeEnvironment::open(args.settings, QProcessEnvironment::systemEnvironment());
    if (!env)
        return reportError(env.error());
    runtime::Pipeline pipeline((*env)->deps(&ws->db), (*env)->settings.pipeline);
    eval::PromptVariantRunner prompts(pipeline, &ws->db, ws->project.id);
    eval::WorkflowVariantRunner workflows(pipeline, ws->db, ws->project.id);
    eval::PipelineJudge judge(pipeline, spec->judgeModel);
    eval::ExperimentRunner runner(ws->db, ws->project.id, {&prompts, &workflows}, &judge);
    if (Status s = runner.prepare(*spec, args.options); !s)
        return reportError(s.error());

    QElapsedTimer sinceLine;
    sinceLine.start();
    QObject::connect(&runner, &eval::ExperimentRunner::progressChanged, &runner,
                     [&](const eval::ExperimentProgress &p) {
                         // A line a second at most: stderr is often a CI log.
                         if (p.done == p.total || p.done == 0 || sinceLine.elapsed() >= 1000) {
                             writeErr(progressLine(p));
                             sinceLine.restart();
                         }
                     });
    QEventLoop loop;
    bool cancelled = false;
    QObject::connect(&runner, &eval::ExperimentRunner::finished, &loop, [&](bool stopped) {
        cancelled = stopped;
        loop.quit();
    });
    StopSignals stop([&runner] {
        writeErr(QStringLiteral("trellis-cli: stopping: the cells in flight are cancelled, the "
                                "rest stay for the next run"));
        runner.cancel();
    });
    runner.start();
    loop.exec();
    if (runner.storeError())
        return reportError(*runner.storeError(), ExitFailure);

    const eval::ExperimentSpec &ran = runner.spec();
    auto results = eval::collectResults(ws->db, runner.experimentId(), ran, runner.rowCount());
    if (!results)
        return reportError(results.error(), ExitFailure);
    writeOut(eval::summaryText(*results));
    if (!args.output.isEmpty())
        if (Status s = writeReport(args.output, *results, ran.name); !s)
            return reportError(s.error(), ExitFailure);
    if (cancelled || results->pending > 0)
        return ExitFailure;
    return results->passRate + 1e-12 >= ran.passThreshold ? ExitOk : ExitFailure;
}

} // namespace trellis::cli
