#include "network_access.h"

#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QThread>

namespace trellis::providers {

QNetworkAccessManager *networkAccessForCurrentThread() {
    thread_local QPointer<QNetworkAccessManager> manager;
    if (manager.isNull()) {
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
        manager = nam;
    }
    return manager.data();
}

} // namespace trellis::providers
