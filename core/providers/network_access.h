#pragma once

class QNetworkAccessManager;

namespace trellis::providers {

// One QNetworkAccessManager per thread (DESIGN.md: no thread per request). Created on first
// use in the calling thread; deleted with the thread, or with the application for the main
// thread.
QNetworkAccessManager *networkAccessForCurrentThread();

} // namespace trellis::providers
