#include "fake_json_template.h"

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
    const QByteArrayView *v = values.begin();
    qsizetype size = 0;
    for (const QByteArray &l : m_literals)
        size += l.size();
    for (const int s : m_slots)
        size += s < int(values.size()) ? v[s].size() : 4;
    QByteArray out;
    out.reserve(size);
    for (qsizetype i = 0; i < m_slots.size(); ++i) {
        out += m_literals[i];
        // A slot without a value stays valid JSON.
        out += m_slots[i] < int(values.size()) ? v[m_slots[i]] : QByteArrayView("null");
    }
    return out += m_literals.last();
}

QByteArray jsonText(QStringView text) {
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        // Anything nlohmann escapes: take its own dump rather than re-implement its escaping.
        if (uchar(c) < 0x20 || c == '"' || c == '\\')
            return QByteArray::fromStdString(json(utf8.toStdString()).dump());
    }
    QByteArray out;
    out.reserve(utf8.size() + 2);
    return out.append('"').append(utf8).append('"');
}

} // namespace trellis::testing
