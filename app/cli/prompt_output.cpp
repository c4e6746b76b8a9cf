#include "prompt_output.h"

#include "prompt/prompt_json.h"

namespace trellis::cli {

namespace {

std::string utf8(const QString &text) {
    return text.toStdString();
}

} // namespace

nlohmann::json stringList(const QStringList &list) {
    nlohmann::json out = nlohmann::json::array();
    for (const QString &item : list)
        out.push_back(utf8(item));
    return out;
}

std::string isoTime(const QDateTime &time) {
    return utf8(time.toUTC().toString(Qt::ISODateWithMs));
}

QString shortTime(const QDateTime &time) {
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString versionTag(int number, const QString &hash) {
    return QStringLiteral("@%1 (%2)").arg(number).arg(hash.left(7));
}

QString versionTag(const store::PromptVersion &version) {
    return versionTag(version.number, version.hash);
}

nlohmann::json versionJson(const store::PromptVersion &version, bool withSpec) {
    nlohmann::json out{
        {"prompt", utf8(version.promptName)},
        {"version", version.number},
        {"hash", utf8(version.hash)},
        {"parent", version.parentNumber > 0 ? nlohmann::json(version.parentNumber) : nullptr},
        {"message", utf8(version.message)},
        {"created_at", isoTime(version.createdAt)},
        {"labels", stringList(version.labels)},
    };
    if (version.restoredFromNumber > 0)
        out["restored_from"] = version.restoredFromNumber;
    if (withSpec)
        out["spec"] = prompt::toJson(version.spec);
    return out;
}

nlohmann::json summaryJson(const store::PromptSummary &summary) {
    return nlohmann::json{
        {"name", utf8(summary.name)},
        {"description", utf8(summary.description)},
        {"versions", summary.versionCount},
        {"head", summary.headNumber},
        {"head_hash", utf8(summary.headHash)},
        {"labels", stringList(summary.labels)},
        {"updated_at", isoTime(summary.updatedAt)},
    };
}

QString logLine(const QString &tag, const QDateTime &createdAt, const QString &message,
                const QStringList &labels, const QString &suffix) {
    QString line = QStringLiteral("%1  %2  %3")
                       .arg(tag, shortTime(createdAt), message.split(QLatin1Char('\n')).first());
    if (!labels.isEmpty())
        line += QStringLiteral("  [%1]").arg(labels.join(QStringLiteral(", ")));
    return line + suffix + QLatin1Char('\n');
}

QString formatTable(const QStringList &header, const QList<QStringList> &rows) {
    QList<qsizetype> widths;
    for (const QString &cell : header)
        widths.append(cell.size());
    for (const QStringList &row : rows)
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());

    auto line = [&](const QStringList &cells) -> QString {
        QString text;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            const bool last = i + 1 == cells.size();
            text += last ? cells[i] : cells[i].leftJustified(widths[i] + 2);
        }
        return text + QLatin1Char('\n');
    };
    QString out = line(header);
    for (const QStringList &row : rows)
        out += line(row);
    return out;
}

} // namespace trellis::cli
