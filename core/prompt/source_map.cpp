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

} // namespace trellis::prompt
