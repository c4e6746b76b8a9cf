#include "inspector_dock.h"

#include <QLabel>
#include <QStackedWidget>

namespace trellis::ui {

InspectorDock::InspectorDock(QWidget *parent)
    : QDockWidget(tr("Inspector"), parent)
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(m_stack)) {
    setObjectName(QStringLiteral("inspectorDock"));
    setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable
                | QDockWidget::DockWidgetClosable);
    m_stack->setObjectName(QStringLiteral("inspectorStack"));
    m_empty->setObjectName(QStringLiteral("inspectorEmptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setTextFormat(Qt::RichText);
    m_empty->setMargin(16);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_empty);
    setWidget(m_stack);
}

void InspectorDock::showPage(QWidget *page) {
    if (!page) {
        m_stack->setCurrentWidget(m_empty);
        return;
    }
    if (m_stack->indexOf(page) < 0)
        m_stack->addWidget(page);
    page->show();
    m_stack->setCurrentWidget(page);
}

void InspectorDock::showEmpty(const QString &html) {
    m_empty->setText(html);
    m_stack->setCurrentWidget(m_empty);
}

QWidget *InspectorDock::currentPage() const {
    QWidget *current = m_stack->currentWidget();
    return current == m_empty ? nullptr : current;
}

int InspectorDock::pageCount() const {
    return m_stack->count() - 1;
}

} // namespace trellis::ui
