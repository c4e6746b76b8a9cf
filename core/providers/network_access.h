#pragma once

#include "wire_format.h"

#include <QByteArray>

class QNetworkAccessManager;
class QThread;
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

// The request of `spec` (headers, no caching) sent with sendOnThreadPool.
QNetworkReply *sendRequest(const HttpRequestSpec &spec);

// A finished reply's raw headers.
HeaderList responseHeaders(const QNetworkReply *reply);

// Pool size for the calling thread only; 1 (the default) keeps one manager.
void setNetworkAccessPoolSize(int count);
int networkAccessPoolSize();
// Replies in flight on the calling thread's managers (started, not yet finished).
int networkRepliesInFlight();

// Network threads (process-wide, 2 by default): chat calls run their HTTP exchange (request
// serialization, Qt's request set-up, reading, stream decoding, redaction) on one of these
// threads and hand the caller's thread only deltas and the result, so a thread serving many
// calls at once (the GUI, a batch run) spends about a fourteenth of the instructions per call
// (bench_runtime, docs/benchmarks.md). Each network thread keeps its own managers, as many as the
// starting thread's pool size. 0 runs exchanges on the calling thread. Model listings always run on
// the calling thread.
void setNetworkThreads(int count);
int networkThreads();
// The next network thread (round-robin), started on first use and stopped with the
// application; nullptr when networkThreads() is 0.
QThread *nextNetworkThread();

} // namespace trellis::providers
