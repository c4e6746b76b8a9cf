#include "prompt/field_path.h"

namespace trellis::prompt {

namespace {

bool isPlainKey(const QString &key) {
    if (key.isEmpty())
        return false;
    for (qsizetype i = 0; i < key.size(); ++i) {
        const char16_t c = key.at(i).unicode();
        const bool letter =
            (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c == u'$';
        const bool later = (c >= u'0' && c <= u'9') || c == u'-';
        if (!letter && !(i > 0 && later))
            return false;
    }
    return true;
}

QString quoted(const QString &key) {
    QString out = QStringLiteral("\"");
    for (const QChar ch : key) {
        if (ch == u'"' || ch == u'\\')
            out += u'\\';
        out += ch;
    }
    return out + u'"';
}

} // namespace

QString fieldKey(const QString &parent, const QString &key) {
    if (!isPlainKey(key))
        return parent + u'[' + quoted(key) + u']';
    return parent.isEmpty() ? key : parent + u'.' + key;
}

QString fieldIndex(const QString &parent, qsizetype index) {
    return parent + u'[' + QString::number(index) + u']';
}

QString parentField(const QString &path) {
    // Walk forward so quoted keys containing '.', '[' or ']' are skipped as a whole.
    qsizetype lastStart = 0;
    qsizetype i = 0;
    while (i < path.size()) {
        const QChar c = path.at(i);
        if (c == u'.') {
            lastStart = i;
            ++i;
        } else if (c == u'[') {
            lastStart = i;
            ++i;
            if (i < path.size() && path.at(i) == u'"') {
                for (++i; i < path.size() && path.at(i) != u'"'; ++i) {
                    if (path.at(i) == u'\\')
                        ++i;
                }
            }
            while (i < path.size() && path.at(i) != u']')
                ++i;
            ++i;
        } else {
            ++i;
        }
    }
    return path.left(lastStart);
}

} // namespace trellis::prompt
