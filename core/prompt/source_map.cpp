#include "prompt/source_map.h"

#include "prompt/field_path.h"

#include <algorithm>

namespace trellis::prompt {

TextIndex::TextIndex(const QByteArray &text)
    : m_text(text) {
    m_lineStarts.push_back(0);
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == '\n')
            m_lineStarts.push_back(i + 1);
    }
}

SourcePosition TextIndex::position(qsizetype byteOffset) const {
    byteOffset = std::clamp<qsizetype>(byteOffset, 0, m_text.size());
    const auto next = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), byteOffset);
    const auto lineIndex = std::distance(m_lineStarts.begin(), next) - 1;
    const qsizetype start = m_lineStarts[std::size_t(lineIndex)];
    // Count code points: every byte that is not a UTF-8 continuation byte starts one.
    int column = 1;
    for (qsizetype i = start; i < byteOffset; ++i) {
        if ((uchar(m_text.at(i)) & 0xC0) != 0x80)
            ++column;
    }
    return {int(lineIndex) + 1, column};
}

qsizetype TextIndex::lineStart(int line) const {
    if (line < 1 || std::size_t(line) > m_lineStarts.size())
        return -1;
    return m_lineStarts[std::size_t(line) - 1];
}

void SourceMap::addValue(const QString &path, SourcePosition pos) {
    m_values.insert(path, pos);
}

void SourceMap::addKey(const QString &path, SourcePosition pos) {
    m_keys.insert(path, pos);
}

SourcePosition SourceMap::locate(const QString &path, bool preferKey) const {
    if (preferKey) {
        if (const auto it = m_keys.constFind(path); it != m_keys.constEnd())
            return *it;
    }
    QString current = path;
    for (;;) {
        if (const auto it = m_values.constFind(current); it != m_values.constEnd())
            return *it;
        if (current.isEmpty())
            return {};
        current = parentField(current);
    }
}

void SourceMap::placeError(Error *error, bool preferKey) const {
    const SourcePosition pos = locate(error->field, preferKey);
    if (pos.isValid())
        error->at(pos.line, pos.column);
}

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

} // namespace trellis::prompt
