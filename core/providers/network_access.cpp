#include "network_access.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QThread>

#include <algorithm>
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

} // namespace

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
