#include "eval/simple_template.h"

#include <QStringList>

#include <cmath>

namespace trellis::eval {

QString jsString(const nlohmann::json &value) {
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    if (value.is_number_float()) {
        const double d = value.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15)
            return QString::number(qint64(d));
    }
    return QString::fromStdString(
        value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Result<QString> renderSimpleTemplate(const QString &source, const nlohmann::json &vars) {
    QString out;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype open = source.indexOf(u"{{", pos);
        if (open < 0) {
            out += source.mid(pos);
            return out;
        }
        const qsizetype close = source.indexOf(u"}}", open + 2);
        if (close < 0)
            return Error(QStringLiteral("'{{' at offset %1 is never closed with '}}'").arg(open));
        out += source.mid(pos, open - pos);
        const QString name = source.mid(open + 2, close - open - 2).trimmed();
        const nlohmann::json *value = &vars;
        for (const QString &part : name.split(u'.')) {
            const std::string key = part.toStdString();
            if (!value->is_object() || !value->contains(key))
                return Error(QStringLiteral("unknown variable '%1'").arg(name));
            value = &value->at(key);
        }
        out += jsString(*value);
        pos = close + 2;
    }
}

} // namespace trellis::eval
