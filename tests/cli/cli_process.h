#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace trellis::test {

// Runs build/bin/trellis-cli as a child process, the way a user or a script would.
struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
};

class CliProcess {
public:
    // The database every command of this runner uses (passed as TRELLIS_DB).
    explicit CliProcess(const QString &databasePath);

    CliResult run(const QStringList &arguments, const QByteArray &stdinData = {}) const;
    void setWorkingDirectory(const QString &dir) { m_workingDirectory = dir; }
    void setEnv(const QString &name, const QString &value) { m_env.insert(name, value); }

    static QString executable();
    static QString sourceDir();

private:
    QProcessEnvironment m_env;
    QString m_workingDirectory;
};

} // namespace trellis::test
