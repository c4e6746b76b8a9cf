#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QStringView>

#include <initializer_list>
#include <nlohmann/json.hpp>

namespace trellis::testing {

// A JSON document dumped once with placeholders and then filled with raw JSON text per use.
// Building and dumping a nlohmann tree for every stream chunk was most of the fake server's
// CPU; the document's shape still comes from nlohmann (same key order, same escaping), so the
// filled text is byte for byte what dumping the whole document would give.
class JsonTemplate {
public:
    // The placeholder for slot `index` (0, 1, ...). A binary value: it dumps as
    // {"bytes":[],"subtype":N}, which no string, number or key of the document can produce.
    static nlohmann::json slot(int index);

    explicit JsonTemplate(const nlohmann::json &document);

    // The document with each slot i replaced by values[i] (raw JSON text, e.g.
    // jsonStringLiteral()); a slot without a value becomes null.
    QByteArray fill(std::initializer_list<QByteArrayView> values) const;
    // The same, appended to `out` after `before` and followed by `after` in one allocation.
    void appendTo(QByteArray &out, std::initializer_list<QByteArrayView> values,
                  QByteArrayView before = {}, QByteArrayView after = {}) const;

private:
    QList<QByteArray> m_literals; // the text around the slots: one more than m_slots
    QList<int> m_slots;           // slot index of each placeholder in document order
};

// `text` as a JSON string literal, exactly as nlohmann's dump() writes it.
QByteArray jsonStringLiteral(QStringView text);

} // namespace trellis::testing
