#include "run_log_model.h"

#include "runner/run_format.h"
#include "startup/startup_clock.h"
#include "store/run_repository.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QPalette>
#include <QScopedValueRollback>
#include <QStyle>

#include <iterator>

namespace trellis::ui {

RunLogModel::RunLogModel(store::Database &db, QObject *parent)
    : QAbstractTableModel(parent)
    , m_db(db) {}

Result<std::vector<store::RunRecord>> RunLogModel::readPage(bool after) const {
    store::RunFilter filter;
    filter.limit = m_pageSize;
    if (after && !m_runs.empty())
        filter.before = store::RunCursor{m_runs.back().startedAt, m_runs.back().id};
    return store::RunRepository(m_db).recentSummaries(filter);
}

trellis::Status RunLogModel::refresh() {
    auto runs = readPage(false);
    if (!runs)
        return runs.error();
    const QScopedValueRollback busy(m_busy, true);
    beginResetModel();
    m_runs = std::move(*runs);
    m_loaded = true;
    m_atEnd = int(m_runs.size()) < m_pageSize;
    endResetModel(); // the views lay the page out in here
    startupMark("run log page read and laid out");
    return {};
}

void RunLogModel::setPageSize(int rows) {
    m_pageSize = qMax(1, rows);
}

bool RunLogModel::canFetchMore(const QModelIndex &parent) const {
    // Not from inside our own change notifications: a view (or QAbstractItemModelTester)
    // fetching there would read the page being inserted a second time.
    return !parent.isValid() && m_loaded && !m_atEnd && !m_busy;
}

void RunLogModel::fetchMore(const QModelIndex &parent) {
    if (!canFetchMore(parent))
        return;
    auto runs = readPage(true);
    if (!runs) {
        m_atEnd = true; // a view would otherwise ask again on every scroll
        Q_EMIT readFailed(runs.error().toString());
        return;
    }
    m_atEnd = int(runs->size()) < m_pageSize;
    if (runs->empty())
        return;
    const QScopedValueRollback busy(m_busy, true);
    const int first = rowCount();
    beginInsertRows({}, first, first + int(runs->size()) - 1);
    m_runs.insert(m_runs.end(), std::make_move_iterator(runs->begin()),
                  std::make_move_iterator(runs->end()));
    endInsertRows();
}

void RunLogModel::setPromptNames(QHash<qint64, QString> names) {
    m_promptNames = std::move(names);
    if (!m_runs.empty())
        Q_EMIT dataChanged(index(0, Prompt), index(rowCount() - 1, Prompt), {Qt::DisplayRole});
}

const store::RunRecord *RunLogModel::runAt(int row) const {
    return row >= 0 && row < rowCount() ? &m_runs[std::size_t(row)] : nullptr;
}

int RunLogModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunLogModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunLogModel::display(const store::RunRecord &run, int column) const {
    switch (column) {
    case Status:
        return run.cacheHit && run.status == u"ok" ? tr("ok (cached)") : run.status;
    case Prompt:
        return run.promptId ? m_promptNames.value(run.promptId, tr("#%1").arg(run.promptId))
                            : tr("(unsaved)");
    case Model:
        return run.provider.isEmpty() ? run.model : run.provider + u':' + run.model;
    case Tokens: {
        const QLocale locale;
        return QStringLiteral("%1 / %2").arg(locale.toString(run.inputTokens),
                                             locale.toString(run.outputTokens));
    }
    case Cost:
        return formatCost(run.costUsd);
    case Latency:
        return formatMs(run.latencyMs);
    case Time: {
        // Today's runs by their time, older ones by their date too.
        const QDateTime local = run.startedAt.toLocalTime();
        if (local.date() == QDate::currentDate())
            return QLocale().toString(local.time(), QLocale::ShortFormat);
        return QLocale().toString(local, QLocale::ShortFormat);
    }
    default:
        return {};
    }
}

QIcon RunLogModel::statusIcon(const QString &status) const {
    // One icon per status, made once: the style builds each from image files, and a view
    // sizing its columns asks for every row's icon (that alone once took 250 ms for 200 rows).
    const QStyle::StandardPixmap pixmap = status == u"ok"          ? QStyle::SP_DialogApplyButton
                                          : status == u"cancelled" ? QStyle::SP_BrowserStop
                                                                   : QStyle::SP_MessageBoxWarning;
    auto cached = m_icons.constFind(int(pixmap));
    if (cached == m_icons.cend())
        cached = m_icons.insert(int(pixmap), QApplication::style()->standardIcon(pixmap));
    return *cached;
}

QVariant RunLogModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::RunRecord &run = m_runs[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(run, index.column());
    case Qt::ToolTipRole:
        return run.error.isEmpty() ? QVariant() : QVariant(run.error);
    case Qt::DecorationRole:
        if (index.column() != Status)
            return {};
        return statusIcon(run.status);
    case Qt::TextAlignmentRole:
        if (index.column() == Cost || index.column() == Latency || index.column() == Tokens)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case RunIdRole:
        return run.id;
    default:
        return {};
    }
}

QVariant RunLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    static const char *const kTitles[ColumnCount] = {
        QT_TR_NOOP("Status"), QT_TR_NOOP("Prompt"),
        QT_TR_NOOP("Model"),  QT_TR_NOOP("Tokens in / out"),
        QT_TR_NOOP("Cost"),   QT_TR_NOOP("Latency"),
        QT_TR_NOOP("Time")};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0
        || section >= ColumnCount)
        return {};
    return tr(kTitles[section]);
}

} // namespace trellis::ui
