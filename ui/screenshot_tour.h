#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

namespace trellis::ui {

class MainWindow;

// `trellis --screenshots DIR`: drives the window through its main views and writes a PNG of
// each (first-start.png, workbench.png, inspector.png, runner.png, run-log.png, settings.png,
// history.png, compare.png), for the README
// and for looking at the UI without a display. Asynchronous: runs a real (dry) run on the
// window's event loop. Emits finished() with the files written, or the first error.
class ScreenshotTour : public QObject {
    Q_OBJECT
public:
    ScreenshotTour(MainWindow *window, QString directory, QString prompt,
                   QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(bool ok, const QStringList &filesOrError);

private:
    using Step = std::function<void()>;
    void next();
    void later(int ms);
    bool grab(QWidget *widget, const QString &fileName);
    void fail(const QString &message);

    MainWindow *m_window; // the tour is the window's child: it never outlives it
    QString m_dir;
    QString m_prompt;
    QList<Step> m_steps;
    QStringList m_written;
    bool m_failed = false;
};

} // namespace trellis::ui
