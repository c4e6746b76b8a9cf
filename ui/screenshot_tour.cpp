#include "screenshot_tour.h"

#include "editor/history_panel.h"
#include "inspector_dock.h"
#include "main_window.h"
#include "runner/runner_pane.h"
#include "settings/settings_dialog.h"

#include <QDir>
#include <QDockWidget>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>

namespace trellis::ui {

namespace {

// Brings the page holding `widget` to the front in every tab widget above it.
void revealInTabs(QWidget *widget) {
    for (QWidget *w = widget->parentWidget(); w; w = w->parentWidget())
        if (auto *tabs = qobject_cast<QTabWidget *>(w))
            for (int i = 0; i < tabs->count(); ++i)
                if (tabs->widget(i)->isAncestorOf(widget))
                    tabs->setCurrentIndex(i);
}

} // namespace

ScreenshotTour::ScreenshotTour(MainWindow *window, QString directory, QString prompt,
                               QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_dir(std::move(directory))
    , m_prompt(std::move(prompt)) {}

void ScreenshotTour::start() {
    QDir().mkpath(m_dir);
    m_steps = {
        [this] {
            // The first start: nothing open, the empty states say what to click.
            if (grab(m_window, QStringLiteral("first-start.png")))
                later(0);
        },
        [this] {
            if (!m_window->openPrompt(m_prompt))
                return fail(QStringLiteral("no prompt named %1").arg(m_prompt));
            later(400);
        },
        [this] {
            if (grab(m_window, QStringLiteral("workbench.png"))
                && grab(m_window->inspector(), QStringLiteral("inspector.png")))
                later(0);
        },
        [this] {
            // A real run through the pipeline; the picture waits for its end.
            connect(
                m_window->runner(), &RunnerPane::runEnded, this, [this] { later(300); },
                Qt::SingleShotConnection);
            if (!m_window->runCurrentPrompt())
                fail(QStringLiteral("the prompt could not be run"));
        },
        [this] {
            if (grab(m_window->findChild<QDockWidget *>(QStringLiteral("runnerDock")),
                     QStringLiteral("runner.png"))
                && grab(m_window->findChild<QDockWidget *>(QStringLiteral("runLogDock")),
                        QStringLiteral("run-log.png")))
                later(0);
        },
        [this] {
            SettingsDialog *dialog = m_window->showSettings();
            if (!dialog)
                return fail(QStringLiteral("the settings dialog could not open"));
            later(300);
        },
        [this] {
            auto *dialog = m_window->findChild<SettingsDialog *>();
            if (!grab(dialog, QStringLiteral("settings.png")))
                return;
            dialog->close();
            // Two versions selected in the history: the side-by-side comparison, in the
            // history beside the editor and in its own window.
            auto *history = m_window->findChild<HistoryPanel *>();
            auto *list = m_window->findChild<QTreeWidget *>(QStringLiteral("versionHistory"));
            if (!history || !list || list->topLevelItemCount() < 2)
                return fail(QStringLiteral("%1 has no two versions to compare").arg(m_prompt));
            revealInTabs(history);
            list->clearSelection();
            list->topLevelItem(0)->setSelected(true);
            list->topLevelItem(1)->setSelected(true);
            later(300);
        },
        [this] {
            if (!grab(m_window, QStringLiteral("history.png")))
                return;
            // The size it opens at on a desktop (the offscreen screen is smaller).
            m_window->findChild<HistoryPanel *>()->openInWindow()->resize(1100, 720);
            later(400);
        },
        [this] {
            auto *history = m_window->findChild<HistoryPanel *>();
            QWidget *window = history ? history->comparisonWindow() : nullptr;
            if (!grab(window, QStringLiteral("compare.png")))
                return;
            window->close();
            Q_EMIT finished(true, m_written);
        },
    };
    later(500);
}

void ScreenshotTour::later(int ms) {
    QTimer::singleShot(ms, this, &ScreenshotTour::next);
}

void ScreenshotTour::next() {
    if (m_failed || m_steps.isEmpty())
        return;
    const Step step = m_steps.takeFirst();
    step();
}

bool ScreenshotTour::grab(QWidget *widget, const QString &fileName) {
    if (!widget) {
        fail(QStringLiteral("nothing to grab for %1").arg(fileName));
        return false;
    }
    const QString path = QDir(m_dir).filePath(fileName);
    if (!widget->grab().save(path, "PNG")) {
        fail(QStringLiteral("cannot write %1").arg(path));
        return false;
    }
    m_written << path;
    return true;
}

void ScreenshotTour::fail(const QString &message) {
    m_failed = true;
    Q_EMIT finished(false, {message});
}

} // namespace trellis::ui
