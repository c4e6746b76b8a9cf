#include "redaction.h"

#include <QMutex>
#include <QRegularExpression>
#include <QSet>
#include <QVarLengthArray>

#include <string>
#include <string_view>

namespace trellis::providers {

namespace {

QMutex &secretsMutex() {
    static QMutex mutex;
    return mutex;
}

QSet<QString> &secrets() {
    static QSet<QString> set;
    return set;
}

// The same secrets in UTF-8, to look for them in bytes without converting the bytes first.
QList<QByteArray> &secretsUtf8() {
    static QList<QByteArray> list;
    return list;
}

// Whether a registered secret occurs in `bytes` (byte for byte, i.e. as it would in the text
// those bytes decode to).
bool holdsSecret(QByteArrayView bytes) {
    QMutexLocker lock(&secretsMutex());
    for (const QByteArray &s : std::as_const(secretsUtf8())) {
        if (bytes.contains(s))
            return true;
    }
    return false;
}

const QRegularExpression &keyPattern() {
    // Key shapes of the common providers, plus credential headers and parameters written
    // out as text ("Authorization: Bearer x", "x-api-key: x", "?key=x", "\"api_key\": \"x\"").
    static const QRegularExpression re(QStringLiteral(
        R"((?:\b(?:sk|rk|pk)-(?:ant-|proj-|or-|svcacct-)?[A-Za-z0-9_\-]{16,})|)"
        R"((?:\bAIza[0-9A-Za-z_\-]{30,})|(?:\b(?:gsk|hf|xai|pplx|nvapi|fw)[_\-][A-Za-z0-9_\-]{16,}))"));
    return re;
}

const QRegularExpression &assignmentPattern() {
    static const QRegularExpression re(
        QStringLiteral(
            R"(((?:authorization|x-api-key|x-goog-api-key|api-key|api_key|apikey|)"
            R"(access_token|refresh_token)\s*["']?\s*[:=]\s*["']?\s*(?:bearer\s+)?)[^\s"'&,}]+)"
            R"(|([?&]key=)[^&\s"']+|(\bbearer\s+)[A-Za-z0-9._~+/\-]+=*)"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

bool isAscii(QByteArrayView bytes) {
    for (const char c : bytes) {
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    }
    return true;
}

// False when neither pattern can match, which spares the two regular expression passes for
// almost all text (response headers, request bodies). Every match of keyPattern() contains one
// of the first literals, every match of assignmentPattern() one of the others (ignoring
// case). Only decided for ASCII text: ignoring case, PCRE also matches 'k' to the Kelvin sign
// and 's' to the long s.
bool mayHoldKey(QByteArrayView ascii) {
    static constexpr std::string_view keyAnchors[] = {"k-",  "AIza", "gsk",   "hf",
                                                      "xai", "pplx", "nvapi", "fw"};
    static constexpr std::string_view assignmentAnchors[] = {
        "authorization", "api-key", "api_key", "apikey", "_token", "key=", "bearer"};
    const std::string_view text(ascii.data(), std::size_t(ascii.size()));
    for (const std::string_view anchor : keyAnchors) {
        if (text.find(anchor) != std::string_view::npos)
            return true;
    }
    std::string lower(text);
    for (char &c : lower)
        c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    for (const std::string_view anchor : assignmentAnchors) {
        if (lower.find(anchor) != std::string::npos)
            return true;
    }
    return false;
}

bool mayHoldKey(const QString &text) {
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return true;
    }
    return mayHoldKey(QByteArrayView(text.toLatin1()));
}

void replaceSecrets(QString &text) {
    QMutexLocker lock(&secretsMutex());
    for (const QString &s : std::as_const(secrets()))
        text.replace(s, Redactor::placeholder);
}

} // namespace

void Redactor::registerSecret(const QString &secret) {
    const QString s = secret.trimmed();
    if (s.size() < 6)
        return;
    QMutexLocker lock(&secretsMutex());
    if (!secrets().contains(s)) {
        secrets().insert(s);
        secretsUtf8().append(s.toUtf8());
    }
}

QString Redactor::text(const QString &input) {
    QString out = input;
    replaceSecrets(out);
    if (!mayHoldKey(out))
        return out;
    out.replace(keyPattern(), placeholder);
    // Keep the header/parameter name, drop its value.
    QString result;
    qsizetype last = 0;
    auto it = assignmentPattern().globalMatch(out);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        QString prefix = m.captured(1);
        if (prefix.isEmpty())
            prefix = m.captured(2);
        if (prefix.isEmpty())
            prefix = m.captured(3);
        result += QStringView(out).mid(last, m.capturedStart() - last);
        result += prefix;
        result += placeholder;
        last = m.capturedEnd();
    }
    result += QStringView(out).mid(last);
    return result;
}

QByteArray Redactor::bytes(const QByteArray &input) {
    // ASCII survives the UTF-8 round trip unchanged, so text that text() hands back untouched
    // (still sharing its buffer) is returned without a copy.
    if (isAscii(input)) {
        if (!holdsSecret(input) && !mayHoldKey(QByteArrayView(input)))
            return input;
        return text(QString::fromLatin1(input)).toLatin1();
    }
    return text(QString::fromUtf8(input)).toUtf8();
}

bool Redactor::isSecretHeader(const QByteArray &name) {
    // Header names are ASCII and short: lower-cased on the stack unless unusually long.
    QVarLengthArray<char, 64> lower(name.size());
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name[i];
        lower[i] = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    }
    const QByteArrayView n(lower.constData(), lower.size());
    return n == "authorization" || n == "proxy-authorization" || n == "x-api-key"
           || n == "x-goog-api-key" || n == "api-key" || n == "cookie" || n == "set-cookie"
           || n.contains("secret") || n.endsWith("-token") || n.endsWith("_token");
}

HeaderList Redactor::headers(const HeaderList &in) {
    HeaderList out;
    out.reserve(in.size());
    for (const auto &[name, value] : in)
        out.append({name, isSecretHeader(name) ? QByteArray(placeholder.data(), placeholder.size())
                                               : bytes(value)});
    return out;
}

} // namespace trellis::providers
