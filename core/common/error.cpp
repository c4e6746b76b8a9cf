#include "common/error.h"

namespace trellis {

QString Error::toString() const {
    QString out;
    if (!file.isEmpty())
        out += file + QLatin1Char(':');
    if (line > 0) {
        out += QString::number(line) + QLatin1Char(':');
        if (column > 0)
            out += QString::number(column) + QLatin1Char(':');
    }
    if (!out.isEmpty())
        out += QLatin1Char(' ');
    if (!field.isEmpty())
        out += field + QStringLiteral(": ");
    out += message;
    return out;
}

} // namespace trellis
