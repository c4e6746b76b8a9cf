#pragma once

#include <QMainWindow>

namespace trellis::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace trellis::ui
