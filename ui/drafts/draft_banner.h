#pragma once

#include "draft_store.h"

#include <QFrame>

class QLabel;

namespace trellis::ui {

// Shown above the editors when the previous session left drafts behind (it crashed or was
// killed): what was kept, with Restore and Discard.
class DraftBanner : public QFrame {
    Q_OBJECT
public:
    explicit DraftBanner(QWidget *parent = nullptr);
    void showDrafts(const QList<Draft> &drafts);

Q_SIGNALS:
    void restoreRequested();
    void discardRequested();

private:
    QLabel *m_text = nullptr;
};

} // namespace trellis::ui
