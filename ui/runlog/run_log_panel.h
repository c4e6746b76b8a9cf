#pragma once

#include <QWidget>

class QStackedWidget;
class QTableView;

namespace trellis::ui {

class RunLogModel;

// The run log dock's contents: the table of recent runs, a loading note until the model has
// read them, or a note on how to make the first one. Double-click (or Enter) opens a run's details.
class RunLogPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunLogPanel(RunLogModel *model, QWidget *parent = nullptr);
    QTableView *table() const { return m_table; }

Q_SIGNALS:
    void runActivated(qint64 runId);

private:
    void updateEmptyState();

    RunLogModel *m_model;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace trellis::ui
