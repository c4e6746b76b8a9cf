#include "history_panel.h"

#include "comparison_window.h"
#include "version_html.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace trellis::ui {

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_content(new QTextBrowser(this))
    , m_history(new QTreeWidget(this))
    , m_restore(new QPushButton(tr("Restore"), this))
    , m_label(new QPushButton(tr("Set Label\u2026"), this))
    , m_popOut(new QPushButton(tr("Open in Window"), this)) {
    m_title->setObjectName(QStringLiteral("promptTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    m_content->setObjectName(QStringLiteral("versionContent"));
    m_content->setOpenLinks(false);

    m_history->setObjectName(QStringLiteral("versionHistory"));
    m_history->setHeaderLabels({tr("Version"), tr("Labels"), tr("Saved"), tr("Message")});
    m_history->setRootIsDecorated(false);
    m_history->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_history->setToolTip(tr("Select one version to read it, two to compare them"));
    m_history->header()->setStretchLastSection(true);
    connect(m_history, &QTreeWidget::itemSelectionChanged, this, &HistoryPanel::showSelection);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto *historyBox = new QWidget(splitter);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(
        new QLabel(tr("<b>History</b> &mdash; select two versions to compare"), historyBox));
    historyLayout->addWidget(m_history);
    // Acting on one version: restoring makes a new head with its content (history is never
    // rewritten); a label (production, staging, ...) moves to it.
    m_restore->setObjectName(QStringLiteral("restoreVersion"));
    m_restore->setToolTip(tr("Save a new version with the content of the selected one"));
    m_label->setObjectName(QStringLiteral("setLabel"));
    m_label->setToolTip(tr("Point a label such as production at the selected version"));
    connect(m_restore, &QPushButton::clicked, this,
            [this] { Q_EMIT restoreRequested(selectedVersion()); });
    connect(m_label, &QPushButton::clicked, this,
            [this] { Q_EMIT labelRequested(selectedVersion()); });
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_restore);
    actions->addWidget(m_label);
    actions->addStretch(1);
    actions->addWidget(m_popOut);
    historyLayout->addLayout(actions);
    splitter->addWidget(historyBox);
    auto *contentBox = new QWidget(splitter);
    auto *contentLayout = new QVBoxLayout(contentBox);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    m_popOut->setObjectName(QStringLiteral("openComparison"));
    m_popOut->setToolTip(tr("Read the version or the side-by-side comparison in a large, "
                            "resizable window"));
    m_popOut->setEnabled(false);
    connect(m_popOut, &QPushButton::clicked, this, [this] { openInWindow(); });
    contentLayout->addWidget(m_title);
    contentLayout->addWidget(m_content, 1);
    splitter->addWidget(contentBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    // A quarter of a laptop-sized side pane showed two and a half versions: the list keeps
    // room for five (the comparison below scrolls anyway).
    constexpr int kVisibleVersions = 5;
    m_history->setMinimumHeight(m_history->header()->sizeHint().height()
                                + kVisibleVersions * (m_history->fontMetrics().height() + 4)
                                + 2 * m_history->frameWidth());

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void HistoryPanel::setVersions(std::vector<store::PromptVersion> versions) {
    m_versions = std::move(versions);
    m_history->clear();
    for (const auto &version : m_versions) {
        auto *item = new QTreeWidgetItem(m_history);
        item->setText(0, QStringLiteral("@%1").arg(version.number));
        item->setData(0, Qt::UserRole, version.number);
        item->setText(1, version.labels.join(QStringLiteral(", ")));
        item->setText(2,
                      version.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        item->setText(3, version.message.split(QLatin1Char('\n')).first());
        item->setToolTip(3, version.message);
    }
    for (int column = 0; column < 3; ++column)
        m_history->resizeColumnToContents(column);
    if (m_history->topLevelItemCount() > 0)
        m_history->topLevelItem(0)->setSelected(true);
}

int HistoryPanel::selectedVersion() const {
    const auto items = m_history->selectedItems();
    return items.isEmpty() ? 0 : items.first()->data(0, Qt::UserRole).toInt();
}

void HistoryPanel::selectVersions(const QList<int> &numbers) {
    {
        const QSignalBlocker blocker(m_history);
        m_history->clearSelection();
        for (int i = 0; i < m_history->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = m_history->topLevelItem(i);
            if (numbers.contains(item->data(0, Qt::UserRole).toInt()))
                item->setSelected(true);
        }
    }
    showSelection();
}

ComparisonWindow *HistoryPanel::openInWindow() {
    ComparisonWindow *window = m_window.data();
    if (!window) {
        window = new ComparisonWindow(this);
        m_window = window;
    }
    window->showContent(m_caption, m_title->text(), m_html);
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

QString HistoryPanel::shownText() const {
    return m_content->toPlainText();
}

const store::PromptVersion *HistoryPanel::versionByNumber(int number) const {
    for (const auto &version : m_versions)
        if (version.number == number)
            return &version;
    return nullptr;
}

void HistoryPanel::showSelection() {
    const auto items = m_history->selectedItems();
    const bool one = items.size() == 1;
    m_label->setEnabled(one);
    m_restore->setEnabled(one && items.first() != m_history->topLevelItem(0));
    if (items.isEmpty())
        return;
    std::vector<int> numbers;
    for (const auto *item : items)
        numbers.push_back(item->data(0, Qt::UserRole).toInt());
    std::sort(numbers.begin(), numbers.end());
    const auto *first = versionByNumber(numbers.front());
    const auto *last = versionByNumber(numbers.back());
    if (!first || !last)
        return;
    m_title->setText(titleHtml(*last));
    m_html = numbers.size() == 1 ? versionHtml(*first) : comparisonHtml(*first, *last);
    m_content->setHtml(m_html);
    m_caption =
        numbers.size() == 1
            ? tr("%1 @%2").arg(last->promptName).arg(last->number)
            : tr("%1: @%2 \u2192 @%3").arg(last->promptName).arg(first->number).arg(last->number);
    m_popOut->setEnabled(true);
    if (ComparisonWindow *window = m_window.data(); window && window->isVisible())
        window->showContent(m_caption, m_title->text(), m_html);
    if (numbers.size() > 1)
        Q_EMIT comparisonShown();
}

} // namespace trellis::ui
