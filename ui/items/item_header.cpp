#include "item_header.h"

#include <QLabel>

namespace trellis::ui {

QLabel *itemHeader(const QString &title, const QStringList &facts, QWidget *parent) {
    QString html =
        QStringLiteral("<p style='font-size:large'><b>%1</b></p><p>").arg(title.toHtmlEscaped());
    QStringList lines;
    for (const QString &fact : facts)
        if (!fact.isEmpty())
            lines << fact.toHtmlEscaped();
    html += lines.join(QStringLiteral("<br>")) + QStringLiteral("</p>");
    auto *label = new QLabel(html, parent);
    label->setObjectName(QStringLiteral("itemHeader"));
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace trellis::ui
