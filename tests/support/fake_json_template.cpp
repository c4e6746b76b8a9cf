#include "fake_json_template.h"

#include <cstring>

using nlohmann::json;

namespace trellis::testing {

namespace {

constexpr QByteArrayView kSlotOpen = "{\"bytes\":[],\"subtype\":";

} // namespace

json JsonTemplate::slot(int index) {
    return json::binary({}, std::uint8_t(index));
}

JsonTemplate::JsonTemplate(const json &document) {
    const std::string text = document.dump();
    const QByteArrayView all(text.data(), qsizetype(text.size()));
    qsizetype from = 0;
    for (;;) {
        const qsizetype at = all.indexOf(kSlotOpen, from);
        if (at < 0)
            break;
        const qsizetype digits = at + kSlotOpen.size();
        const qsizetype close = all.indexOf('}', digits);
        m_literals << all.sliced(from, at - from).toByteArray();
        m_slots << all.sliced(digits, close - digits).toInt();
        from = close + 1;
    }
    m_literals << all.sliced(from).toByteArray();
}

QByteArray JsonTemplate::fill(std::initializer_list<QByteArrayView> values) const {
    QByteArray out;
    appendTo(out, values);
    return out;
}

void JsonTemplate::appendTo(QByteArray &out, std::initializer_list<QByteArrayView> values,
                            QByteArrayView before, QByteArrayView after) const {
    auto value = [&](int slot) {
        return slot < int(values.size()) ? values.begin()[slot] : QByteArrayView("null");
    };
    qsizetype size = before.size() + after.size();
    for (const QByteArray &l : m_literals)
        size += l.size();
    for (const int s : m_slots)
        size += value(s).size();
    // Copied into place: QByteArray::append() costs more than the few bytes it moves.
    const qsizetype start = out.size();
    out.resize(start + size);
    char *p = out.data() + start;
    auto put = [&p](QByteArrayView bytes) {
        if (!bytes.isEmpty())
            std::memcpy(p, bytes.data(), size_t(bytes.size()));
        p += bytes.size();
    };
    put(before);
    for (qsizetype i = 0; i < m_slots.size(); ++i) {
        put(m_literals[i]);
        put(value(m_slots[i]));
    }
    put(m_literals.last());
    put(after);
}

QByteArray jsonStringLiteral(QStringView text) {
    // Printable ASCII, the usual reply text, is copied as is without converting first.
    QByteArray out(text.size() + 2, Qt::Uninitialized);
    char *p = out.data();
    *p++ = '"';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u >= 0x80 || u == u'"' || u == u'\\') {
            p = nullptr;
            break;
        }
        *p++ = char(u);
    }
    if (p != nullptr) {
        *p = '"';
        return out;
    }
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        // Anything nlohmann escapes: take its own dump rather than re-implement its escaping.
        if (uchar(c) < 0x20 || c == '"' || c == '\\')
            return QByteArray::fromStdString(json(utf8.toStdString()).dump());
    }
    out.clear();
    out.reserve(utf8.size() + 2);
    return out.append('"').append(utf8).append('"');
}

} // namespace trellis::testing
