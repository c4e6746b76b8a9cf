#pragma once

#include <QNetworkProxyFactory>

namespace trellis::providers {

// The proxy factory of the provider call path's network managers (network_access.cpp): Qt's own
// answers (application proxy or factory, else the system's settings), with two differences
// that only save work.
//
// 1. The system's answers are kept for a while. Qt asks the system (libproxy on Linux) on every
//    request to a host that is not loopback, which costs 40–65 us of CPU per request here, more
//    than the rest of Qt's request set-up. Answers are kept, for the whole process, per query
//    kind, scheme, host and port for `kSystemAnswerMs` (proxy auto-config scripts decide by
//    host in practice); a change of the
//    application's settings (QNetworkProxy::setApplicationProxy, setApplicationProxyFactory,
//    setUseSystemConfiguration(false)) applies to the next request, as before.
// 2. Plain http without a proxy goes through a buffered socket. Qt 6.4 opens an unbuffered
//    socket for it and reads the status line and headers with one read() system call per byte,
//    each chunk of a chunked body with about eight (~250 system calls per streamed answer of the
//    fake server); with any proxy setting the socket buffers 64 KiB. So where the answer for a
//    plain http request is "no proxy", the reply gets DefaultProxy instead: the socket asks the
//    same settings as it connects, is told "no proxy" again (checked here for that very query)
//    and connects directly, buffered. https (buffered anyway) and real proxies are unchanged.
class ProviderProxyFactory final : public QNetworkProxyFactory {
public:
    static constexpr qint64 kSystemAnswerMs = 10000;

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override;

private:
    static QList<QNetworkProxy> answer(const QNetworkProxyQuery &query);
};

} // namespace trellis::providers
