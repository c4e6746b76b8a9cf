#include "prompt_checker.h"

#include "template/value.h"

#include <QThread>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace trellis::ui {

namespace {

// Strict mode would turn every not-yet-filled variable into an error; the preview shows
// them as empty, as Jinja2 does by default.
tmpl::RenderOptions previewOptions() {
    tmpl::RenderOptions options;
    options.limits.maxOutputBytes = 4 * 1024 * 1024;
    options.limits.maxLoopIterations = 200000;
    return options;
}

const PromptCheckCache::Entry &parseCached(const QString &text, PromptCheckCache::Entry &entry) {
    if (entry.text == text && (entry.parsed || entry.error))
        return entry;
    entry = {text, nullptr, std::nullopt};
    auto parsed = tmpl::Template::parse(text);
    if (parsed)
        entry.parsed = std::move(*parsed);
    else
        entry.error = parsed.error();
    return entry;
}

} // namespace

PromptCheck checkPrompt(const PromptCheckRequest &request, PromptCheckCache &cache) {
    PromptCheck check;
    check.context = request.context;
    const std::size_t count = request.messages.size();
    cache.entries.resize(count);
    std::vector<std::vector<tmpl::VariableUse>> uses(count);
    check.errors.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const auto &entry = parseCached(request.messages[i].templateText, cache.entries[i]);
        check.errors[i] = entry.error;
        if (entry.parsed)
            uses[i] = entry.parsed->variables();
    }
    check.fields = discoverVariables(uses, request.declared);

    // Errors name the message ("messages[2]") as renderChat's do, for the preview panel.
    const tmpl::Value context = tmpl::Value::fromJson(request.context);
    const tmpl::RenderOptions options = previewOptions();
    for (std::size_t i = 0; i < count; ++i) {
        const QString field = QStringLiteral("messages[%1]").arg(i);
        const auto &entry = cache.entries[i];
        if (!entry.parsed) {
            check.preview.error = Error(*entry.error).forField(field);
            break;
        }
        auto text = entry.parsed->renderUtf8(context, options);
        if (!text) {
            check.preview.error = text.error().forField(field);
            break;
        }
        check.preview.messages.push_back({request.messages[i].role, QString::fromStdString(*text)});
    }
    if (check.preview.error)
        check.preview.messages.clear();
    return check;
}

PromptChecker::PromptChecker(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new QObject)
    , m_cache(std::make_shared<PromptCheckCache>())
    , m_latest(std::make_shared<std::atomic<quint64>>(0)) {
    m_thread->setObjectName(QStringLiteral("prompt checker"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
#if defined(Q_OS_LINUX)
    // QThread::LowPriority is a no-op under Linux's default scheduler; a higher nice value
    // (per thread on Linux) lets typing win the CPU from the checker on a busy machine.
    connect(
        m_thread, &QThread::started, m_thread, [] { setpriority(PRIO_PROCESS, gettid(), 5); },
        Qt::DirectConnection);
#endif
    m_thread->start(QThread::LowPriority);
}

PromptChecker::~PromptChecker() {
    // Stale-marks queued work so the worker skips it, then waits for the current job.
    m_latest->fetch_add(1);
    m_thread->quit();
    m_thread->wait();
}

quint64 PromptChecker::request(PromptCheckRequest request) {
    const quint64 generation = m_latest->fetch_add(1) + 1;
    m_pending = true;
    // The cache is touched only by the worker thread, one job at a time.
    QMetaObject::invokeMethod(
        m_worker,
        [this, latest = m_latest, cache = m_cache, hook = m_hook, generation,
         request = std::move(request)] {
            if (latest->load() != generation)
                return; // a newer request is queued behind this one
            if (hook)
                hook(generation);
            PromptCheck check = checkPrompt(request, *cache);
            check.generation = generation;
            if (latest->load() != generation)
                return;
            // Queued to this object's thread; dropped with this object if it is gone by then.
            QMetaObject::invokeMethod(
                this, [this, check = std::move(check)]() mutable { deliver(std::move(check)); },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
    return generation;
}

void PromptChecker::invalidate() {
    m_latest->fetch_add(1);
    m_pending = false;
}

void PromptChecker::deliver(PromptCheck check) {
    if (check.generation != m_latest->load())
        return;
    m_pending = false;
    Q_EMIT checked(check);
}

void PromptChecker::setJobHook(std::function<void(quint64 generation)> hook) {
    m_hook = std::move(hook);
}

} // namespace trellis::ui
