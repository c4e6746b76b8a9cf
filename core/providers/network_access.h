#pragma once

class QNetworkAccessManager;

namespace trellis::providers {

// One QNetworkAccessManager per thread (DESIGN.md: no thread per request). Created on first
// use in the calling thread; deleted with the thread, or with the application for the main
// thread.
QNetworkAccessManager *networkAccessForCurrentThread();

// Qt 6.4's HTTP/1.1 opens at most 6 connections per host and manager (QHttp1Configuration,
// which lifts that, arrived in Qt 6.5). With a pool of `count` managers per thread, chosen
// round-robin by networkAccessForCurrentThread(), up to 6 * count requests to one plain-http
// host run at once. Applies to the calling thread only; 1 (the default) keeps one manager.
void setNetworkAccessPoolSize(int count);
int networkAccessPoolSize();

} // namespace trellis::providers
