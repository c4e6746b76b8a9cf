#include "cli_io.h"

#include "common/error.h"

#include <cstdio>

namespace trellis::cli {

void writeOut(const QByteArray &bytes) {
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void writeOut(const QString &text) {
    writeOut(text.toUtf8());
}

void writeErr(const QString &line) {
    const QByteArray bytes = line.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

int badInput(const QString &message) {
    writeErr(QStringLiteral("trellis-cli: ") + message);
    return ExitBadInput;
}

int reportError(const Error &error, int code) {
    // Errors with a place read like compiler diagnostics, so editors can jump to them.
    if (!error.file.isEmpty())
        writeErr(error.toString());
    else
        writeErr(QStringLiteral("trellis-cli: ") + error.toString());
    return code;
}

void writeJson(const nlohmann::json &doc) {
    writeOut(QByteArray::fromStdString(doc.dump(2)) + '\n');
}

} // namespace trellis::cli
