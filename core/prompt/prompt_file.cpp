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

// Offset of the first byte that does not belong to a valid UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF included), or -1 when the text is valid.
qsizetype invalidUtf8Offset(const QByteArray &bytes) {
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const uchar lead = uchar(bytes.at(i));
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        char32_t cp = 0;
        char32_t minimum = 0;
        if ((lead & 0xE0) == 0xC0) {
            length = 2, cp = lead & 0x1F, minimum = 0x80;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3, cp = lead & 0x0F, minimum = 0x800;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4, cp = lead & 0x07, minimum = 0x10000;
        } else {
            return i;
        }
        if (i + length > n)
            return i;
        for (int k = 1; k < length; ++k) {
            const uchar c = uchar(bytes.at(i + k));
            if ((c & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (c & 0x3F);
        }
        if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += length;
    }
    return -1;
}

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
