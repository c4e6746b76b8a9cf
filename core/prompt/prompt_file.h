#pragma once

#include "common/result.h"
#include "prompt/prompt_spec.h"

#include <QByteArray>
#include <QString>

namespace trellis::prompt {

// Prompt files: the PromptSpec model as YAML or JSON (docs/prompt-format.md). Both formats
// hold exactly the same model, and write -> parse gives back an equal spec.
enum class Format {
    Auto, // from the file name, else sniffed from the text (reading) / YAML (writing)
    Yaml,
    Json,
};

// .yaml/.yml -> Yaml, .json -> Json, anything else -> Auto.
Format formatForPath(const QString &path);
// Json when the first non-blank character is '{', else Yaml.
Format sniffFormat(const QByteArray &bytes);
QString formatName(Format format); // "yaml", "json"

// Reads a prompt file. Every error carries the file name and, where it can be known, the
// line and column of the offending text and the field path (Error::field), e.g.
//   prompts/triage.yaml:7:11: messages[1].role: unknown role 'systen' (...)
Result<PromptSpec> readPromptFile(const QString &path);

// Parses prompt text. `fileNameForErrors` only labels errors.
Result<PromptSpec> parsePromptText(const QByteArray &bytes, Format format = Format::Auto,
                                   const QString &fileNameForErrors = QString());

// The file text for a spec: YAML with template text as literal block scalars, or JSON
// indented by two spaces. Always ends with a newline. Format::Auto writes YAML.
QByteArray writePromptText(const PromptSpec &spec, Format format);

// Writes atomically (QSaveFile), choosing the format from the extension (YAML when unknown).
Status writePromptFile(const PromptSpec &spec, const QString &path, Format format = Format::Auto);

} // namespace trellis::prompt
