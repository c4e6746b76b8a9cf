// trellis: the desktop workbench. A thin main() over trellis_ui.
#include "core_info.h"
#include "main_window.h"
#include "project/workspace.h"
#include "screenshot_tour.h"
#include "startup/first_paint.h"
#include "startup/startup_clock.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

int main(int argc, char **argv) {
    trellis::ui::startupMark("main");
    QApplication app(argc, argv);
    trellis::ui::startupMark("QApplication");
    QApplication::setApplicationName(QStringLiteral("trellis"));
    QApplication::setOrganizationName(QStringLiteral("trellis"));
    QApplication::setApplicationDisplayName(QStringLiteral("Trellis"));
    QApplication::setApplicationVersion(trellis::versionString());
    QApplication::setDesktopFileName(QStringLiteral("trellis"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Trellis prompt workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption db(QStringLiteral("db"),
                                QStringLiteral("SQLite store to open (default: $TRELLIS_DB, else "
                                               "the user data dir)."),
                                QStringLiteral("PATH"));
    const QCommandLineOption open(QStringLiteral("open"), QStringLiteral("Open this prompt."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save a PNG of the window once it is shown, then quit (docs, tests)."),
        QStringLiteral("FILE"));
    const QCommandLineOption screenshots(
        QStringLiteral("screenshots"),
        QStringLiteral("Open a prompt (--open, default support-ticket-triage), run it, and save "
                       "PNGs of the main views (workbench, runner, run log, settings, version "
                       "comparison) into DIR, then quit."),
        QStringLiteral("DIR"));
    parser.addOption(db);
    parser.addOption(open);
    parser.addOption(screenshot);
    parser.addOption(screenshots);
    parser.process(app);

    const QString dbPath = parser.isSet(db) ? parser.value(db) : qEnvironmentVariable("TRELLIS_DB");
    auto workspace = trellis::project::openWorkspace(
        trellis::project::WorkspaceOptions::fromEnvironment(dbPath));
    trellis::ui::startupMark("store open");
    if (!workspace) {
        QMessageBox::critical(nullptr, QStringLiteral("Trellis"),
                              QStringLiteral("Trellis could not open its store.\n\n%1")
                                  .arg(workspace.error().toString()));
        return 1;
    }
    trellis::ui::MainWindow window(
        std::make_unique<trellis::project::Workspace>(std::move(*workspace)));
    trellis::ui::startupMark("main window built");
    trellis::ui::exitAfterFirstPaintIfRequested(&window);
    if (parser.isSet(open) && !parser.isSet(screenshots))
        window.openPrompt(parser.value(open));
    window.show();
    if (parser.isSet(screenshots)) {
        auto *tour = new trellis::ui::ScreenshotTour(
            &window, parser.value(screenshots),
            parser.isSet(open) ? parser.value(open) : QStringLiteral("support-ticket-triage"),
            &window);
        QObject::connect(tour, &trellis::ui::ScreenshotTour::finished, &app,
                         [](bool ok, const QStringList &filesOrError) {
                             for (const QString &line : filesOrError)
                                 std::fprintf(ok ? stdout : stderr, "%s\n", qPrintable(line));
                             QCoreApplication::exit(ok ? 0 : 1);
                         });
        tour->start();
    }
    if (parser.isSet(screenshot)) {
        // Let the first paint and layout settle, then grab the window as the user sees it.
        QTimer::singleShot(500, &window, [&window, file = parser.value(screenshot)] {
            const bool saved = window.grab().save(file, "PNG");
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
