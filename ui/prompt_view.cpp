#include "prompt_view.h"

#include "version_html.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace trellis::ui {

PromptView::PromptView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_content(new QTextBrowser(this))
    , m_history(new QTreeWidget(this)) {
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
    connect(m_history, &QTreeWidget::itemSelectionChanged, this, &PromptView::showSelection);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_content);
    auto *historyBox = new QWidget(splitter);
    auto *historyLayout = new QVBoxLayout(historyBox);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    auto *historyLabel = new QLabel(tr("<b>History</b> &mdash; select two versions to compare"));
    historyLayout->addWidget(historyLabel);
    historyLayout->addWidget(m_history);
    splitter->addWidget(historyBox);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);
}

void PromptView::setHistory(std::vector<store::PromptVersion> versions) {
    m_versions = std::move(versions);
    m_name = m_versions.empty() ? QString() : m_versions.front().promptName;
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

int PromptView::selectedVersion() const {
    const auto items = m_history->selectedItems();
    return items.isEmpty() ? 0 : items.first()->data(0, Qt::UserRole).toInt();
}

const store::PromptVersion *PromptView::versionByNumber(int number) const {
    for (const auto &version : m_versions)
        if (version.number == number)
            return &version;
    return nullptr;
}

void PromptView::showSelection() {
    const auto items = m_history->selectedItems();
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
    if (numbers.size() == 1)
        showVersion(*first);
    else
        showComparison(*first, *last);
}

void PromptView::showVersion(const store::PromptVersion &version) {
    m_title->setText(titleHtml(version));
    m_content->setHtml(versionHtml(version));
}

void PromptView::showComparison(const store::PromptVersion &older,
                                const store::PromptVersion &newer) {
    m_title->setText(titleHtml(newer));
    m_content->setHtml(comparisonHtml(older, newer));
}

} // namespace trellis::ui
