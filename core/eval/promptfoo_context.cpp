#include "eval/promptfoo_context.h"

#include "prompt/json_reader.h"
#include "prompt/yaml_reader.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace trellis::eval::promptfoo {

namespace {

// Bounds a glob's walk so a pattern like "/**" cannot hang the import.
constexpr int kMaxGlobEntries = 20000;
constexpr qint64 kMaxFileBytes = qint64(64) << 20;

bool hasGlob(const QString &path) {
    for (const QChar c : path) {
        if (c == u'*' || c == u'?' || c == u'{' || c == u'[')
            return true;
    }
    return false;
}

// promptfoo uses the `glob` package: * and ? stay inside one path segment, ** crosses them,
// {a,b} alternates, [abc] is a class.
QRegularExpression globToRegex(const QString &pattern) {
    QString re;
    int braces = 0;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == u'*' && i + 1 < pattern.size() && pattern.at(i + 1) == u'*') {
            const bool slash = i + 2 < pattern.size() && pattern.at(i + 2) == u'/';
            re += slash ? QStringLiteral("(?:.*/)?") : QStringLiteral(".*");
            i += slash ? 2 : 1;
        } else if (c == u'*') {
            re += QStringLiteral("[^/]*");
        } else if (c == u'?') {
            re += QStringLiteral("[^/]");
        } else if (c == u'{') {
            ++braces;
            re += QStringLiteral("(?:");
        } else if (c == u'}' && braces > 0) {
            --braces;
            re += u')';
        } else if (c == u',' && braces > 0) {
            re += u'|';
        } else if (c == u'[') {
            const qsizetype end = pattern.indexOf(u']', i + 1);
            if (end < 0) {
                re += QStringLiteral("\\[");
            } else {
                QString set = pattern.mid(i + 1, end - i - 1);
                if (set.startsWith(u'!'))
                    set[0] = u'^';
                re += u'[' + set.replace(QStringLiteral("\\"), QStringLiteral("\\\\")) + u']';
                i = end;
            }
        } else {
            re += QRegularExpression::escape(QString(c));
        }
    }
    while (braces-- > 0)
        re += u')';
    return QRegularExpression(QRegularExpression::anchoredPattern(re));
}

} // namespace

Context::Context(QString fileForErrors, QDir baseDir, const prompt::SourceMap *map,
                 QList<UnsupportedItem> *unsupported)
    : m_file(std::move(fileForErrors))
    , m_baseDir(std::move(baseDir))
    , m_map(map)
    , m_unsupported(unsupported) {}

Error Context::error(const QString &field, const QString &message, bool atKey) const {
    Error e(message);
    e.forField(field).inFile(m_file);
    if (m_map != nullptr)
        m_map->placeError(&e, atKey);
    return e;
}

void Context::unsupported(const QString &where, const QString &reason) const {
    m_unsupported->append(UnsupportedItem{where, reason});
}

Result<QStringList> Context::resolveFiles(const QString &reference, const QString &field) const {
    const QString relative = stripFileScheme(reference);
    if (relative.isEmpty())
        return error(field, QStringLiteral("empty file reference"));
    const QString absolute = QDir::cleanPath(m_baseDir.absoluteFilePath(relative));
    if (!hasGlob(absolute)) {
        if (!QFileInfo(absolute).isFile())
            return error(field, QStringLiteral("file not found: %1").arg(absolute));
        return QStringList{absolute};
    }
    // Walk from the directory before the first wildcard.
    const qsizetype firstGlob = absolute.indexOf(QRegularExpression(QStringLiteral("[*?{\\[]")));
    const QString root = absolute.left(absolute.lastIndexOf(u'/', firstGlob) + 1);
    const QRegularExpression re = globToRegex(absolute);
    if (!re.isValid())
        return error(field, QStringLiteral("invalid glob pattern: %1").arg(relative));
    QStringList matches;
    QDirIterator it(root.isEmpty() ? QStringLiteral("/") : root, QDir::Files | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    for (int seen = 0; it.hasNext() && seen < kMaxGlobEntries; ++seen) {
        const QString path = it.next();
        if (re.match(path).hasMatch())
            matches.append(path);
    }
    if (matches.isEmpty())
        return error(field, QStringLiteral("no file matches %1").arg(absolute));
    matches.sort();
    return matches;
}

Result<QStringList> Context::resolveDataFiles(const QString &reference, const QString &field,
                                              const QString &what) const {
    if (isScriptPath(stripFileScheme(reference))) {
        unsupported(field, QStringLiteral("%1 cannot run in Trellis: %2").arg(what, reference));
        return QStringList();
    }
    return resolveFiles(reference, field);
}

Result<QByteArray> Context::readFile(const QString &absolutePath, const QString &field) const {
    QFile file(absolutePath);
    if (!file.open(QIODevice::ReadOnly))
        return error(field,
                     QStringLiteral("cannot read %1: %2").arg(absolutePath, file.errorString()));
    // Bounded, so that a reference to a device or /proc file cannot exhaust memory.
    QByteArray data = file.read(kMaxFileBytes + 1);
    if (data.size() > kMaxFileBytes)
        return error(
            field,
            QStringLiteral("%1 is larger than %2 MiB").arg(absolutePath).arg(kMaxFileBytes >> 20));
    return data;
}

Result<nlohmann::json> Context::readStructuredFile(const QString &absolutePath,
                                                   const QString &field) const {
    auto bytes = readFile(absolutePath, field);
    if (!bytes)
        return bytes.error();
    prompt::SourceMap map;
    auto doc =
        parseStructuredText(*bytes, absolutePath.endsWith(u".json", Qt::CaseInsensitive), &map);
    if (!doc) {
        Error e = doc.error();
        return e.inFile(absolutePath);
    }
    return *doc;
}

Result<nlohmann::json> parseStructuredText(const QByteArray &bytes, bool json,
                                           prompt::SourceMap *map) {
    const QByteArray text = bytes.startsWith("\xEF\xBB\xBF") ? bytes.mid(3) : bytes;
    return json ? prompt::parseJsonDocument(text, map) : prompt::parseYamlDocument(text, map);
}

Error Origin::error(const QString &field, const QString &message, bool atKey) const {
    if (file.isEmpty())
        return ctx->error(field, message, atKey);
    Error e(message);
    return e.inFile(file).at(line, 0).forField(field);
}

QString Origin::where(const QString &field) const {
    if (file.isEmpty())
        return field;
    const QString place = QStringLiteral("%1:%2").arg(displayPath(file, ctx->baseDir())).arg(line);
    return field.isEmpty() ? place : place + u' ' + field;
}

QString stripFileScheme(const QString &reference) {
    return reference.startsWith(u"file://") ? reference.mid(7) : reference;
}

bool isFileReference(const nlohmann::json &value) {
    return value.is_string() && value.get<std::string>().rfind("file://", 0) == 0;
}

bool isScriptPath(const QString &path) {
    static const QRegularExpression script(
        QStringLiteral("\\.(js|cjs|mjs|ts|cts|mts|py)(:[A-Za-z_$][\\w$]*)?$"));
    return script.match(path).hasMatch();
}

QString jsonTypeName(const nlohmann::json &v) {
    return v.is_object()    ? QStringLiteral("a mapping")
           : v.is_array()   ? QStringLiteral("a list")
           : v.is_string()  ? QStringLiteral("a string")
           : v.is_boolean() ? QStringLiteral("a boolean")
           : v.is_null()    ? QStringLiteral("null")
                            : QStringLiteral("a number");
}

QString displayPath(const QString &absolutePath, const QDir &baseDir) {
    const QString rel = baseDir.relativeFilePath(absolutePath);
    return rel.startsWith(QStringLiteral("..")) ? absolutePath : rel;
}

} // namespace trellis::eval::promptfoo
