#include "pipeline_fixture.h"

#include "store/run_repository.h"
#include "store/store_paths.h"

#include <QEventLoop>
#include <QFile>
#include <QTimer>

namespace trellis::test {

using namespace runtime;

PipelineFixture::PipelineFixture(PipelineConfig config) {
    server.listen();
    const QByteArray settings =
        QStringLiteral(R"({"providers": {
        "openai": {"base_url": "%1"}, "anthropic": {"base_url": "%2"}}})")
            .arg(server.openAiBaseUrl().toString(), server.baseUrl().toString())
            .toUtf8();
    QProcessEnvironment env;
    env.insert(QStringLiteral("OPENAI_API_KEY"), QLatin1String(kOpenAiKey));
    env.insert(QStringLiteral("ANTHROPIC_API_KEY"), QLatin1String(kAnthropicKey));
    registry = std::make_unique<providers::ProviderRegistry>(
        providers::ProviderSettings::fromJson(settings).value(), env, &keys);
    catalog = providers::ModelCatalog::builtIn().value();
    (void)catalog.applyOverrides(
        R"({"models": [{"id": "openai:priced", "input": 1000, "cached_input": 1000, "output": 2000}]})");
    db = std::make_unique<store::Database>(
        store::openStore(dir.filePath(QStringLiteral("trellis.db"))).value());
    PipelineDeps deps;
    deps.registry = registry.get();
    deps.catalog = &catalog;
    deps.db = db.get();
    deps.random01 = [] {
        return 0.5;
    };
    pipeline = std::make_unique<Pipeline>(deps, std::move(config));
}

PipelineConfig PipelineFixture::fastConfig() {
    PipelineConfig c;
    c.retry.baseDelayMs = 10;
    c.retry.maxDelayMs = 50;
    c.timeouts.connectMs = 5000;
    c.timeouts.firstTokenMs = 10000;
    c.timeouts.totalMs = 20000;
    return c;
}

RunRequest PipelineFixture::request(const QString &userText, const QString &model) const {
    RunRequest r;
    r.spec.name = QStringLiteral("test");
    r.spec.messages = {{prompt::Role::System, QStringLiteral("Be brief.")},
                       {prompt::Role::User, QStringLiteral("{{ text }}")}};
    r.spec.model = QStringLiteral("openai:gpt-4o-mini");
    r.variables = {{"text", userText.toStdString()}};
    r.model = model;
    return r;
}

bool PipelineFixture::waitDone(RunHandle *handle, int timeoutMs) {
    if (handle->isDone())
        return true;
    QEventLoop loop;
    QObject::connect(handle, &RunHandle::finished, &loop, &QEventLoop::quit);
    QObject::connect(handle, &RunHandle::failed, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return handle->isDone();
}

RunOutcome PipelineFixture::run(RunRequest request, int timeoutMs) {
    RunHandle *h = pipeline->start(std::move(request));
    if (!waitDone(h, timeoutMs)) {
        RunOutcome o;
        o.errorMessage = QStringLiteral("timeout");
        return o;
    }
    RunOutcome o = h->outcome();
    delete h;
    return o;
}

std::vector<store::RunRecord> PipelineFixture::runs(int limit) {
    store::RunRepository repo(*db);
    store::RunFilter f;
    f.limit = limit;
    auto rows = repo.recent(f).value();
    std::reverse(rows.begin(), rows.end()); // oldest first
    return rows;
}

std::vector<store::RunRecord> PipelineFixture::finalRuns(int limit) {
    std::vector<store::RunRecord> out;
    for (auto &r : runs(limit))
        if (r.params.value("_run", nlohmann::json::object()).value("final", false))
            out.push_back(r);
    return out;
}

QByteArray PipelineFixture::databaseBytes() const {
    QByteArray all;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile f(dir.filePath(QStringLiteral("trellis.db")) + suffix);
        if (f.open(QIODevice::ReadOnly))
            all += f.readAll();
    }
    return all;
}

} // namespace trellis::test
