#include "proxy_factory.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMutex>

namespace trellis::providers {

namespace {

bool isDirect(const QList<QNetworkProxy> &proxies) {
    return !proxies.isEmpty() && proxies.first().type() == QNetworkProxy::NoProxy;
}

QString keyOf(const QNetworkProxyQuery &query) {
    return QString::number(int(query.queryType())) + u'|' + query.url().scheme() + u'|'
           + query.protocolTag() + u'|' + query.peerHostName() + u'|'
           + QString::number(query.peerPort());
}

struct Answer {
    QList<QNetworkProxy> proxies;
    qint64 atMs = 0;
};

// The system's answers, shared by every thread's managers.
struct SystemAnswers {
    QMutex mutex;
    QHash<QString, Answer> byQuery;
    QElapsedTimer clock;
};

SystemAnswers &systemAnswers() {
    static SystemAnswers answers;
    return answers;
}

} // namespace

QList<QNetworkProxy> ProviderProxyFactory::answer(const QNetworkProxyQuery &query) {
    // Without the system's settings Qt's answer is cheap and follows every change at once.
    if (!QNetworkProxyFactory::usesSystemConfiguration())
        return QNetworkProxyFactory::proxyForQuery(query);
    SystemAnswers &cache = systemAnswers();
    const QString key = keyOf(query);
    {
        QMutexLocker lock(&cache.mutex);
        if (!cache.clock.isValid())
            cache.clock.start();
        const auto it = cache.byQuery.constFind(key);
        if (it != cache.byQuery.cend() && cache.clock.elapsed() - it->atMs < kSystemAnswerMs)
            return it->proxies;
    }
    // Asked outside the lock: two threads may both ask the system for a new host, once.
    QList<QNetworkProxy> proxies = QNetworkProxyFactory::proxyForQuery(query);
    QMutexLocker lock(&cache.mutex);
    if (cache.byQuery.size() >= 256) // many hosts: start over rather than grow
        cache.byQuery.clear();
    cache.byQuery.insert(key, Answer{proxies, cache.clock.elapsed()});
    return proxies;
}

QList<QNetworkProxy> ProviderProxyFactory::queryProxy(const QNetworkProxyQuery &query) {
    QList<QNetworkProxy> proxies = answer(query);
    if (query.queryType() != QNetworkProxyQuery::UrlRequest || query.url().scheme() != u"http"
        || !isDirect(proxies))
        return proxies;
    // What QAbstractSocket asks when it resolves DefaultProxy (afresh, once per connection).
    const QNetworkProxyQuery socketQuery(query.peerHostName(), query.peerPort(), QString(),
                                         QNetworkProxyQuery::TcpSocket);
    if (!isDirect(answer(socketQuery)))
        return proxies;
    return {QNetworkProxy(QNetworkProxy::DefaultProxy)};
}

} // namespace trellis::providers
