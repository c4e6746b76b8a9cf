#pragma once

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

namespace trellis {
struct Error;
}

namespace trellis::cli {

// Exit codes shared by every command.
enum ExitCode : int { ExitOk = 0, ExitFailure = 1, ExitBadInput = 2 };

// Writes text to stdout byte for byte (UTF-8, nothing added).
void writeOut(const QString &text);
void writeOut(const QByteArray &bytes);
// Writes one line to stderr.
void writeErr(const QString &line);
// Prints `trellis-cli: message` on stderr and returns ExitBadInput.
int badInput(const QString &message);
// Prints the error (with file:line:col when known) on stderr and returns `code`.
int reportError(const Error &error, int code = ExitBadInput);
// Prints a JSON document on stdout, pretty, with a trailing newline.
void writeJson(const nlohmann::json &doc);

} // namespace trellis::cli
