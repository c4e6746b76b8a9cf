#include "main_window.h"

namespace trellis::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent) {
    setWindowTitle(QStringLiteral("Trellis"));
}

} // namespace trellis::ui
