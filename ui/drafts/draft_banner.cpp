#include "draft_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>

namespace trellis::ui {

DraftBanner::DraftBanner(QWidget *parent)
    : QFrame(parent) {
    setObjectName(QStringLiteral("draftBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase); // the palette's "note" colour, light or dark
    setForegroundRole(QPalette::ToolTipText);
    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(24, 24));
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setForegroundRole(QPalette::ToolTipText);
    auto *restore = new QPushButton(tr("Restore"), this);
    restore->setObjectName(QStringLiteral("restoreDrafts"));
    auto *discard = new QPushButton(tr("Discard"), this);
    discard->setObjectName(QStringLiteral("discardDrafts"));
    connect(restore, &QPushButton::clicked, this, &DraftBanner::restoreRequested);
    connect(discard, &QPushButton::clicked, this, &DraftBanner::discardRequested);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(restore);
    layout->addWidget(discard);
    hide();
}

void DraftBanner::showDrafts(const QList<Draft> &drafts) {
    QStringList names;
    QDateTime newest;
    for (const Draft &d : drafts) {
        names << d.promptName;
        if (!newest.isValid() || d.savedAt > newest)
            newest = d.savedAt;
    }
    m_text->setText(tr("Trellis did not close cleanly last time. Unsaved changes to %1 were "
                       "kept (last saved %2).")
                        .arg(QLocale().createSeparatedList(names),
                             QLocale().toString(newest.toLocalTime(), QLocale::ShortFormat)));
    setVisible(!drafts.isEmpty());
}

} // namespace trellis::ui
