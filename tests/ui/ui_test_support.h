#pragma once

// Shared set-up of the workbench GUI tests: a window on a fresh store seeded with the example
// project, a settings file of the test's own, drafts in the test's directory, no keychain.
#include "main_window.h"

#include <QCoreApplication>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <memory>

namespace trellis::testing {

// Keeps QSettings (window layout, tabs) and QStandardPaths away from the user's own.
inline void isolateUserState(const QTemporaryDir &dir) {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("trellis-tests"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                       dir.filePath(QStringLiteral("qsettings")));
}

inline void writeFile(const QString &path, const QByteArray &bytes) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

// A settings file with the named endpoint "fake" (OpenAI wire) at `openAiBaseUrl`.
inline QByteArray fakeEndpointSettings(const QString &openAiBaseUrl) {
    return QByteArrayLiteral("{\"endpoints\": {\"fake\": {\"base_url\": \"")
           + openAiBaseUrl.toUtf8() + QByteArrayLiteral("\"}}}");
}

inline std::unique_ptr<ui::MainWindow> makeWindow(const QTemporaryDir &dir, const QString &dbName,
                                                  const QString &settingsPath = {},
                                                  int draftDelayMs = 1000) {
    project::WorkspaceOptions options;
    options.databasePath = dir.filePath(dbName);
    auto workspace = project::openWorkspace(options);
    if (!workspace)
        qFatal("%s", qPrintable(workspace.error().toString()));
    ui::MainWindowOptions windowOptions;
    windowOptions.settingsPath =
        settingsPath.isEmpty() ? dir.filePath(QStringLiteral("no-settings.json")) : settingsPath;
    windowOptions.draftDirectory = dir.filePath(dbName + QStringLiteral(".drafts"));
    windowOptions.draftDelayMs = draftDelayMs;
    QProcessEnvironment env;
    env.insert(QStringLiteral("TRELLIS_NO_KEYCHAIN"), QStringLiteral("1"));
    windowOptions.environment = env;
    return std::make_unique<ui::MainWindow>(
        std::make_unique<project::Workspace>(std::move(*workspace)), windowOptions);
}

} // namespace trellis::testing
