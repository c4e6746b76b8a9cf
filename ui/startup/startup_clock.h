#pragma once

#include <QLoggingCategory>

namespace trellis::ui {

// Start-up timing, for the start-up benchmark (bench/startup) and for finding what delays the
// first paint: QT_LOGGING_RULES="trellis.startup.debug=true" logs each mark.
Q_DECLARE_LOGGING_CATEGORY(lcStartup)

// CLOCK_MONOTONIC in nanoseconds (what std::chrono::steady_clock reads on Linux).
qint64 monotonicNs();
// Milliseconds since the kernel started this process (clock-tick resolution, usually 10 ms);
// -1 where /proc is not there.
double msSinceProcessStart();
// Logs `what` under trellis.startup with the milliseconds since the first mark (which also
// logs how long the process ran before it). Costs nothing when the category is off.
void startupMark(const char *what);

} // namespace trellis::ui
