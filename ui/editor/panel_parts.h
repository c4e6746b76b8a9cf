#pragma once

#include <QString>

class QLabel;
class QScrollArea;
class QWidget;

namespace trellis::ui {

// The pieces the editor's panels share, so their empty states and scrolling look alike.

// A wrapped hint in the placeholder colour, shown where a list has nothing yet.
QLabel *emptyStateLabel(const QString &text, const QString &objectName, QWidget *parent);
// A frameless vertical scroll area around `content` that resizes it to its width.
QScrollArea *columnScrollArea(QWidget *content, QWidget *parent);

} // namespace trellis::ui
