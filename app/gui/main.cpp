// trellis: the desktop workbench. A thin main() over trellis_ui.
#include "main_window.h"

#include <QApplication>

int main(int argc, char **argv) {
    QApplication app(argc, argv);
    trellis::ui::MainWindow window;
    window.show();
    return app.exec();
}
