#include "eval/csv_reader.h"

#include "prompt/source_map.h"

#include <QSet>

namespace trellis::eval {

namespace {

// A byte-level RFC 4180 scanner. It works on UTF-8 bytes: the separators are ASCII, so a
// multi-byte sequence is never split.
class CsvScanner {
public:
    CsvScanner(const QByteArray &text, qsizetype start)
        : m_text(text)
        , m_index(text)
        , m_pos(start) {}

    bool atEnd() const { return m_pos >= m_text.size(); }

    // Reads one record starting at the current position. *blank is set when the record is an
    // empty line (nothing but its line end).
    Result<CsvRecord> readRecord(bool *blank) {
        CsvRecord record;
        record.line = m_index.position(m_pos).line;
        bool quotedAny = false;
        for (;;) {
            QByteArray field;
            record.columns.push_back(m_index.position(m_pos).column);
            if (!atEnd() && m_text.at(m_pos) == '"') {
                quotedAny = true;
                auto status = readQuoted(&field);
                if (!status)
                    return status.error();
            } else {
                auto status = readPlain(&field);
                if (!status)
                    return status.error();
            }
            record.fields.append(QString::fromUtf8(field));
            if (atEnd())
                break;
            const char c = m_text.at(m_pos);
            if (c == ',') {
                ++m_pos;
                continue;
            }
            skipLineEnd();
            break;
        }
        *blank = !quotedAny && record.fields.size() == 1 && record.fields.first().isEmpty();
        return record;
    }

    Error errorAt(qsizetype offset, const QString &message) const {
        const prompt::SourcePosition p = m_index.position(offset);
        return Error(message).at(p.line, p.column);
    }

private:
    Status readQuoted(QByteArray *field) {
        const qsizetype open = m_pos++;
        for (;;) {
            if (atEnd())
                return errorAt(open, QStringLiteral("quoted field is never closed (a \" is "
                                                    "missing)"));
            const char c = m_text.at(m_pos++);
            if (c != '"') {
                field->append(c);
                continue;
            }
            if (!atEnd() && m_text.at(m_pos) == '"') {
                field->append('"');
                ++m_pos;
                continue;
            }
            break; // closing quote
        }
        if (!atEnd() && !isSeparator(m_text.at(m_pos)))
            return errorAt(m_pos, QStringLiteral("unexpected text after a closing quote (a quote "
                                                 "inside a quoted field is written \"\")"));
        return {};
    }

    Status readPlain(QByteArray *field) {
        const qsizetype begin = m_pos;
        while (!atEnd() && !isSeparator(m_text.at(m_pos))) {
            if (m_text.at(m_pos) == '"')
                return errorAt(m_pos, QStringLiteral("quote inside an unquoted field (quote the "
                                                     "whole field and write the quote as \"\")"));
            ++m_pos;
        }
        *field = m_text.mid(begin, m_pos - begin);
        return {};
    }

    static bool isSeparator(char c) { return c == ',' || c == '\n' || c == '\r'; }

    void skipLineEnd() {
        if (m_text.at(m_pos) == '\r') {
            ++m_pos;
            if (!atEnd() && m_text.at(m_pos) == '\n')
                ++m_pos;
        } else if (m_text.at(m_pos) == '\n') {
            ++m_pos;
        }
    }

    const QByteArray &m_text;
    prompt::TextIndex m_index;
    qsizetype m_pos = 0;
};

Status checkHeader(const CsvRecord &header) {
    QSet<QString> seen;
    for (qsizetype i = 0; i < header.fields.size(); ++i) {
        const QString name = header.fields.at(i).trimmed();
        const QString where = QStringLiteral("header column %1").arg(i + 1);
        if (name.isEmpty())
            return Error(where + QStringLiteral(" has no name")).at(header.line, 0);
        if (seen.contains(name))
            return Error(where + QStringLiteral(": duplicate column name '%1'").arg(name))
                .at(header.line, 0);
        seen.insert(name);
    }
    return {};
}

} // namespace

Result<CsvTable> parseCsv(const QByteArray &bytes) {
    const qsizetype bad = prompt::invalidUtf8Offset(bytes);
    if (bad >= 0) {
        const prompt::SourcePosition p = prompt::TextIndex(bytes).position(bad);
        return Error(QStringLiteral("the file is not valid UTF-8")).at(p.line, p.column);
    }
    const qsizetype start = bytes.startsWith("\xEF\xBB\xBF") ? 3 : 0;
    CsvScanner scanner(bytes, start);
    CsvTable table;
    bool haveHeader = false;
    while (!scanner.atEnd()) {
        bool blank = false;
        auto record = scanner.readRecord(&blank);
        if (!record)
            return record.error();
        if (blank)
            continue;
        if (!haveHeader) {
            auto status = checkHeader(*record);
            if (!status)
                return status.error();
            for (const QString &name : record->fields)
                table.header.append(name.trimmed());
            haveHeader = true;
            continue;
        }
        if (record->fields.size() != table.header.size()) {
            const qsizetype n = record->fields.size();
            // Point at the first extra field, or at the last field of a short row.
            const int column = record->columns.at(std::min(n, table.header.size()) - 1
                                                  + (n > table.header.size() ? 1 : 0));
            return Error(QStringLiteral("row has %1 fields, the header has %2")
                             .arg(n)
                             .arg(table.header.size()))
                .at(record->line, column);
        }
        table.records.push_back(std::move(*record));
    }
    if (!haveHeader)
        return Error(QStringLiteral("the CSV file is empty: it needs a header row naming the "
                                    "columns"));
    return table;
}

} // namespace trellis::eval
