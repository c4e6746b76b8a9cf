#include "startup_clock.h"

#include <QElapsedTimer>
#include <QFile>

#include <chrono>
#include <ctime>
#include <unistd.h>

namespace trellis::ui {

Q_LOGGING_CATEGORY(lcStartup, "trellis.startup", QtWarningMsg)

qint64 monotonicNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

double msSinceProcessStart() {
#ifdef __linux__
    QFile stat(QStringLiteral("/proc/self/stat"));
    if (!stat.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Field 22 (starttime, in clock ticks since boot) counts from after the command name,
    // which may itself hold spaces: start after its closing parenthesis.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    constexpr int kStartTime = 22 - 3; // fields 1 (pid) and 2 (comm) are gone; 0-based
    if (fields.size() <= kStartTime)
        return -1;
    const double startedS = fields[kStartTime].toDouble() / double(sysconf(_SC_CLK_TCK));
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return (double(now.tv_sec) + double(now.tv_nsec) / 1e9 - startedS) * 1000.0;
#else
    return -1;
#endif
}

void startupMark(const char *what) {
    if (!lcStartup().isDebugEnabled())
        return;
    static QElapsedTimer sinceFirst;
    if (!sinceFirst.isValid()) {
        sinceFirst.start();
        qCDebug(lcStartup, "%8.1f ms  %s (%.0f ms after the process started)", 0.0, what,
                msSinceProcessStart());
        return;
    }
    qCDebug(lcStartup, "%8.1f ms  %s", double(sinceFirst.nsecsElapsed()) / 1e6, what);
}

} // namespace trellis::ui
