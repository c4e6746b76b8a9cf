#include "run_format.h"

#include "runtime/output_validation.h"

#include <QJsonDocument>
#include <QLocale>

namespace trellis::ui {

QString formatCost(std::optional<double> usd) {
    if (!usd)
        return QStringLiteral("—");
    if (*usd == 0)
        return QStringLiteral("$0");
    // Single runs cost fractions of a cent: show enough digits to tell them apart.
    return QStringLiteral("$") + QString::number(*usd, 'f', *usd < 0.01 ? 6 : 4);
}

QString formatMs(std::optional<double> ms) {
    if (!ms)
        return QStringLiteral("—");
    if (*ms >= 10000)
        return QString::number(*ms / 1000.0, 'f', 1) + QStringLiteral(" s");
    return QString::number(*ms, 'f', 0) + QStringLiteral(" ms");
}

QString formatTokens(qint64 input, qint64 output) {
    const QLocale locale;
    return QStringLiteral("%1 in / %2 out").arg(locale.toString(input), locale.toString(output));
}

QString prettyIfJson(const QString &text) {
    const QString inner = runtime::stripCodeFence(text);
    if (!inner.startsWith(u'{') && !inner.startsWith(u'['))
        return text;
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(inner.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        return text;
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace trellis::ui
