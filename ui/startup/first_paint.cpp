#include "first_paint.h"

#include "startup_clock.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>
#include <QWidget>

#include <cstdio>

namespace trellis::ui {

FirstPaintWatcher::FirstPaintWatcher(QWidget *window)
    : QObject(window)
    , m_window(window) {
    window->installEventFilter(this);
}

bool FirstPaintWatcher::eventFilter(QObject *watched, QEvent *event) {
    if (watched == m_window && event->type() == QEvent::Paint && !m_painted) {
        m_painted = true;
        startupMark("first paint event");
        m_window->removeEventFilter(this);
        // The children paint and the frame is flushed in the same pass: signal after it.
        QTimer::singleShot(0, this, &FirstPaintWatcher::firstPainted);
    }
    return false;
}

void exitAfterFirstPaintIfRequested(QWidget *window) {
    const QByteArray flag = qgetenv("TRELLIS_EXIT_AFTER_FIRST_PAINT");
    if (flag.isEmpty() || flag == "0")
        return;
    auto *watcher = new FirstPaintWatcher(window);
    QObject::connect(watcher, &FirstPaintWatcher::firstPainted, window, [] {
        startupMark("first frame done");
        std::printf("first-paint monotonic_ns=%lld since_start_ms=%.1f\n",
                    static_cast<long long>(monotonicNs()), msSinceProcessStart());
        std::fflush(stdout);
        QCoreApplication::exit(0);
    });
}

} // namespace trellis::ui
