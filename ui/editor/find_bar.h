#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace trellis::ui {

// Ctrl+F: finds text in one editor (the one that had focus), wrapping around at the end.
// Enter finds the next match, Shift+Enter the previous one, Escape closes the bar.
class FindBar : public QWidget {
    Q_OBJECT
public:
    explicit FindBar(QWidget *parent = nullptr);

    void openFor(QPlainTextEdit *editor);
    // False when the text does not occur (the field turns red).
    bool findNext(bool backward = false);
    QLineEdit *field() const { return m_field; }

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QPointer<QPlainTextEdit> m_editor;
    QLineEdit *m_field = nullptr;
    QCheckBox *m_caseSensitive = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace trellis::ui
