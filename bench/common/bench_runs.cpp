#include "bench_runs.h"

#include "store/run_repository.h"

#include <algorithm>
#include <string>

namespace trellis::bench {

prompt::PromptSpec triageSpec(const QString &name, int i) {
    prompt::PromptSpec spec;
    spec.name = name;
    spec.description = QStringLiteral("Classify a support ticket");
    spec.messages.push_back({prompt::Role::System, QStringLiteral("You triage tickets. Reply "
                                                                  "with JSON. Revision %1")
                                                       .arg(i)});
    spec.messages.push_back({prompt::Role::User, QStringLiteral("Ticket: {{ ticket }}")});
    spec.model = QStringLiteral("openai:gpt-4o-mini");
    spec.params = {{"temperature", 0.1 * (i % 10)}, {"max_tokens", 300}};
    return spec;
}

store::RunRecord sampleRun(const store::PromptVersion &version, qint64 i) {
    store::RunRecord r;
    r.promptVersionId = version.id;
    r.variant = i % 2 ? QStringLiteral("A") : QStringLiteral("B");
    r.provider = QStringLiteral("openai");
    r.model = QStringLiteral("gpt-4o-mini");
    r.params = {{"temperature", 0.2}, {"max_tokens", 300}};
    r.variables = {{"ticket", "My invoice #" + std::to_string(i) + " was charged twice"}};
    r.request = {{"model", "gpt-4o-mini"},
                 {"messages",
                  {{{"role", "system"}, {"content", std::string(700, 's')}},
                   {{"role", "user"}, {"content", "Ticket: invoice " + std::to_string(i)}}}}};
    r.responseText = QStringLiteral("{\"category\": \"billing\", \"urgency\": \"high\", "
                                    "\"summary\": \"%1\"}")
                         .arg(QString(420, QLatin1Char('x')));
    r.finishReason = QStringLiteral("stop");
    r.inputTokens = 250 + i % 50;
    r.outputTokens = 60 + i % 20;
    r.costUsd = 0.00009 + double(i % 7) * 1e-6;
    r.ttftMs = 180.0 + double(i % 100);
    r.latencyMs = 900.0 + double(i % 400);
    r.startedAt = QDateTime::fromMSecsSinceEpoch(1700000000000 + i * 1000, Qt::UTC);
    r.finishedAt = r.startedAt.addMSecs(qint64(*r.latencyMs));
    return r;
}

Status addRuns(store::Database &db, const std::vector<store::PromptVersion> &versions, qint64 first,
               qint64 count, int batchSize) {
    if (versions.empty())
        return Error(QStringLiteral("no prompt versions to record runs for"));
    store::RunRepository runs(db);
    for (qint64 done = 0; done < count;) {
        const qint64 n = std::min<qint64>(batchSize, count - done);
        std::vector<store::RunRecord> batch;
        batch.reserve(std::size_t(n));
        for (qint64 k = first + done; k < first + done + n; ++k)
            batch.push_back(sampleRun(versions[std::size_t(k) % versions.size()], k));
        if (auto ids = runs.insertBatch(batch); !ids)
            return ids.error();
        done += n;
    }
    return {};
}

} // namespace trellis::bench
