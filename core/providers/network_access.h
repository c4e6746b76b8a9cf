#pragma once

#include <QByteArray>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace trellis::providers {

// Sends a request on one of the calling thread's QNetworkAccessManagers (DESIGN.md: no thread
// per request; managers are created on first use and deleted with the thread, or with the
// application for the main thread). GET when `method` is "GET", else a custom request with
// `body`.
//
// Qt 6.4's HTTP/1.1 opens at most 6 connections per host and manager (QHttp1Configuration,
// which lifts that, arrived in Qt 6.5); a 7th request waits for a free connection, i.e. for a
// whole earlier reply. With a pool of several managers each request goes to the manager with
// the fewest replies in flight, so up to 6 * pool size requests to one plain-http host run at
// once. (Round-robin is not enough: requests end in any order, so a manager can be handed a
// 7th request while others sit idle.)
QNetworkReply *sendOnThreadPool(const QNetworkRequest &request, const QByteArray &method,
                                const QByteArray &body);

// Pool size for the calling thread only; 1 (the default) keeps one manager.
void setNetworkAccessPoolSize(int count);
int networkAccessPoolSize();
// Replies in flight on the calling thread's managers (started, not yet finished).
int networkRepliesInFlight();

} // namespace trellis::providers
