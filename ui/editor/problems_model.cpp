#include "problems_model.h"

#include <QApplication>
#include <QStyle>

namespace trellis::ui {

void ProblemsModel::setProblems(std::vector<Problem> problems) {
    if (problems == m_problems)
        return;
    beginResetModel();
    m_problems = std::move(problems);
    endResetModel();
}

const Problem *ProblemsModel::problemAt(const QModelIndex &index) const {
    // Quietly null for foreign or stale indexes (checkIndex would log a warning).
    if (!index.isValid() || index.model() != this || index.parent().isValid() ||
        index.row() >= int(m_problems.size()) || index.column() != 0)
        return nullptr;
    return &m_problems[std::size_t(index.row())];
}

int ProblemsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_problems.size());
}

QVariant ProblemsModel::data(const QModelIndex &index, int role) const {
    const Problem *problem = problemAt(index);
    if (!problem)
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        const QString place = problem->line > 0
                                  ? QStringLiteral(" %1:%2").arg(problem->line).arg(problem->column)
                                  : QString();
        // The engine's messages may carry an excerpt with a caret on further lines: the
        // list shows the first line, the tooltip all of it.
        return QStringLiteral("%1%2 — %3")
            .arg(problem->where, place, problem->message.section(QLatin1Char('\n'), 0, 0));
    }
    case Qt::ToolTipRole:
        return problem->message;
    case Qt::DecorationRole:
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    case SourceRole:
        return int(problem->source);
    case IndexRole:
        return problem->index;
    case LineRole:
        return problem->line;
    case ColumnRole:
        return problem->column;
    default:
        return {};
    }
}

} // namespace trellis::ui
