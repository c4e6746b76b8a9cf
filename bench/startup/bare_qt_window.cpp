// The start-up benchmark's reference: the least a Qt Widgets application does to put a main
// window on screen (an empty QMainWindow of the workbench's size), with the same first-paint
// hook as trellis, so bench_startup shows what Trellis adds over bare Qt.
#include "startup/first_paint.h"

#include <QApplication>
#include <QMainWindow>

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(1280, 860);
    trellis::ui::exitAfterFirstPaintIfRequested(&window);
    window.show();
    return app.exec();
}
