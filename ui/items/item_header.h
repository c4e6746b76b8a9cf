#pragma once

#include <QString>
#include <QStringList>

class QLabel;
class QWidget;

namespace trellis::ui {

// The title block the read-only item tabs (workflow, dataset, experiment) share: the item's
// name large, then one line per fact. `facts` are plain text; they are escaped here.
QLabel *itemHeader(const QString &title, const QStringList &facts, QWidget *parent);

// The key a tab of a read-only item carries, so activating the same item again switches to it.
inline const char *const kItemKeyProperty = "trellisItemKey";

} // namespace trellis::ui
