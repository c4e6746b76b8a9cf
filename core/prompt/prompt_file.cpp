#include "prompt/prompt_file.h"

#include "prompt/json_reader.h"
#include "prompt/prompt_json.h"
#include "prompt/yaml_reader.h"
#include "prompt/yaml_writer.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace trellis::prompt {

namespace {

// A prompt file is a few kilobytes; refusing huge files keeps a mistaken import from eating
// memory.
constexpr qsizetype kMaxFileSize = 16 * 1024 * 1024;

Result<nlohmann::json> parseDocument(const QByteArray &text, Format format, SourceMap *map) {
    return format == Format::Json ? parseJsonDocument(text, map) : parseYamlDocument(text, map);
}

Error withFile(Error error, const QString &file) {
    if (!file.isEmpty())
        error.inFile(file);
    return error;
}

} // namespace

Format formatForPath(const QString &path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == u"yaml" || suffix == u"yml")
        return Format::Yaml;
    if (suffix == u"json")
        return Format::Json;
    return Format::Auto;
}

Format sniffFormat(const QByteArray &bytes) {
    for (const char c : bytes) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' ? Format::Json : Format::Yaml;
    }
    return Format::Yaml;
}

QString formatName(Format format) {
    return format == Format::Json ? QStringLiteral("json") : QStringLiteral("yaml");
}

Result<PromptSpec> readPromptFile(const QString &path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return withFile(Error(QStringLiteral("cannot open file: %1").arg(file.errorString())),
                        path);
    if (file.size() > kMaxFileSize)
        return withFile(Error(QStringLiteral("file is larger than %1 MiB").arg(kMaxFileSize >> 20)),
                        path);
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return withFile(Error(QStringLiteral("cannot read file: %1").arg(file.errorString())),
                        path);
    return parsePromptText(bytes, formatForPath(path), path);
}

Result<PromptSpec> parsePromptText(const QByteArray &bytes, Format format,
                                   const QString &fileNameForErrors) {
    if (bytes.size() > kMaxFileSize)
        return withFile(Error(QStringLiteral("file is larger than %1 MiB").arg(kMaxFileSize >> 20)),
                        fileNameForErrors);
    QByteArray text = bytes;
    if (text.startsWith("\xEF\xBB\xBF"))
        text.remove(0, 3);
    if (const qsizetype bad = invalidUtf8Offset(text); bad >= 0) {
        const SourcePosition pos = TextIndex(text).position(bad);
        return withFile(
            Error(QStringLiteral("the file is not valid UTF-8")).at(pos.line, pos.column),
            fileNameForErrors);
    }
    if (format == Format::Auto)
        format = sniffFormat(text);

    SourceMap map;
    Result<nlohmann::json> doc = parseDocument(text, format, &map);
    if (!doc)
        return withFile(doc.error(), fileNameForErrors);
    bool atKey = false;
    Result<PromptSpec> spec = fromJson(*doc, &atKey);
    if (!spec) {
        Error error = spec.error();
        map.placeError(&error, atKey);
        if (format == Format::Yaml && error.message.startsWith(QLatin1String("expected a string")))
            error.message += QStringLiteral(" (quote the value to keep it as text)");
        return withFile(error, fileNameForErrors);
    }
    return spec;
}

QByteArray writePromptText(const PromptSpec &spec, Format format) {
    const nlohmann::ordered_json doc = toOrderedJson(spec);
    if (format == Format::Json) {
        const std::string text =
            doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        return QByteArray::fromStdString(text) + '\n';
    }
    return writeYamlDocument(doc, {"content"});
}

Status writePromptFile(const PromptSpec &spec, const QString &path, Format format) {
    if (format == Format::Auto)
        format = formatForPath(path);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return withFile(Error(QStringLiteral("cannot write file: %1").arg(file.errorString())),
                        path);
    file.write(writePromptText(spec, format));
    if (!file.commit())
        return withFile(Error(QStringLiteral("cannot write file: %1").arg(file.errorString())),
                        path);
    return {};
}

} // namespace trellis::prompt
