#include "network_access.h"

#include "proxy_factory.h"

#include <QCoreApplication>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <limits>
#include <memory>
#include <vector>

namespace trellis::providers {

namespace {

// Counts its replies in flight, so that a new request can go to the least busy manager.
// The count is shared with the replies' signal handlers, which may outlive the manager.
class PooledManager final : public QNetworkAccessManager {
public:
    std::shared_ptr<int> inFlight = std::make_shared<int>(0);
};

struct ThreadPool {
    std::vector<QPointer<PooledManager>> managers;
    std::size_t size = 1;
};

thread_local ThreadPool pool;

PooledManager *makeManager() {
    auto *nam = new PooledManager;
    QThread *thread = QThread::currentThread();
    QCoreApplication *app = QCoreApplication::instance();
    if (app != nullptr && app->thread() == thread)
        nam->setParent(app);
    else
        QObject::connect(thread, &QThread::finished, nam, &QObject::deleteLater,
                         Qt::DirectConnection);
    // Redirects are followed only within the same scheme; a downgrade to http would
    // send the key in clear text.
    nam->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
    nam->setProxyFactory(new ProviderProxyFactory); // the manager owns it
    return nam;
}

// The manager with the fewest replies in flight; ties go to the lowest slot, so a quiet
// thread keeps using one manager (and its open connections).
PooledManager *leastBusy() {
    if (pool.managers.size() < pool.size)
        pool.managers.resize(pool.size);
    std::size_t bestSlot = 0;
    int bestLoad = std::numeric_limits<int>::max();
    for (std::size_t i = 0; i < pool.size && bestLoad > 0; ++i) {
        const PooledManager *m = pool.managers[i].data();
        const int load = m != nullptr ? *m->inFlight : 0;
        if (load < bestLoad) {
            bestLoad = load;
            bestSlot = i;
        }
    }
    QPointer<PooledManager> &slot = pool.managers[bestSlot];
    if (slot.isNull())
        slot = makeManager();
    return slot.data();
}

// The reply stops counting when it finishes, or when it is deleted unfinished.
void track(PooledManager *nam, QNetworkReply *reply) {
    ++*nam->inFlight;
    auto released = std::make_shared<bool>(false);
    auto release = [count = nam->inFlight, released] {
        if (!*released)
            --*count;
        *released = true;
    };
    QObject::connect(reply, &QNetworkReply::finished, release);
    QObject::connect(reply, &QObject::destroyed, release);
}

// A QNetworkRequest and what it was built from.
struct BuiltRequest {
    QUrl url;
    HeaderList headers;
    QNetworkRequest request;
    bool built = false;
};

std::atomic<int> threadCount{2};

struct NetworkThreads {
    QMutex mutex;
    std::vector<QThread *> threads;
    std::size_t next = 0;
};

NetworkThreads &networkThreadPool() {
    static NetworkThreads pool;
    return pool;
}

// Runs as the application goes away: the threads' event loops end, their managers with them.
void stopNetworkThreads() {
    NetworkThreads &p = networkThreadPool();
    QMutexLocker lock(&p.mutex);
    for (QThread *t : p.threads) {
        t->quit();
        t->wait();
        delete t;
    }
    p.threads.clear();
}

} // namespace

QNetworkReply *sendRequest(const HttpRequestSpec &spec) {
    // Calls to one endpoint differ in their body only, and Qt parses every raw header as it is
    // set (~4k instructions each): the thread's last request is reused when URL and headers
    // are the same (QNetworkRequest is implicitly shared, so the copy is cheap).
    thread_local BuiltRequest last;
    if (!last.built || last.url != spec.url || last.headers != spec.headers) {
        QNetworkRequest req(spec.url);
        for (const auto &[name, value] : spec.headers)
            req.setRawHeader(name, value);
        // Streams must not be buffered by a cache, and a call must never be silently repeated.
        req.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
        req.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
        last = BuiltRequest{spec.url, spec.headers, std::move(req), true};
    }
    return sendOnThreadPool(last.request, spec.method, spec.body);
}

HeaderList responseHeaders(const QNetworkReply *reply) {
    HeaderList out;
    for (const auto &p : reply->rawHeaderPairs())
        out.append(p);
    return out;
}

void setNetworkThreads(int count) {
    threadCount = std::clamp(count, 0, 16);
}

int networkThreads() {
    return threadCount;
}

QThread *nextNetworkThread() {
    const int count = threadCount;
    if (count <= 0 || QCoreApplication::instance() == nullptr)
        return nullptr;
    NetworkThreads &p = networkThreadPool();
    QMutexLocker lock(&p.mutex);
    if (p.threads.empty())
        qAddPostRoutine(stopNetworkThreads);
    while (p.threads.size() < std::size_t(count)) {
        auto *t = new QThread;
        t->setObjectName(QStringLiteral("trellis-network"));
        t->start();
        p.threads.push_back(t);
    }
    return p.threads[p.next++ % std::size_t(count)];
}

QNetworkReply *sendOnThreadPool(const QNetworkRequest &request, const QByteArray &method,
                                const QByteArray &body) {
    PooledManager *nam = leastBusy();
    QNetworkReply *reply =
        method == "GET" ? nam->get(request) : nam->sendCustomRequest(request, method, body);
    track(nam, reply);
    return reply;
}

void setNetworkAccessPoolSize(int count) {
    pool.size = std::size_t(std::clamp(count, 1, 64));
}

int networkAccessPoolSize() {
    return int(pool.size);
}

int networkRepliesInFlight() {
    int n = 0;
    for (const auto &m : pool.managers) {
        if (const PooledManager *nam = m.data())
            n += *nam->inFlight;
    }
    return n;
}

} // namespace trellis::providers
