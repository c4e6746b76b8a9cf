#include "run_log_panel.h"

#include "run_log_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace trellis::ui {

namespace {
constexpr int kSizingRows = 40;
} // namespace

RunLogPanel::RunLogPanel(RunLogModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model) {
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("runLogTable"));
    m_table->setModel(model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // Everything as wide as its content; the prompt name takes what is left.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RunLogModel::Prompt, QHeaderView::Stretch);
    // Columns fit the first and last rows, not every row read so far: a hidden table sizes
    // over all its rows, and each page fetched would add to that on the GUI thread.
    m_table->horizontalHeader()->setResizeContentsPrecision(kSizingRows);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT runActivated(index.data(RunLogModel::RunIdRole).toLongLong());
    });

    auto *empty =
        new QLabel(tr("<p><b>No runs yet.</b></p><p>Open a prompt and press <b>Run</b> "
                      "(Ctrl+Enter): every run lands here with its status, model, tokens, cost and "
                      "latency. Double-click a run to see its request and answer.</p>"),
                   this);
    empty->setObjectName(QStringLiteral("runLogEmpty"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    empty->setMargin(12);

    // Until the window has painted and read the newest runs (a big store must not delay it).
    auto *loading = new QLabel(tr("Loading recent runs…"), this);
    loading->setObjectName(QStringLiteral("runLogLoading"));
    loading->setAlignment(Qt::AlignCenter);
    loading->setEnabled(false); // the palette's disabled text: a placeholder, not content

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(loading);
    m_stack->addWidget(empty);
    m_stack->addWidget(m_table);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    connect(model, &QAbstractItemModel::modelReset, this, &RunLogPanel::updateEmptyState);
    updateEmptyState();
}

void RunLogPanel::updateEmptyState() {
    m_stack->setCurrentIndex(!m_model->isLoaded() ? 0 : m_model->rowCount() > 0 ? 2 : 1);
}

} // namespace trellis::ui
