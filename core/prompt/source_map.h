#pragma once

#include "common/error.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <vector>

namespace trellis::prompt {

// A 1-based line and column (columns count Unicode code points, not bytes); 0 = unknown.
struct SourcePosition {
    int line = 0;
    int column = 0;

    bool isValid() const { return line > 0; }
};

// Turns byte offsets into lines and columns. Both readers report positions through it, so a
// column means the same thing in YAML and JSON files.
class TextIndex {
public:
    explicit TextIndex(const QByteArray &text);

    SourcePosition position(qsizetype byteOffset) const;
    // Byte offset of a 1-based line's first byte, or -1 when the line does not exist.
    qsizetype lineStart(int line) const;

private:
    QByteArray m_text;
    std::vector<qsizetype> m_lineStarts;
};

// Offset of the first byte that does not belong to a valid UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF included), or -1 when the text is valid.
qsizetype invalidUtf8Offset(const QByteArray &bytes);

// Where each field of a parsed document came from, keyed on field paths (field_path.h).
// fromJson reports a field path; the reader asks the source map where that field was written.
class SourceMap {
public:
    void addValue(const QString &path, SourcePosition pos);
    void addKey(const QString &path, SourcePosition pos);

    // The position of the field's value (or of its key, when preferKey and the key is known).
    // A field that is not in the document (a missing key) maps to its nearest enclosing field.
    SourcePosition locate(const QString &path, bool preferKey = false) const;

    // Fills in error.line/column from error.field.
    void placeError(Error *error, bool preferKey = false) const;

private:
    QHash<QString, SourcePosition> m_values;
    QHash<QString, SourcePosition> m_keys;
};

} // namespace trellis::prompt
