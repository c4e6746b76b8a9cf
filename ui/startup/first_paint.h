#pragma once

#include <QObject>

class QWidget;

namespace trellis::ui {

// Tells when a window has painted its first complete frame: the window's first paint event,
// then the rest of that frame (children, flush) before firstPainted() is emitted. Work that can
// wait for the window to be on screen (the run log, ...) starts from here.
class FirstPaintWatcher : public QObject {
    Q_OBJECT
public:
    explicit FirstPaintWatcher(QWidget *window);
    bool hasPainted() const { return m_painted; }

Q_SIGNALS:
    void firstPainted();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *m_window;
    bool m_painted = false;
};

// The start-up benchmark's hook (bench/startup): with TRELLIS_EXIT_AFTER_FIRST_PAINT=1 in the
// environment, the first complete frame of `window` prints one line to stdout,
//     first-paint monotonic_ns=<CLOCK_MONOTONIC at that moment> since_start_ms=<elapsed>
// and quits the application with status 0. since_start_ms counts from the process start as the
// kernel recorded it (clock-tick resolution, usually 10 ms); the benchmark measures from its
// own launch time against monotonic_ns instead. Without the variable, nothing happens.
void exitAfterFirstPaintIfRequested(QWidget *window);

} // namespace trellis::ui
