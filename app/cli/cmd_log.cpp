// trellis-cli log: the runs the pipeline recorded, newest first.
#include "cli_io.h"
#include "cli_workspace.h"
#include "commands.h"
#include "store/prompt_repository.h"
#include "store/run_repository.h"

#include <QHash>

namespace trellis::cli {

namespace {

using json = nlohmann::json;

bool isFinal(const store::RunRecord &r) {
    // Rows written by the pipeline carry _run.final; rows from elsewhere count as final.
    const json meta = r.params.value("_run", json::object());
    return !meta.is_object() || meta.value("final", true);
}

json toJson(const store::RunRecord &r, const QString &promptName) {
    auto opt = [](const std::optional<double> &v) {
        return v ? json(*v) : json();
    };
    return {{"id", r.id},
            {"prompt", promptName.toStdString()},
            {"prompt_version_id", r.promptVersionId},
            {"provider", r.provider.toStdString()},
            {"model", r.model.toStdString()},
            {"status", r.status.toStdString()},
            {"route", r.route.toStdString()},
            {"attempts", r.attempts},
            {"cache_hit", r.cacheHit},
            {"input_tokens", r.inputTokens},
            {"output_tokens", r.outputTokens},
            {"cached_tokens", r.cachedTokens},
            {"cost_usd", opt(r.costUsd)},
            {"ttft_ms", opt(r.ttftMs)},
            {"latency_ms", opt(r.latencyMs)},
            {"error", r.error.toStdString()},
            {"started_at", r.startedAt.toString(Qt::ISODateWithMs).toStdString()},
            {"run", r.params.value("_run", json::object())},
            {"response", r.responseText.toStdString()}};
}

} // namespace

int runLogCommand(const CommandContext &context) {
    CommandLine cl(context, QStringLiteral("Show recorded runs, newest first."));
    cl.addOption({QStringLiteral("prompt"), QStringLiteral("Only runs of this prompt."),
                  QStringLiteral("NAME")});
    cl.addOption({QStringLiteral("last"), QStringLiteral("How many runs (default 20)."),
                  QStringLiteral("N"), QStringLiteral("20")});
    cl.addOption({QStringLiteral("attempts"),
                  QStringLiteral("Also list retried and fallen-back attempts.")});
    cl.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    if (auto exit = cl.parse(0, 0))
        return *exit;
    bool ok = false;
    const int last = cl.value(QStringLiteral("last")).toInt(&ok);
    if (!ok || last <= 0)
        return badInput(QStringLiteral("--last expects a positive number"));

    int code = ExitOk;
    auto ws = openWorkspace(context, &code);
    if (!ws)
        return code;
    store::PromptRepository prompts(ws->db, ws->project.id);
    QHash<qint64, QString> names;
    if (auto list = prompts.list())
        for (const auto &p : list.value())
            names.insert(p.id, p.name);
    store::RunFilter filter;
    if (cl.isSet(QStringLiteral("prompt"))) {
        auto id = prompts.findId(cl.value(QStringLiteral("prompt")));
        if (!id)
            return reportError(id.error());
        if (!id->has_value())
            return badInput(
                QStringLiteral("no prompt named \"%1\"").arg(cl.value(QStringLiteral("prompt"))));
        filter.promptId = **id;
    }
    const bool attempts = cl.isSet(QStringLiteral("attempts"));
    // Attempt rows are skipped unless asked for, so read more than `last` rows.
    filter.limit = attempts ? last : last * 8 + 64;
    store::RunRepository runs(ws->db);
    auto rows = runs.recent(filter);
    if (!rows)
        return reportError(rows.error(), ExitFailure);
    std::vector<store::RunRecord> shown;
    for (auto &r : rows.value()) {
        if (int(shown.size()) >= last)
            break;
        if (attempts || isFinal(r))
            shown.push_back(std::move(r));
    }
    if (cl.isSet(QStringLiteral("json"))) {
        json doc = json::array();
        for (const auto &r : shown)
            doc.push_back(toJson(r, names.value(r.promptId)));
        writeJson(doc);
        return ExitOk;
    }
    QString out;
    for (const auto &r : shown) {
        QString line =
            QStringLiteral("#%1 %2 %3 %4:%5 %6")
                .arg(r.id)
                .arg(r.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
                .arg(names.value(r.promptId, QStringLiteral("-")))
                .arg(r.provider, r.model, r.status);
        line += QStringLiteral(" tokens=%1/%2").arg(r.inputTokens).arg(r.outputTokens);
        line += r.costUsd ? QStringLiteral(" cost=$%1").arg(*r.costUsd, 0, 'f', 6)
                          : QStringLiteral(" cost=?");
        if (r.latencyMs)
            line += QStringLiteral(" latency=%1ms").arg(*r.latencyMs, 0, 'f', 0);
        line += QStringLiteral(" attempts=%1").arg(r.attempts);
        if (r.cacheHit)
            line += QStringLiteral(" cache=hit");
        if (!r.route.isEmpty())
            line += QStringLiteral(" route=") + r.route;
        if (!r.error.isEmpty())
            line += QStringLiteral(" error=\"%1\"").arg(r.error.left(120).simplified());
        out += line + u'\n';
    }
    if (shown.empty())
        out = QStringLiteral("no runs recorded\n");
    writeOut(out);
    return ExitOk;
}

} // namespace trellis::cli
