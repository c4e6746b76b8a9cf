#pragma once

#include <QAbstractListModel>
#include <QString>

#include <vector>

namespace trellis::ui {

// Where a problem is and what it says, for the problems list of a prompt tab.
struct Problem {
    enum class Source { Message, Schema, Params, Variable };
    Source source = Source::Message;
    int index = -1; // message index for Source::Message
    QString where;  // "message 2 (user)", "output schema", "variable 'items'"
    QString message;
    int line = 0; // 1-based; 0 when unknown
    int column = 0;

    bool operator==(const Problem &) const = default;
};

// A flat list: one row per problem, "where: line:column: message". Rows are replaced as a
// whole; the list stays small (one per message at most, plus the schema and variables).
class ProblemsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Roles { SourceRole = Qt::UserRole + 1, IndexRole, LineRole, ColumnRole };

    using QAbstractListModel::QAbstractListModel;

    void setProblems(std::vector<Problem> problems);
    const std::vector<Problem> &problems() const { return m_problems; }
    const Problem *problemAt(const QModelIndex &index) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    std::vector<Problem> m_problems;
};

} // namespace trellis::ui
