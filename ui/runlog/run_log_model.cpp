#include "run_log_model.h"

#include "runner/run_format.h"
#include "store/run_repository.h"

#include <QApplication>
#include <QIcon>
#include <QLocale>
#include <QPalette>
#include <QStyle>

namespace trellis::ui {

RunLogModel::RunLogModel(store::Database &db, QObject *parent)
    : QAbstractTableModel(parent)
    , m_db(db) {}

trellis::Status RunLogModel::refresh(int limit) {
    store::RunFilter filter;
    filter.limit = limit;
    auto runs = store::RunRepository(m_db).recent(filter);
    if (!runs)
        return runs.error();
    beginResetModel();
    m_runs = std::move(*runs);
    endResetModel();
    return {};
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
    case Time:
        return QLocale().toString(run.startedAt.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
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
        return QApplication::style()->standardIcon(
            run.status == u"ok"          ? QStyle::SP_DialogApplyButton
            : run.status == u"cancelled" ? QStyle::SP_BrowserStop
                                         : QStyle::SP_MessageBoxWarning);
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
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Status:
        return tr("Status");
    case Prompt:
        return tr("Prompt");
    case Model:
        return tr("Model");
    case Tokens:
        return tr("Tokens in / out");
    case Cost:
        return tr("Cost");
    case Latency:
        return tr("Latency");
    case Time:
        return tr("Time");
    default:
        return {};
    }
}

} // namespace trellis::ui
