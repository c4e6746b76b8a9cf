#include "cli_process.h"

#include <QDir>
#include <QProcess>

namespace trellis::test {

CliProcess::CliProcess(const QString &databasePath)
    : m_env(QProcessEnvironment::systemEnvironment()) {
    m_env.insert(QStringLiteral("TRELLIS_DB"), databasePath);
}

QString CliProcess::executable() {
    return QDir(qEnvironmentVariable("TRELLIS_BIN_DIR")).filePath(QStringLiteral("trellis-cli"));
}

QString CliProcess::sourceDir() {
    return qEnvironmentVariable("TRELLIS_SOURCE_DIR");
}

CliResult CliProcess::run(const QStringList &arguments, const QByteArray &stdinData) const {
    QProcess process;
    process.setProcessEnvironment(m_env);
    if (!m_workingDirectory.isEmpty())
        process.setWorkingDirectory(m_workingDirectory);
    process.start(executable(), arguments);
    CliResult result;
    if (!process.waitForStarted(10000)) {
        result.err = "could not start " + executable().toUtf8();
        return result;
    }
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    process.waitForFinished(60000);
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace trellis::test
