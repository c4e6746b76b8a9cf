// trellis-cli run: one prompt version through the request pipeline, answer to stdout.
#include "cli_io.h"
#include "cli_workspace.h"
#include "commands.h"
#include "runtime/runtime_environment.h"
#include "store/prompt_repository.h"

#include <QEventLoop>
#include <QFile>

namespace trellis::cli {

namespace {

using json = nlohmann::json;

// A --var value typed by the prompt's declaration, so `--var n=3` is a number where the
// prompt says so.
Result<json> coerce(const QString &name, const QString &text, const prompt::PromptSpec &spec) {
    prompt::VariableType type = prompt::VariableType::String;
    for (const prompt::Variable &v : spec.variables)
        if (v.name == name)
            type = v.type;
    const std::string s = text.toStdString();
    auto bad = [&](const char *what) {
        return Error(
            QStringLiteral("--var %1: \"%2\" is not %3").arg(name, text, QLatin1String(what)));
    };
    switch (type) {
    case prompt::VariableType::Number: {
        bool ok = false;
        const double d = text.toDouble(&ok);
        return ok ? Result<json>(json(d)) : Result<json>(bad("a number"));
    }
    case prompt::VariableType::Integer: {
        bool ok = false;
        const qlonglong n = text.toLongLong(&ok);
        return ok ? Result<json>(json(n)) : Result<json>(bad("an integer"));
    }
    case prompt::VariableType::Boolean:
        if (text == u"true" || text == u"1")
            return json(true);
        if (text == u"false" || text == u"0")
            return json(false);
        return bad("true or false");
    case prompt::VariableType::Json:
    case prompt::VariableType::List: {
        json j = json::parse(s, nullptr, false);
        if (j.is_discarded())
            return bad("JSON");
        return j;
    }
    case prompt::VariableType::String:
    case prompt::VariableType::Text:
        break;
    }
    return json(s);
}

Result<json> readVarsFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read the variables file")).inFile(path);
    json doc = json::parse(file.readAll().toStdString(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object())
        return Error(QStringLiteral("variables must be a JSON object")).inFile(path);
    return doc;
}

QString summaryLine(const runtime::RunOutcome &o) {
    QStringList parts;
    parts << QStringLiteral("model=%1").arg(o.model);
    if (!o.route.isEmpty())
        parts << QStringLiteral("route=%1").arg(o.route);
    parts << QStringLiteral("tokens=%1in/%2out").arg(o.usage.inputTokens).arg(o.usage.outputTokens);
    if (o.usage.cachedTokens > 0)
        parts << QStringLiteral("cached_tokens=%1").arg(o.usage.cachedTokens);
    parts << (o.costUsd ? QStringLiteral("cost=$%1").arg(*o.costUsd, 0, 'f', 6)
                        : QStringLiteral("cost=unknown"));
    parts << (o.ttftMs ? QStringLiteral("ttft=%1ms").arg(*o.ttftMs, 0, 'f', 0)
                       : QStringLiteral("ttft=-"));
    parts << QStringLiteral("latency=%1ms").arg(o.latencyMs, 0, 'f', 0);
    parts << QStringLiteral("cache=%1")
                 .arg(o.cacheHit
                          ? (o.coalesced ? QStringLiteral("coalesced") : QStringLiteral("hit"))
                          : QStringLiteral("miss"));
    parts << QStringLiteral("attempts=%1").arg(o.attempts);
    if (o.validation.checked)
        parts << QStringLiteral("schema=%1")
                     .arg(o.validation.valid ? QStringLiteral("valid") : QStringLiteral("invalid"));
    if (o.dryRun)
        parts << QStringLiteral("[dry run]");
    return parts.join(u' ');
}

} // namespace

int runRunCommand(const CommandContext &context) {
    CommandLine cl(context,
                   QStringLiteral("Run a prompt version through the pipeline and stream the answer "
                                  "to stdout; a summary line goes to stderr."));
    cl.addPositional(QStringLiteral("prompt"),
                     QStringLiteral("Prompt name, optionally @VERSION or @LABEL."),
                     QStringLiteral("NAME[@REF]"));
    cl.addOption({QStringLiteral("model"),
                  QStringLiteral("provider:model (default: the prompt's)."), QStringLiteral("ID")});
    cl.addOption({QStringLiteral("var"), QStringLiteral("Set a variable (repeatable)."),
                  QStringLiteral("name=value")});
    cl.addOption({QStringLiteral("vars"), QStringLiteral("JSON object with variables."),
                  QStringLiteral("FILE")});
    cl.addOption({QStringLiteral("fallback"),
                  QStringLiteral("Model to try when the first fails (repeatable)."),
                  QStringLiteral("ID")});
    cl.addOption(
        {QStringLiteral("no-stream"), QStringLiteral("Ask for the whole answer at once.")});
    cl.addOption(
        {QStringLiteral("no-cache"), QStringLiteral("Do not answer from the response cache.")});
    cl.addOption({QStringLiteral("settings"),
                  QStringLiteral("Settings file (default: $TRELLIS_SETTINGS "
                                 "or ~/.config/trellis/settings.json)."),
                  QStringLiteral("FILE")});
    if (auto exit = cl.parse(1, 1))
        return *exit;

    int code = ExitOk;
    auto ws = openWorkspace(context, &code);
    if (!ws)
        return code;
    const auto [name, ref] = store::PromptRepository::splitReference(cl.positional().at(0));
    store::PromptRepository prompts(ws->db, ws->project.id);
    auto version = prompts.resolve(name, ref);
    if (!version)
        return reportError(version.error());

    runtime::RunRequest request;
    request.spec = version->spec;
    request.promptVersionId = version->id;
    request.model = cl.value(QStringLiteral("model"));
    request.fallbackModels = cl.values(QStringLiteral("fallback"));
    request.bypassCache = cl.isSet(QStringLiteral("no-cache"));
    if (cl.isSet(QStringLiteral("no-stream")))
        request.stream = false;
    if (cl.isSet(QStringLiteral("vars"))) {
        auto vars = readVarsFile(cl.value(QStringLiteral("vars")));
        if (!vars)
            return reportError(vars.error());
        request.variables = vars.value();
    }
    for (const QString &assignment : cl.values(QStringLiteral("var"))) {
        const qsizetype eq = assignment.indexOf(u'=');
        if (eq <= 0)
            return badInput(QStringLiteral("--var expects name=value, got: ") + assignment);
        auto value = coerce(assignment.left(eq), assignment.mid(eq + 1), request.spec);
        if (!value)
            return reportError(value.error());
        request.variables[assignment.left(eq).toStdString()] = value.value();
    }

    auto env = runtime::RuntimeEnvironment::open(cl.value(QStringLiteral("settings")),
                                                 QProcessEnvironment::systemEnvironment());
    if (!env)
        return reportError(env.error());
    runtime::Pipeline pipeline((*env)->deps(&ws->db), (*env)->settings.pipeline);
    runtime::RunHandle *run = pipeline.start(std::move(request));

    bool streamedAny = false;
    QObject::connect(run, &runtime::RunHandle::attempt, run, [&](int number, const QString &model) {
        if (number > 1 && streamedAny) {
            writeOut(QStringLiteral("\n"));
            writeErr(QStringLiteral("trellis-cli: attempt %1 on %2 (the text above was cut off)")
                         .arg(number)
                         .arg(model));
            streamedAny = false;
        }
    });
    QObject::connect(run, &runtime::RunHandle::delta, run, [&](const QString &text) {
        streamedAny = true;
        writeOut(text);
    });
    QEventLoop loop;
    QObject::connect(run, &runtime::RunHandle::finished, &loop, &QEventLoop::quit);
    QObject::connect(run, &runtime::RunHandle::failed, &loop, &QEventLoop::quit);
    if (!run->isDone())
        loop.exec();

    const runtime::RunOutcome &o = run->outcome();
    if (o.ok) {
        if (!streamedAny)
            writeOut(o.text);
        if (!o.text.endsWith(u'\n'))
            writeOut(QStringLiteral("\n"));
        for (const runtime::InjectionFlag &f : o.injectionFlags)
            writeErr(QStringLiteral("trellis-cli: warning: variable \"%1\" looks like prompt "
                                    "injection (%2)")
                         .arg(f.variable, f.rule));
        for (const QString &e : o.validation.errors)
            writeErr(QStringLiteral("trellis-cli: output schema: ") + e);
        writeErr(summaryLine(o));
        return ExitOk;
    }
    if (streamedAny)
        writeOut(QStringLiteral("\n"));
    writeErr(QStringLiteral("trellis-cli: run failed (%1): %2")
                 .arg(runtime::runErrorKindName(o.errorKind), o.errorMessage));
    writeErr(summaryLine(o));
    return o.errorKind == runtime::RunErrorKind::BadInput ? ExitBadInput : ExitFailure;
}

} // namespace trellis::cli
