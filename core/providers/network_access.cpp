#include "network_access.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QThread>

#include <algorithm>
#include <vector>

namespace trellis::providers {

namespace {

struct ThreadPool {
    std::vector<QPointer<QNetworkAccessManager>> managers;
    std::size_t size = 1;
    std::size_t next = 0;
};

thread_local ThreadPool pool;

QNetworkAccessManager *makeManager() {
    auto *nam = new QNetworkAccessManager;
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

} // namespace

QNetworkAccessManager *networkAccessForCurrentThread() {
    if (pool.managers.size() < pool.size)
        pool.managers.resize(pool.size);
    const std::size_t index = pool.next++ % pool.size;
    QPointer<QNetworkAccessManager> &slot = pool.managers[index];
    if (slot.isNull())
        slot = makeManager();
    return slot.data();
}

void setNetworkAccessPoolSize(int count) {
    pool.size = std::size_t(std::clamp(count, 1, 64));
    pool.next = 0;
}

int networkAccessPoolSize() {
    return int(pool.size);
}

} // namespace trellis::providers
